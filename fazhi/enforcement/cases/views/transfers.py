"""Pages of 两法衔接: the list, registering a transfer (``?case=<pk>`` from a case's page), a transfer's
record and recording the receiving organ's answer. Writes go through ``services/transfers.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.cases.forms_transfers import TransferFilterForm, TransferForm, TransferStatusForm
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer
from fazhi.enforcement.cases.services.transfers import (
    can_update_status,
    next_statuses,
    transfer_register,
    transfer_update_status,
)


def _fail(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


def case_url(case_id) -> str:
    """The case's page when the cases module routes one (it is another helper's)."""
    try:
        return reverse("enforcement_cases:detail", args=[case_id])
    except NoReverseMatch:
        return ""


class TransferListView(ScopedListView):
    """两法衔接: enforcement_cases:transfers."""

    model = JudicialTransfer
    template_name = "enforcement_cases/transfer_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = TransferFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            for name in ("target", "status"):
                if data[name]:
                    qs = qs.filter(**{name: data[name]})
            if data["year"]:
                qs = qs.filter(transferred_on__year=data["year"])
            if q := (data["q"] or "").strip():
                qs = qs.filter(
                    Q(party_name__icontains=q)
                    | Q(suspected_offence__icontains=q)
                    | Q(receiving_organ__icontains=q)
                )
        return qs.select_related("unit", "case")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, JudicialTransfer.scope_permission("add")),
        )
        return context


class TransferCreateView(ScopedViewMixin, generic.FormView):
    """登记移送; ``?case=<pk>`` prefills it from a case in the user's scope (404 otherwise)."""

    model = JudicialTransfer
    scope_action = "add"
    form_class = TransferForm
    template_name = "enforcement_cases/transfer_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
            self.case = self._case(request)
        return super().dispatch(request, *args, **kwargs)

    def _case(self, request):
        pk = request.POST.get("case") or request.GET.get("case")
        if not pk:
            return None
        try:
            return EnforcementCase.objects.restrict(request.user, "view").select_related("unit").get(pk=pk)
        except (EnforcementCase.DoesNotExist, ValidationError, ValueError) as exc:
            raise Http404(_("案件不存在或不在您的管辖范围内。")) from exc

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, case=self.case)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="登记两法衔接移送",
            case=self.case,
            case_url=case_url(self.case.pk) if self.case else "",
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = transfer_register(
                actor=self.request.user,
                case=self.case,
                unit=data.get("unit"),
                target=data["target"],
                receiving_organ=data["receiving_organ"],
                suspected_offence=data["suspected_offence"],
                party_name=data.get("party_name", ""),
                transferred_on=data["transferred_on"],
                feedback=data.get("feedback", ""),
            )
        except (ValidationError, ScopeViolation) as exc:
            _fail(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记移送。"))
        return HttpResponseRedirect(reverse("enforcement_cases:transfer-detail", args=[self.object.pk]))


class TransferDetailView(ScopedDetailView):
    model = JudicialTransfer
    template_name = "enforcement_cases/transfer_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "case")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = self.object
        may_change = (
            JudicialTransfer.objects.restrict(self.request.user, "change").filter(pk=transfer.pk).exists()
        )
        context.update(
            may_update=may_change and can_update_status(transfer),
            case_url=case_url(transfer.case_id) if transfer.case_id else "",
            feedback_lines=[line for line in transfer.feedback.splitlines() if line.strip()],
        )
        return context


class TransferStatusView(ScopedViewMixin, generic.DetailView):
    """登记办理情况: GET the form (a finished transfer says so), POST the service (refusal on the form)."""

    model = JudicialTransfer
    scope_action = "change"
    template_name = "enforcement_cases/transfer_status.html"

    def _form(self, data=None):
        return TransferStatusForm(data, choices=next_statuses(self.object) or None)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = TransferStatusForm(request.POST)
        if form.is_valid():
            try:
                transfer_update_status(actor=request.user, transfer=self.object, **form.cleaned_data)
            except (ValidationError, ScopeViolation) as exc:
                _fail(form, exc)
                conflict = getattr(exc, "code", None) == "invalid_transition"
                return self.render_to_response(
                    self.get_context_data(form=form), status=409 if conflict else 200
                )
            messages.success(request, _("已登记办理情况。"))
            return HttpResponseRedirect(reverse("enforcement_cases:transfer-detail", args=[self.object.pk]))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="登记办理情况", transfer=self.object, finished=not can_update_status(self.object), **kwargs
        )
