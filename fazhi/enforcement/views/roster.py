"""Pages of the roster: 执法主体 (list, create, edit, detail) and 执法人员 (the roster, create, edit, detail,
training hours, 申领)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.masking import mask_id_number
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.choices import CertificateKind, OfficerStatus
from fazhi.enforcement.forms import ApplyForm, BodyForm, OfficerFilterForm, OfficerForm, TrainingForm
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
    TrainingRecord,
)
from fazhi.enforcement.selectors import certificate_state, officers_assignable, usable_q
from fazhi.enforcement.services import certificate_apply, training_record_add
from fazhi.excel.export import ExcelExportMixin


def _fail(form, exc):
    if isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, _("超出您的管辖范围。"))


# --- bodies ----------------------------------------------------------------------------------------


class BodyListView(ScopedListView):
    model = EnforcementBody
    template_name = "enforcement/body_list.html"

    def refine_queryset(self, qs):
        officers = Count("officers", filter=Q(officers__status=OfficerStatus.ACTIVE))
        return (
            qs.select_related("unit")
            .annotate(officer_count=officers)
            .order_by("unit__path", "sort_order", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_add"] = has_permission_anywhere(
            self.request.user, EnforcementBody.scope_permission("add")
        )
        return context


class BodyCreateView(ScopedCreateView):
    model = EnforcementBody
    form_class = BodyForm
    template_name = "enforcement/form.html"
    extra_context = {"title": "新增执法主体"}

    def get_success_url(self):
        return reverse("enforcement:body-detail", args=[self.object.pk])


class BodyUpdateView(ScopedUpdateView):
    model = EnforcementBody
    form_class = BodyForm
    template_name = "enforcement/form.html"
    extra_context = {"title": "修改执法主体"}

    def get_success_url(self):
        return reverse("enforcement:body-detail", args=[self.object.pk])


class BodyDetailView(ScopedDetailView):
    model = EnforcementBody
    template_name = "enforcement/body_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officers = EnforcementOfficer.objects.restrict(self.request.user, "view").filter(body=self.object)
        today = timezone.localdate()
        context.update(
            officer_total=officers.filter(status=OfficerStatus.ACTIVE).count(),
            certified_total=officers_assignable(on=today, queryset=officers).count(),
            may_change=EnforcementBody.objects.restrict(self.request.user, "change")
            .filter(pk=self.object.pk)
            .exists(),
        )
        return context


# --- officers --------------------------------------------------------------------------------------


class OfficerListView(ExcelExportMixin, ScopedListView):
    """The roster (执法人员名册): enforcement:list."""

    model = EnforcementOfficer
    excel_register = "enforcement.officers"
    template_name = "enforcement/officer_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = OfficerFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        today = timezone.localdate()
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["status"]:
                qs = qs.filter(status=data["status"])
            if data["body"]:
                qs = qs.filter(body=data["body"])
            if data["certified"] == "yes":
                qs = officers_assignable(on=today, queryset=qs)
            elif data["certified"] == "no":
                qs = qs.exclude(pk__in=officers_assignable(on=today).values("pk"))
            if q := data["q"].strip():
                numbers = EnforcementCertificate.objects.filter(number__icontains=q).values("officer_id")
                qs = qs.filter(Q(name__icontains=q) | Q(pk__in=numbers))
        cards = EnforcementCertificate.objects.filter(number__gt="").order_by("-issued_on")
        return qs.select_related("unit", "body").prefetch_related(Prefetch("certificates", queryset=cards))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for officer in context["object_list"]:
            officer.masked_id = mask_id_number(officer.id_number)
            held = [c for c in officer.certificates.all() if c.kind == CertificateKind.ENFORCEMENT]
            officer.card = held[0] if held else None
            officer.card_state = certificate_state(held[0], today) if held else None
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, EnforcementOfficer.scope_permission("add")),
        )
        return context


class OfficerCreateView(ScopedCreateView):
    model = EnforcementOfficer
    form_class = OfficerForm
    template_name = "enforcement/form.html"
    extra_context = {"title": "新增执法人员"}

    def get_success_url(self):
        return reverse("enforcement:officer-detail", args=[self.object.pk])


class OfficerUpdateView(ScopedUpdateView):
    model = EnforcementOfficer
    form_class = OfficerForm
    template_name = "enforcement/form.html"
    extra_context = {"title": "修改执法人员信息"}

    def get_success_url(self):
        return reverse("enforcement:officer-detail", args=[self.object.pk])


class OfficerDetailView(ScopedDetailView):
    model = EnforcementOfficer
    template_name = "enforcement/officer_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, officer, today = self.request.user, self.object, timezone.localdate()
        certificates = list(
            EnforcementCertificate.objects.restrict(user, "view")
            .filter(officer=officer)
            .order_by("-applied_on", "-created_at")
        )
        for card in certificates:
            card.state = certificate_state(card, today)
        trainings = list(TrainingRecord.objects.restrict(user, "view").filter(officer=officer))
        hours = defaultdict(int)
        for record in trainings:
            hours[record.on.year] += record.hours
        may_change = EnforcementOfficer.objects.restrict(user, "change").filter(pk=officer.pk).exists()
        context.update(
            masked_id=mask_id_number(officer.id_number),
            certificates=certificates,
            trainings=trainings,
            hours_by_year=sorted(hours.items(), reverse=True),
            usable=EnforcementCertificate.objects.filter(
                usable_q(today), officer=officer, kind=CertificateKind.ENFORCEMENT
            ).exists(),
            may_change=may_change,
            may_apply=may_change and officer.status == OfficerStatus.ACTIVE,
        )
        return context


class _OfficerFormView(ScopedViewMixin, generic.DetailView):
    """GET: the form (always 200 for a user in scope); POST: the service, its refusal shown on the form."""

    model = EnforcementOfficer
    scope_action = "change"
    template_name = "enforcement/officer_step.html"
    form_class = None
    title = ""

    def refine_queryset(self, qs):
        return qs.select_related("unit", "body")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.form_class()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except (ValidationError, ScopeViolation) as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, officer=self.object, **kwargs)


class TrainingAddView(_OfficerFormView):
    form_class = TrainingForm
    title = "登记培训"

    def perform(self, data):
        training_record_add(actor=self.request.user, officer=self.object, **data)

    def get_success_url(self):
        return reverse("enforcement:officer-detail", args=[self.object.pk])


class CertificateApplyView(_OfficerFormView):
    form_class = ApplyForm
    title = "申领执法证件"

    def perform(self, data):
        self.certificate = certificate_apply(
            actor=self.request.user, officer=self.object, kind=data["kind"], applied_on=data["applied_on"]
        )

    def get_success_url(self):
        return reverse("enforcement:certificate-detail", args=[self.certificate.pk])
