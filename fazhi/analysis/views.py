"""Pages: reports analysed, upload (analysed as a job), one report with its figures highlighted,
and the comparison of governments and years on chosen metrics."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.analysis.engine.catalog import label_of
from fazhi.analysis.engine.normalize import normalize
from fazhi.analysis.engine.similarity import shared_sentences
from fazhi.analysis.forms import UploadForm
from fazhi.analysis.models import AnalysedReport, ReportFigure, ReportSource
from fazhi.analysis.selectors import comparison_data
from fazhi.analysis.services import source_upload
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.jobs.services import job_enqueue

LEVELS = {"province": "省级", "city": "地市级", "county": "县级", "district": "区（县级）", "township": "乡镇级",
          "department": "部门", "": "未识别"}  # fmt: skip
PART_STATUS = {"present": "有", "merged": "并入其他部分", "missing": "缺"}
SEVERITY = {"ok": ("一致", "success"), "warning": ("注意", "warning"), "error": ("错误", "danger")}


class ReportListView(ScopedListView):
    model = AnalysedReport
    template_name = "analysis/report_list.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "source").order_by("government", "-year")


class UploadView(ScopedViewMixin, generic.FormView):
    model = ReportSource
    scope_action = "add"
    form_class = UploadForm
    template_name = "analysis/upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["scope_action"] = "add"
        return kwargs

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                source = source_upload(
                    actor=self.request.user,
                    unit=form.cleaned_data["unit"],
                    name=upload.name,
                    data=upload.read(),
                )
                job = job_enqueue(
                    actor=self.request.user,
                    kind="analysis.analyse",
                    unit=source.unit,
                    params={"source": str(source.pk)},
                )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("文件已上传，正在后台分析。"))
        return redirect("jobs:detail", job.pk)


def highlighted(report: AnalysedReport, figures):
    """The report's text with each figure's quote marked and the number in it emphasised
    (every piece of the report's text is escaped by format_html)."""
    text = report.text
    parts: list = []
    pos = 0
    for f in sorted(figures, key=lambda f: f.quote_start):
        if f.quote_start < pos:
            continue
        parts.append(text[pos : f.quote_start])
        css = "fz-fig-keyed" if f.keyed else "fz-fig-free"
        title = label_of(f.metric) if f.keyed else f.metric.removeprefix("other:")
        if f.quote_start <= f.start <= f.end <= f.quote_end:
            pieces = (text[f.quote_start : f.start], text[f.start : f.end], text[f.end : f.quote_end])
        else:
            pieces = (text[f.quote_start : f.quote_end], "", "")
        parts.append(
            format_html(
                '<mark id="fig-{}" class="{}" title="{}">{}<strong>{}</strong>{}</mark>',
                f.pk,
                css,
                title,
                *pieces,
            )
        )
        pos = f.quote_end
    parts.append(text[pos:])
    return format_html_join("", "{}", ((p,) for p in parts))


class ReportDetailView(ScopedDetailView):
    model = AnalysedReport
    template_name = "analysis/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        figures = list(report.figures.all())
        for f in figures:
            f.label = label_of(f.metric) if f.keyed else f.metric.removeprefix("other:")
        findings = list(report.findings.all())
        for fi in findings:
            fi.severity_label, fi.severity_css = SEVERITY.get(fi.severity, (fi.severity, "secondary"))
        ctx.update(
            level_label=LEVELS.get(report.level, report.level),
            text_html=highlighted(report, figures),
            keyed=[f for f in figures if f.keyed],
            free=[f for f in figures if not f.keyed],
            findings=findings,
            parts=[{**p, "status_label": PART_STATUS.get(p["status"], p["status"])} for p in report.parts],
        )
        return ctx


class ComparisonView(ScopedViewMixin, generic.TemplateView):
    model = AnalysedReport
    template_name = "analysis/comparison.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        reports = list(self.get_queryset().order_by("government", "year"))
        available = sorted(
            set(ReportFigure.objects.filter(report__in=reports, keyed=True).values_list("metric", flat=True))
        )
        chosen = [m for m in self.request.GET.getlist("metric") if m in available] or [
            m for m in ("reconsideration.received", "reconsideration.correction_rate") if m in available
        ]
        data = comparison_data(self.request.user, reports, chosen)
        chart = {
            "years": [str(y) for y in data["years"]],
            "series": [
                {"name": f"{row['government']}·{row['label']}", "data": [c["value"] for c in row["cells"]]}
                for row in data["rows"]
            ],
        }
        shared = []
        if len(reports) > 1:
            pairs = shared_sentences([(r.text, normalize(r.text), 0) for r in reports])
            for s in pairs[:100]:
                a, b = reports[s.a_report], reports[s.b_report]
                shared.append(
                    {"a": a, "b": b, "similarity": s.similarity, "a_text": s.a_text, "b_text": s.b_text}
                )
        ctx.update(
            reports=reports,
            available=[(m, label_of(m)) for m in available],
            chosen=chosen,
            data=data,
            chart=chart,
            shared=shared,
        )
        return ctx
