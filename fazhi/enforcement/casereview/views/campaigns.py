"""Pages of a 评查活动: list, create, edit (草拟), draw, verify, complete, results and the .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation, has_permission_on_unit
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDeleteView, ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.casereview import sampling, services
from fazhi.enforcement.casereview.choices import CampaignStatus, SampleRule
from fazhi.enforcement.casereview.forms import CampaignEditForm, CampaignFilterForm, CampaignForm, DateForm
from fazhi.enforcement.casereview.models import CampaignUnit, ReviewCampaign, Rubric, SampledCase
from fazhi.enforcement.casereview.results_docx import docx_response, report_document
from fazhi.enforcement.casereview.results_xlsx import results_workbook, xlsx_response
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems
from fazhi.enforcement.casereview.views.common import case_url, fail


def _data(cleaned) -> services.CampaignData:
    return services.CampaignData(
        name=cleaned["name"],
        year=cleaned["year"],
        rubric=cleaned["rubric"],
        period_from=cleaned["period_from"],
        period_to=cleaned["period_to"],
        units=list(cleaned["units"]),
        sample_rule=cleaned["sample_rule"],
        sample_size=cleaned["sample_size"],
        sample_percent=cleaned.get("sample_percent"),
        sample_minimum=cleaned["sample_minimum"],
        note=cleaned.get("note", ""),
    )


def _sees_whole(user, campaign) -> bool:
    """Whether ``user`` is on the organiser's side (its unit in scope), not only a participating unit."""
    return has_permission_on_unit(user, ReviewCampaign.scope_permission("view"), campaign.unit)


def _can_change(user, campaign) -> bool:
    return ReviewCampaign.objects.restrict(user, "change").filter(pk=campaign.pk).exists()


class CampaignListView(ScopedListView):
    model = ReviewCampaign
    template_name = "casereview/campaign_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = CampaignFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["year"]:
                qs = qs.filter(year=data["year"])
            if data["status"]:
                qs = qs.filter(status=data["status"])
            if q := data["q"].strip():
                qs = qs.filter(name__icontains=q)
        return qs.select_related("unit", "rubric")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from django.db.models import Count, Q

        from fazhi.enforcement.casereview.choices import FileStatus

        ids = [c.pk for c in context["object_list"]]
        counts = {
            row["campaign_id"]: row
            for row in SampledCase.objects.restrict(self.request.user, "view")
            .filter(campaign_id__in=ids)
            .values("campaign_id")
            .annotate(files=Count("id"), finished=Count("id", filter=Q(status=FileStatus.FINISHED)))
        }
        for campaign in context["object_list"]:
            row = counts.get(campaign.pk, {})
            campaign.file_count = row.get("files", 0)
            campaign.finished_count = row.get("finished", 0)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            can_add=self._can_add(),
        )
        return context

    def _can_add(self) -> bool:
        from fazhi.core.scoping import has_permission_anywhere

        return has_permission_anywhere(self.request.user, ReviewCampaign.scope_permission("add"))


