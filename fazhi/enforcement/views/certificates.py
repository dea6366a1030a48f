"""Pages of the certificates: the list, a certificate's record with its QR code, and one form per step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.core.workflow import workflow_of
from fazhi.enforcement import rules
from fazhi.enforcement.forms import CertificateFilterForm
from fazhi.enforcement.models import CertificateEvent, EnforcementCertificate
from fazhi.enforcement.qr import qr_png, qr_svg, verification_url
from fazhi.enforcement.selectors import certificate_state
from fazhi.enforcement.steps import STEP_BY_SLUG, available_steps, step_allowed


class CertificateListView(ScopedListView):
    model = EnforcementCertificate
    template_name = "enforcement/certificate_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = CertificateFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            for name in ("kind", "status"):
                if data[name]:
                    qs = qs.filter(**{name: data[name]})
            if q := data["q"].strip():
                qs = qs.filter(Q(number__icontains=q) | Q(officer__name__icontains=q))
        return qs.select_related("officer", "officer__body", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for card in context["object_list"]:
            card.state = certificate_state(card, today)
        context.update(filter_form=self.filter_form, querystring=querystring_without_page(self.request))
        return context


class CertificateDetailView(ScopedDetailView):
    model = EnforcementCertificate
    template_name = "enforcement/certificate_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("officer", "officer__body", "unit", "previous")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        card, user, today = self.object, self.request.user, timezone.localdate()
        successor = EnforcementCertificate.objects.restrict(user, "view").filter(previous=card).first()
        context.update(
            state=certificate_state(card, today),
            steps=available_steps(card, user),
            events=CertificateEvent.objects.restrict(user, "view")
            .filter(certificate=card)
            .select_related("actor"),
            successor=successor,
            verify_url=verification_url(card, self.request) if card.number else "",
            qr=qr_svg(verification_url(card, self.request)).decode() if card.number else "",
            reminder_days=rules.reminder_days(),
        )
        return context


class CertificateQrView(ScopedDetailView):
    """The card's QR code for printing: SVG, or PNG with ``?format=png``; a download either way."""

    model = EnforcementCertificate
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        card = self.get_object()
        url = verification_url(card, request)
        if request.GET.get("format") == "png":
            response = HttpResponse(qr_png(url), content_type="image/png")
            ext = "png"
        else:
            response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
            ext = "svg"
        name = f"qr-{card.number or card.pk}.{ext}"
        response["Content-Disposition"] = (
            f"attachment; filename=\"qr.{ext}\"; filename*=UTF-8''{_quote(name)}"
        )
        response["Cache-Control"] = "private, no-store"
        return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class CertificateStepView(ScopedViewMixin, generic.DetailView):
    """GET: the step's form (for a state that does not allow it, the page says so, without the form);
    POST: the step's service — a refusal is shown on the form and nothing is written."""

    model = EnforcementCertificate
    scope_action = "view"
    step_slug = ""
    template_name = "enforcement/certificate_step.html"

    def refine_queryset(self, qs):
        return qs.select_related("officer", "officer__body", "unit")

    @property
    def step(self):
        try:
            return STEP_BY_SLUG[self.step_slug]
        except KeyError:
            raise Http404 from None

    def page(self, form, status=200):
        card = self.object
        allowed = step_allowed(self.step, card, self.request.user)
        refusal = ""
        if not allowed:
            refusal = _("当前状态为“%(state)s”，不能%(step)s，或您无权办理。") % {
                "state": workflow_of(card).label_of(card.status),
                "step": self.step.label,
            }
        context = self.get_context_data(
            step=self.step, form=form, allowed=allowed, refusal=refusal, certificate=card
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.page(self.step.form_class())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if (
            not EnforcementCertificate.objects.restrict(request.user, "change")
            .filter(pk=self.object.pk)
            .exists()
        ):
            raise PermissionDenied(_("您无权办理该证件。"))
        if not step_allowed(self.step, self.object, request.user):
            return self.page(self.step.form_class(request.POST), status=409)
        form = self.step.form_class(request.POST)
        if form.is_valid():
            try:
                result = self.step.perform(request.user, self.object, form.cleaned_data)
            except (ValidationError, ScopeViolation, PermissionDenied) as exc:
                form.add_error(
                    None,
                    exc.messages if isinstance(exc, ValidationError) else str(exc) or _("超出您的管辖范围。"),
                )
            else:
                messages.success(request, _("已办理：%(step)s。") % {"step": self.step.label})
                return HttpResponseRedirect(reverse("enforcement:certificate-detail", args=[result.pk]))
        return self.page(form, status=400)
