"""API of the yearly reports (read-only): GET /api/reports/ and /api/reports/<id>/."""

from __future__ import annotations

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.reporting.api.serializers import AnnualReportDetailSerializer, AnnualReportSerializer
from fazhi.reporting.models import AnnualReport


class ReportViewSet(ScopedReadOnlyViewSet):
    """法治政府建设年度报告：状态、各章节正文（数据已代入）、引用的数据及待补充事项。"""

    model = AnnualReport
    filterset_fields = ()

    def refine_queryset(self, qs):
        params = self.request.query_params
        if params.get("year", "").isdigit():
            qs = qs.filter(year=int(params["year"]))
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs.select_related("unit").order_by("-year", "unit__path")

    def get_serializer_class(self):
        return AnnualReportDetailSerializer if self.action == "retrieve" else AnnualReportSerializer
