"""Public pages: published reports, readable without logging in (第二十四条: 向社会公开)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views import generic

from fazhi.reporting.assemble import document_for_report
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.rendering import paragraphs_html

EXEMPT = "公开页面：只展示已公布的法治政府建设年度报告（定稿文本与数据快照），依法向社会公开"


def published():
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("unit")


class PublicReportListView(generic.ListView):
    fazhi_scope_exempt = EXEMPT
    template_name = "reporting/public_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return published().order_by("-year", "unit__path")


def _section_blocks(section):
    return {"section": section, "html": paragraphs_html(section.paragraphs, links=False),
            "children": [_section_blocks(c) for c in section.children]}  # fmt: skip


class PublicReportView(generic.TemplateView):
    fazhi_scope_exempt = EXEMPT
    template_name = "reporting/public_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(published(), pk=kwargs["pk"])
        document = document_for_report(report)
        context.update(
            report=report,
            document=document,
            opening=paragraphs_html(document.opening, links=False),
            sections=[_section_blocks(s) for s in document.sections],
        )
        return context
