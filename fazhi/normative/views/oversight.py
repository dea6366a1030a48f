"""Staff pages of cleanup campaigns (清理), filing reviews (备案审查), pre-expiry evaluations and the import
of existing documents. Every page reads through the scoped base views; every write calls one service."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout
from fazhi.normative import validity
from fazhi.normative.choices import IN_FORCE, CampaignStatus, FilingResult
from fazhi.normative.forms.oversight import (
    CampaignForm,
    CampaignPublishForm,
    CleanupDecisionForm,
    EvaluationForm,
    FilingDecisionForm,
    FilingFilterForm,
    FilingReviewForm,
    ImportForm,
)
from fazhi.normative.models import CleanupCampaign, CleanupItem, FilingReview, NormativeDocument
from fazhi.normative.services.campaigns import (
    campaign_counts,
    campaign_create,
    campaign_lists,
    campaign_publish,
    cleanup_decide,
)
from fazhi.normative.services.filing import filing_review_create, filing_review_decide, is_overdue
from fazhi.normative.services.validity import evaluation_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(form, exc: Exception):
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(exc) or _("不在您的管辖范围内。"))


class ScopedFormPage(ScopedViewMixin, generic.FormView):
    """A form page that creates something through a service (no object in the URL)."""

    scope_action = "add"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ScopedObjectFormPage(ScopedViewMixin, SingleObjectMixin, generic.FormView):
    """GET shows the object and the form; POST calls :meth:`act`. The object is read through
    ``restrict(user, scope_action)``: out of scope is 404 for both."""

    scope_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            url = self.act(form)
        except (ValidationError, ScopeViolation) as exc:
            _refusal(form, exc)
            return self.form_invalid(form)
        except ObjectDoesNotExist:  # the service's own scope check: the same answer as a missing record
            raise Http404 from None
        return HttpResponseRedirect(url)

    def act(self, form) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


# --- cleanup campaigns ---------------------------------------------------------------------------


class CampaignListView(ScopedListView):
    model = CleanupCampaign
    template_name = "normative/oversight/campaign_list.html"
    paginate_by = 30

    def refine_queryset(self, qs):
        return (
            qs.select_related("unit")
            .annotate(total=Count("items"), undecided=Count("items", filter=Q(items__decision="")))
            .order_by("-started_on", "name")
        )


class CampaignCreateView(ScopedFormPage):
    model = CleanupCampaign
    form_class = CampaignForm
    template_name = "normative/oversight/campaign_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                actor=self.request.user,
                unit=data["unit"],
                name=data["name"],
                started_on=data["started_on"],
                organ=data["organ"],
                kinds=data["kinds"],
                issued_before=data["issued_before"],
                issued_after=data["issued_after"],
            )
        except (ValidationError, ScopeViolation) as exc:
            _refusal(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("已建立清理工作，纳入 %(n)s 件文件。") % {"n": campaign.items.count()}
        )
        return HttpResponseRedirect(reverse("normative:campaign-detail", args=[campaign.pk]))


class CampaignDetailView(ScopedDetailView):
    model = CleanupCampaign
    template_name = "normative/oversight/campaign_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        items = campaign.items.select_related("document", "document__unit", "reviewer").order_by(
            "decision", "document__published_on"
        )
        context.update(
            items=items,
            counts=campaign_counts(campaign),
            lists=campaign_lists(campaign) if campaign.status == CampaignStatus.PUBLISHED else [],
            is_open=campaign.status == CampaignStatus.OPEN,
        )
        return context


class CleanupDecideView(ScopedObjectFormPage):
    model = CleanupItem
    form_class = CleanupDecisionForm
    template_name = "normative/oversight/cleanup_decide.html"

    def refine_queryset(self, qs):
        return qs.select_related("campaign", "document", "document__unit")

    def get_initial(self):
        item = self.object
        return {
            "decision": item.decision,
            "reason": item.reason,
            "decided_on": item.decided_on or timezone.localdate(),
        }

    def act(self, form) -> str:
        data = form.cleaned_data
        cleanup_decide(
            actor=self.request.user,
            item=self.object,
            decision=data["decision"],
            reason=data["reason"],
            on=data["decided_on"],
        )
        messages.success(self.request, _("已记录清理结论。"))
        return reverse("normative:campaign-detail", args=[self.object.campaign_id])


class CampaignPublishView(ScopedObjectFormPage):
    model = CleanupCampaign
    form_class = CampaignPublishForm
    template_name = "normative/oversight/campaign_publish.html"
    scope_action = "approve"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "counts": campaign_counts(self.object)}

    def act(self, form) -> str:
        campaign_publish(actor=self.request.user, campaign=self.object, on=form.cleaned_data["published_on"])
        messages.success(self.request, _("已公布清理结果，文件状态已按清理结论更新。"))
        return reverse("normative:campaign-detail", args=[self.object.pk])


def campaign_workbook(campaign: CleanupCampaign) -> bytes:
    """The campaign's lists, one sheet each (继续有效, 修改, 废止, 宣布失效)."""
    workbook = new_workbook()
    for _decision, heading, items in campaign_lists(campaign):
        sheet = add_sheet(workbook, heading[:31])
        set_layout(sheet, (6, 60, 24, 30, 12, 50))
        sheet.append(header_cells(sheet, ["序号", "文件名称", "文号", "制定机关", "公布日期", "理由"]))
        sheet.write_rows(
            [
                n,
                item.document.title,
                item.document.document_number,
                item.document.unit.name,
                item.document.published_on,
                item.reason,
            ]
            for n, item in enumerate(items, 1)
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class CampaignExportView(ScopedDetailView):
    """The campaign's lists as .xlsx (decided items so far while the campaign is open), audited."""

    model = CleanupCampaign

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        content = campaign_workbook(campaign)
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            obj=campaign,
            note=_("导出清理结果目录（Excel）"),
        )
        return xlsx_response(content, f"{campaign.name}-清理结果.xlsx")


