"""Pages of the yearly report: list, create, the report, a section's narrative, steps, diff, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import generic

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page
from fazhi.reporting import rules
from fazhi.reporting.assemble import (
    FrozenResolver,
    document_for_report,
    paragraphs,
    report_drafts,
    resolver_for,
    todos,
)
from fazhi.reporting.blocks import draft_blocks, get_block
from fazhi.reporting.blocks._helpers import DraftContext
from fazhi.reporting.diffs import version_diff
from fazhi.reporting.forms import NarrativeForm, ReportCreateForm, ReportFilterForm, StepForm
from fazhi.reporting.models import AnnualReport, ReportSection, ReportVersion
from fazhi.reporting.rendering import paragraphs_html
from fazhi.reporting.selectors import calendar_state
from fazhi.reporting.services import can_step, report_create, run_step, section_redraft, section_save
from fazhi.reporting.workflows import REPORT_WORKFLOW

EXPORT_FORMATS = ("docx", "html", "pdf")


def report_url(report) -> str:
    return reverse("reporting:detail", args=[report.pk])


def _errors(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


class ReportListView(ScopedListView):
    model = AnnualReport
    template_name = "reporting/report_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = ReportFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            if form.cleaned_data["year"]:
                qs = qs.filter(year=form.cleaned_data["year"])
            if form.cleaned_data["status"]:
                qs = qs.filter(status=form.cleaned_data["status"])
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, AnnualReport.scope_permission("add")),
        )
        return context


class ReportCreateView(ScopedViewMixin, generic.FormView):
    model = AnnualReport
    scope_action = "add"
    template_name = "reporting/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ReportCreateForm(self.request.POST or None, user=self.request.user)

    def form_valid(self, form):
        try:
            report = report_create(
                actor=self.request.user, unit=form.cleaned_data["unit"], year=form.cleaned_data["year"]
            )
        except (ValidationError, ScopeViolation) as exc:
            form.add_error(None, _errors(exc))
            return self.form_invalid(form)
        messages.success(self.request, "已按提纲和现有数据起草报告初稿，请逐节修改。")
        return HttpResponseRedirect(report_url(report))


class ReportDetailView(ScopedDetailView):
    model = AnnualReport
    context_object_name = "report"
    template_name = "reporting/report_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        resolver = resolver_for(report)
        drafts = report_drafts(report)
        document = document_for_report(report)
        sections = list(report.sections.order_by("order"))
        numbers = [s.number for s in document.walk()]
        rows, index = [], 0
        for section in sections:
            number = ""
            if section.level:
                number = numbers[index] if index < len(numbers) else ""
                index += 1
            rows.append({"section": section, "number": number,
                         "html": paragraphs_html(paragraphs(section.narrative, resolver))})  # fmt: skip
        may_change = AnnualReport.objects.restrict(user, "change").filter(pk=report.pk).exists()
        steps = [t for t in REPORT_WORKFLOW if can_step(report, user, t.name)]
        context.update(
            rows=rows,
            todos=[] if isinstance(resolver, FrozenResolver) else todos(drafts, resolver),
            steps=steps,
            may_edit=may_change and report.status == "draft",
            versions=report.versions.select_related("author").order_by("-number"),
            calendar=calendar_state(user=user, unit=report.unit, year=report.year),
            export_formats=EXPORT_FORMATS,
            citation=rules.CITATION,
        )
        return context


class SectionEditView(ScopedViewMixin, generic.TemplateView):
    """Edit one section's narrative (reports in 起草中 only); 重新起草 replaces it with the blocks' draft."""

    model = ReportSection
    scope_action = "view"
    template_name = "reporting/section_form.html"

    def get_object(self):
        return get_object_or_404(
            self.get_queryset().select_related("report", "report__unit"), pk=self.kwargs["pk"]
        )

    def render_page(self, section, form, status=200):
        report = section.report
        suggestion = ""
        if section.blocks:
            context = DraftContext.for_unit_year(report.unit, report.year)
            suggestion = draft_blocks(section.blocks, context)
        blocks = [get_block(b) for b in section.blocks if get_block(b)]
        may_edit = (
            report.status == "draft"
            and AnnualReport.objects.restrict(self.request.user, "change").filter(pk=report.pk).exists()
        )
        return self.render_to_response(
            self.get_context_data(
                section=section,
                report=report,
                form=form,
                suggestion=suggestion,
                blocks=blocks,
                may_edit=may_edit,
            ),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        section = self.get_object()
        return self.render_page(section, NarrativeForm(initial={"narrative": section.narrative}))

    def post(self, request, *args, **kwargs):
        section = self.get_object()
        form = NarrativeForm(request.POST)
        if not form.is_valid():
            return self.render_page(section, form, status=400)
        try:
            if "redraft" in request.POST:
                version = section_redraft(actor=request.user, section=section)
            else:
                version = section_save(
                    actor=request.user, section=section, narrative=form.cleaned_data["narrative"],
                    note=form.cleaned_data["note"],
                )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
            return self.render_page(section, form, status=400)
        if version is None:
            messages.info(request, "正文没有变化，未生成新版本。")
        else:
            messages.success(request, f"已保存为第{version.number}版。")
        return HttpResponseRedirect(report_url(section.report) + f"#section-{section.pk}")


class ReportStepView(ScopedViewMixin, generic.View):
    """POST a transition (step=submit|review_pass|…, reason for a return)."""

    model = AnnualReport
    scope_action = "view"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        form = StepForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择要执行的操作。")
            return HttpResponseRedirect(report_url(report))
        name = form.cleaned_data["step"]
        try:
            run_step(actor=request.user, report=report, name=name, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request, f"已{REPORT_WORKFLOW[name].label}，报告现为“{report.get_status_display()}”。"
            )
        return HttpResponseRedirect(report_url(report))


class ReportDiffView(ScopedDetailView):
    """Two versions side by side, per section: ?a=<older number>&b=<newer number> (default: the last two)."""

    model = AnnualReport
    context_object_name = "report"
    template_name = "reporting/report_diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(
            ReportVersion.objects.restrict(self.request.user).filter(report=self.object).order_by("number")
        )
        by_number = {v.number: v for v in versions}

        def pick(name, default):
            try:
                return by_number[int(self.request.GET.get(name, ""))]
            except (ValueError, KeyError):
                return default

        newer = pick("b", versions[-1] if versions else None)
        older = pick("a", versions[-2] if len(versions) > 1 else newer)
        if older and newer and older.number > newer.number:
            older, newer = newer, older
        context.update(
            versions=versions, older=older, newer=newer,
            diffs=version_diff(older, newer) if older and newer else [],
        )  # fmt: skip
        return context


def render_output(document, fmt: str, **options):
    """The renderers (fazhi.reporting.output): (bytes, content type, file name)."""
    from fazhi.reporting.output import render

    return render(document, fmt, **options)


class ReportExportView(ScopedDetailView):
    """?format=docx|html|pdf — the report as a file (frozen figures once frozen); the download is audited."""

    model = AnnualReport

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        fmt = request.GET.get("format", "docx")
        if fmt not in EXPORT_FORMATS:
            raise Http404("不支持的导出格式。")
        options = {"base_url": request.build_absolute_uri("/").rstrip("/")} if fmt == "html" else {}
        try:
            data, content_type, filename = render_output(document_for_report(report), fmt, **options)
        except (ValidationError, RuntimeError, OSError) as exc:  # e.g. no LibreOffice for PDF on this server
            messages.error(request, f"无法导出 {fmt.upper()}：{_errors(exc)}")
            return HttpResponseRedirect(report_url(report))
        audit_record(actor=request.user, action=AuditAction.EXPORT, obj=report, note=f"导出 {fmt}")
        response = HttpResponse(data, content_type=content_type)
        if fmt != "html":
            response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
