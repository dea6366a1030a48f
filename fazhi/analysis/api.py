"""API of the report analysis: reports with figures and findings, and the comparison of governments
and years on chosen metrics (routes in urls.py under /analysis/api/).

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the operation's
description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.analysis.models import AnalysedReport, ReportFigure, ReportFinding
from fazhi.analysis.selectors import comparison_data
from fazhi.core.api.base import ScopedModelSerializer, ScopedReadOnlyViewSet


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportFigure
        fields = ["id", "metric", "keyed", "value", "unit_of_measure", "qualifier", "period", "period_text",
                  "subject", "quote", "start", "end", "quote_start", "quote_end", "note"]  # fmt: skip


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportFinding
        fields = ["kind", "severity", "message", "metric", "formula", "quotes"]


class ReportSerializer(ScopedModelSerializer):
    class Meta:
        model = AnalysedReport
        fields = ["id", "unit", "title", "title_inferred", "government", "level", "year", "published"]


class ReportDetailSerializer(ReportSerializer):
    figures = FigureSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "parts", "sections", "commitments", "figures", "findings"]


# 已分析的法治政府建设报告（只读），以及按指标对比各单位、各年度的数字
class ReportViewSet(ScopedReadOnlyViewSet):
    model = AnalysedReport
    serializer_class = ReportSerializer
    extra_scope_actions = {"comparison": "view"}

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def refine_queryset(self, qs):
        return qs.order_by("government", "year")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "metric", OpenApiTypes.STR, OpenApiParameter.QUERY, many=True,
                description=gettext_lazy("指标键，可重复，如 reconsideration.correction_rate"),
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )  # fmt: skip
    @action(detail=False, methods=["get"])
    def comparison(self, request):
        reports = list(self.get_queryset())
        metrics = request.query_params.getlist("metric")
        data = comparison_data(request.user, reports, metrics)
        for row in data["rows"]:
            for cell in row["cells"]:
                if cell["report"]:
                    cell["link"] = (
                        reverse("analysis:detail", args=[cell["report"]]) + f"#fig-{cell['figure']}"
                    )
        return Response(data)