# --- filing reviews ------------------------------------------------------------------------------


class FilingListView(ScopedListView):
    model = FilingReview
    template_name = "normative/oversight/filing_list.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filter_form = FilingFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        qs = qs.select_related("unit", "document")
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["result"]:
                qs = qs.filter(result=data["result"])
            if data["overdue"]:
                qs = qs.filter(result=FilingResult.PENDING, due_on__lt=timezone.localdate())
            if data["q"]:
                qs = qs.filter(Q(title__icontains=data["q"]) | Q(filer_name__icontains=data["q"]))
        return qs.order_by("-received_on", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for review in context["object_list"]:
            review.overdue = is_overdue(review, today)
        context.update(filter_form=self.filter_form, querystring=self.request.GET.urlencode(), today=today)
        return context


class FilingCreateView(ScopedFormPage):
    model = FilingReview
    form_class = FilingReviewForm
    template_name = "normative/oversight/filing_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            review = filing_review_create(
                actor=self.request.user,
                unit=data["unit"],
                received_on=data["received_on"],
                filer_name=data["filer_name"],
                title=data["title"],
                document_number=data["document_number"],
                published_on=data["published_on"],
            )
        except (ValidationError, ScopeViolation) as exc:
            _refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记备案，审查期限至 %(due)s。") % {"due": review.due_on})
        return HttpResponseRedirect(reverse("normative:filing-detail", args=[review.pk]))


class FilingDetailView(ScopedDetailView):
    model = FilingReview
    template_name = "normative/oversight/filing_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "document", "reviewer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overdue=is_overdue(self.object), pending=self.object.result == FilingResult.PENDING)
        return context


class FilingDecideView(ScopedObjectFormPage):
    model = FilingReview
    form_class = FilingDecisionForm
    template_name = "normative/oversight/filing_decide.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "overdue": is_overdue(self.object)}

    def act(self, form) -> str:
        data = form.cleaned_data
        filing_review_decide(
            actor=self.request.user,
            review=self.object,
            result=data["result"],
            opinion=data["opinion"],
            on=data["reviewed_on"],
        )
        messages.success(self.request, _("已记录备案审查结果。"))
        return reverse("normative:filing-detail", args=[self.object.pk])


# --- evaluations -------------------------------------------------------------------------------


class EvaluationListView(ScopedViewMixin, generic.TemplateView):
    """Documents in force within their pre-expiry evaluation window, not yet evaluated."""

    model = NormativeDocument
    template_name = "normative/oversight/evaluation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        documents = validity.evaluation_candidates(self.get_queryset(), today)
        context.update(documents=documents, today=today)
        return context


class EvaluationRecordView(ScopedObjectFormPage):
    model = NormativeDocument
    form_class = EvaluationForm
    template_name = "normative/oversight/evaluation_form.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        document = self.object
        return {
            **super().get_context_data(**kwargs),
            "document": document,
            "in_force": document.status in IN_FORCE,
            "evaluation_due": validity.evaluation_due(document.expires_on) if document.expires_on else None,
        }

    def act(self, form) -> str:
        data = form.cleaned_data
        evaluation_record(
            actor=self.request.user,
            document=self.object,
            decision=data["decision"],
            on=data["evaluated_on"],
            note=data["note"],
        )
        messages.success(self.request, _("已记录有效期届满评估。"))
        return reverse("normative:evaluations")


# --- import ------------------------------------------------------------------------------------


class ImportView(ScopedFormPage):
    """The register .xlsx with the files it names (a .zip, or the .xlsx and the files), all or nothing."""

    model = NormativeDocument
    form_class = ImportForm
    template_name = "normative/oversight/import.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def form_valid(self, form):
        from fazhi.normative.importing import import_with_files

        result = import_with_files(
            actor=self.request.user, upload=form.cleaned_data["upload"], files=form.cleaned_data["files"]
        )
        if result.ok:
            messages.success(self.request, _("已导入 %(n)s 件规范性文件。") % {"n": result.saved})
            return HttpResponseRedirect(reverse("normative:import"))
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def get_context_data(self, **kwargs):
        from fazhi.excel.registers import get_register

        context = super().get_context_data(**kwargs)
        context["template_url"] = get_register("normative-documents").import_url() + "?template=1"
        return context
