"""Public pages: published reports, readable without logging in (第二十四条: 向社会公开)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views import generic

from fazhi.reporting.assemble import document_for_report
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.output import pdf_unavailable_reason, render
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
            pdf_available=pdf_unavailable_reason() is None,
        )
        return context


#: the published text does not change: each file is made once a day at most (a PDF takes LibreOffice a
#: second or two, which a public address should not let anyone spend at will)
DOWNLOAD_CACHE_SECONDS = 24 * 3600


class PublicReportDownloadView(generic.View):
    """?format=docx|pdf — the published report as the file the government filed (公文 format)."""

    fazhi_scope_exempt = EXEMPT

    def get(self, request, pk):
        report = get_object_or_404(published(), pk=pk)
        fmt = request.GET.get("format", "docx")
        if fmt not in ("docx", "pdf"):
            raise Http404("不支持的格式。")
        key = f"reporting:public:{report.pk}:{report.published_at.timestamp() if report.published_at else 0}:{fmt}"
        made = cache.get(key)
        if made is None:
            try:
                made = render(document_for_report(report), fmt)
            except ValidationError as exc:  # no LibreOffice on this server
                return HttpResponse(
                    "；".join(exc.messages), status=503, content_type="text/plain; charset=utf-8"
                )
            cache.set(key, made, DOWNLOAD_CACHE_SECONDS)
        data, content_type, filename = made
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