class CampaignCreateView(ScopedViewMixin, generic.FormView):
    model = ReviewCampaign
    scope_action = "add"
    form_class = CampaignForm
    template_name = "casereview/campaign_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("新建评查活动"), **kwargs)

    def form_valid(self, form):
        try:
            campaign = services.campaign_create(
                actor=self.request.user, unit=form.cleaned_data["unit"], data=_data(form.cleaned_data)
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            fail(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("评查活动已创建，确认参评单位和抽取规则后即可随机抽取案卷。"))
        return HttpResponseRedirect(reverse("casereview:detail", args=[campaign.pk]))


class CampaignDetailView(ScopedDetailView):
    model = ReviewCampaign
    template_name = "casereview/campaign_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "rubric", "drawn_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, user = self.object, self.request.user
        files = list(
            SampledCase.objects.restrict(user, "view")
            .filter(campaign=campaign)
            .select_related("case", "stratum__unit", "reviewer")
            .order_by("stratum__unit__sort_order", "stratum__unit__code", "position")
        )
        for f in files:
            f.case_url = case_url(f.case_id)
        can_change = _can_change(user, campaign)
        context.update(
            strata=CampaignUnit.objects.restrict(user, "view")
            .filter(campaign=campaign)
            .select_related("unit")
            .order_by("unit__sort_order", "unit__code"),
            files=files,
            can_change=can_change,
            # a participating unit sees its own rows only; the rubric belongs to the organiser's side
            participant_only=not _sees_whole(user, campaign),
            can_view_rubric=Rubric.objects.restrict(user, "view").filter(pk=campaign.rubric_id).exists(),
            can_draw=can_change and campaign.status == CampaignStatus.DRAFT,
            can_delete=campaign.status == CampaignStatus.DRAFT
            and ReviewCampaign.objects.restrict(user, "delete").filter(pk=campaign.pk).exists(),
            can_complete=can_change and campaign.status == CampaignStatus.REVIEWING,
            is_percent=campaign.sample_rule == SampleRule.PERCENT,
        )
        return context


class _CampaignFormView(ScopedViewMixin, generic.DetailView):
    """GET: the form or the confirmation (always 200 for a user in scope; a state that does not allow the
    step is said on the page); POST: the service, its refusal shown on the page, nothing written."""

    model = ReviewCampaign
    scope_action = "change"
    template_name = "casereview/campaign_step.html"
    form_class = DateForm
    title = ""
    allowed_states: tuple[str, ...] = ()

    def refine_queryset(self, qs):
        return qs.select_related("unit", "rubric")

    def make_form(self, data=None):
        return self.form_class(data)

    def page(self, form, status=200):
        campaign = self.object
        allowed = campaign.status in self.allowed_states
        refusal = (
            ""
            if allowed
            else _("评查活动当前状态为“%(state)s”，不能%(step)s。")
            % {"state": campaign.get_status_display(), "step": self.title}
        )
        context = self.get_context_data(
            form=form, allowed=allowed, refusal=refusal, title=self.title, campaign=campaign, **self.extra()
        )
        return self.render_to_response(context, status=status)

    def extra(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.page(self.make_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except (ValidationError, ScopeViolation, PermissionDenied) as exc:
                fail(form, exc)
            else:
                messages.success(request, self.done_message)
                return HttpResponseRedirect(self.get_success_url())
        return self.page(form, status=400)

    def get_success_url(self):
        return reverse("casereview:detail", args=[self.object.pk])


class CampaignEditView(_CampaignFormView):
    title = _("修改评查活动")
    form_class = CampaignEditForm
    template_name = "casereview/campaign_form.html"
    allowed_states = (CampaignStatus.DRAFT,)
    done_message = _("已保存。")

    def make_form(self, data=None):
        campaign = self.object
        initial = {
            "name": campaign.name,
            "year": campaign.year,
            "rubric": campaign.rubric_id,
            "period_from": campaign.period_from,
            "period_to": campaign.period_to,
            "units": list(campaign.strata.values_list("unit_id", flat=True)),
            "sample_rule": campaign.sample_rule,
            "sample_size": campaign.sample_size,
            "sample_percent": campaign.sample_percent,
            "sample_minimum": campaign.sample_minimum,
            "note": campaign.note,
        }
        return CampaignEditForm(data, initial=initial, user=self.request.user)

    def perform(self, data):
        services.campaign_update(actor=self.request.user, campaign=self.object, data=_data(data))


class _NoFieldsForm(DateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["on"]


class CampaignDrawView(_CampaignFormView):
    title = _("随机抽取案卷")
    form_class = _NoFieldsForm
    allowed_states = (CampaignStatus.DRAFT,)
    done_message = _("已随机抽取案卷，种子和每个单位的候选清单摘要已记录。")

    def extra(self):
        campaign = self.object
        if campaign.status != CampaignStatus.DRAFT:
            return {}
        preview = []
        for stratum in campaign.strata.select_related("unit").order_by("unit__sort_order", "unit__code"):
            count = len(sampling.candidate_ids(campaign, stratum.unit))
            required = sampling.required_size(campaign, count)
            preview.append(
                {"unit": stratum.unit, "count": count, "required": required, "take": min(count, required)}
            )
        return {"preview": preview, "explain": sampling.__doc__}

    def perform(self, data):
        services.campaign_draw(actor=self.request.user, campaign=self.object)


class CampaignCompleteView(_CampaignFormView):
    title = _("完成评查")
    allowed_states = (CampaignStatus.REVIEWING,)
    done_message = _("评查活动已完成。")

    def perform(self, data):
        services.campaign_complete(actor=self.request.user, campaign=self.object, on=data["on"])


class CampaignVerifyView(ScopedDetailView):
    """Anyone who can see the campaign can re-derive its sample from the recorded seed."""

    model = ReviewCampaign
    template_name = "casereview/campaign_verify.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checks = services.campaign_verify(campaign=self.object, user=self.request.user)
        context.update(
            checks=checks,
            consistent=bool(checks) and all(c.consistent for c in checks),
            explain=sampling.__doc__,
        )
        return context


class CampaignResultsView(ScopedDetailView):
    model = ReviewCampaign
    template_name = "casereview/campaign_results.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "rubric")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows, total = campaign_results(self.object, user)
        context.update(
            rows=rows,
            total=total,
            problems=common_problems(self.object, user=user),
            can_change=_can_change(user, self.object),
            participant_only=not _sees_whole(user, self.object),
        )
        return context


class CampaignExportView(ScopedDetailView):
    """Results and common problems as .xlsx, audited."""

    model = ReviewCampaign
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        content = results_workbook(campaign, request.user)
        audit_record(
            actor=request.user, action=AuditAction.EXPORT, obj=campaign, note=_("导出评查结果（Excel）")
        )
        return xlsx_response(content, f"{campaign.name}-评查结果.xlsx")


class CampaignReportView(ScopedDetailView):
    """The 评查情况通报 draft as .docx, audited: the organiser's document, so it needs ``change`` (a
    participating unit reads its own results on the results page and in the .xlsx)."""

    model = ReviewCampaign
    scope_action = "change"
    http_method_names = ["get"]

    def refine_queryset(self, qs):
        return qs.select_related("unit", "rubric")

    def get(self, request, *args, **kwargs):
        campaign = self.get_object()
        content = report_document(campaign)
        audit_record(
            actor=request.user, action=AuditAction.EXPORT, obj=campaign, note=_("导出评查情况通报（Word）")
        )
        return docx_response(content, f"{campaign.name}-情况通报.docx")


class CampaignDeleteView(ScopedDeleteView):
    """删除 a 草拟 campaign (services.campaign_delete refuses any other, with its reason)."""

    model = ReviewCampaign
    template_name = "casereview/campaign_confirm_delete.html"

    def form_valid(self, form):
        try:
            services.campaign_delete(actor=self.request.user, campaign=self.object)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(self.request, "；".join(getattr(exc, "messages", [str(exc)])))
            return HttpResponseRedirect(reverse("casereview:detail", args=[self.object.pk]))
        messages.success(self.request, _("评查活动“%(name)s”已删除。") % {"name": self.object.name})
        return HttpResponseRedirect(reverse("casereview:list"))
