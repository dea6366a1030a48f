"""API of the disclosure tables (routes in fazhi/disclosure/urls.py under /disclosure/api/).

Reads list the tables in scope; a table's detail carries every cell (totals included) with its place in
the form's words. Writes go through the same services as the pages: ``cells`` maps cell codes
(``t3.new.natural``) to figures; totals may be sent and must equal their sums. A refusal answers 400
with ``errors`` keyed by cell code, each message naming the table, the row and the column.

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the operation's
description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedModelSerializer, ScopedViewSetMixin
from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.services import (
    report_confirm,
    report_create,
    report_prefill,
    report_reopen,
    report_save,
    report_values,
)
from fazhi.disclosure.tables import AMOUNT, DEFAULT_LAYOUT, LAYOUT_CHOICES


class DisclosureReportSerializer(ScopedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = DisclosureReport
        fields = ["id", "unit", "unit_name", "year", "layout", "status", "status_label", "confirmed_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["status", "confirmed_at", "updated_at"]


class DisclosureReportDetailSerializer(DisclosureReportSerializer):
    cells = serializers.SerializerMethodField()

    class Meta(DisclosureReportSerializer.Meta):
        fields = [*DisclosureReportSerializer.Meta.fields, "cells"]

    def get_cells(self, report) -> list[dict]:
        values = report_values(report)
        return [
            {
                "code": cell.code,
                "table": cell.table,
                "row": cell.row,
                "column": cell.column,
                "where": cell.where,
                "computed": cell.computed,
                "value": float(values[cell.code]) if cell.kind == AMOUNT else int(values[cell.code]),
            }
            for cell in report.table_layout.cells.values()
        ]


class CellsField(serializers.DictField):
    # 单元格编号 → 数字（件数为非负整数；表二收费金额以万元计，最多4位小数）；合计格可不填
    def __init__(self, **kwargs):
        super().__init__(child=serializers.JSONField(), **kwargs)


class ReportCreateSerializer(ScopedModelSerializer):
    layout = serializers.ChoiceField(choices=LAYOUT_CHOICES, default=DEFAULT_LAYOUT)
    cells = CellsField(required=False, help_text=gettext_lazy('单元格编号 → 数字，如 {"t3.new.natural": 12}'))

    class Meta:
        model = DisclosureReport
        fields = ["unit", "year", "layout", "cells"]
        validators = []  # the service refuses a second table for a unit and year, with its own sentence


class ReportCellsSerializer(serializers.Serializer):
    cells = CellsField(help_text=gettext_lazy("要修改的单元格：编号 → 数字；未列出的单元格保持原值"))


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


# 政府信息公开工作年度报告统计表（表二、表三、表四）：查看、新建、填报、确认、退回、用平台数据填入
# （无删除：年报表一经建立即留存，更正通过修改和退回填报）
class DisclosureReportViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    model = DisclosureReport
    serializer_class = DisclosureReportSerializer
    lookup_value_converter = "uuid"
    extra_scope_actions = {"confirm": "approve", "reopen": "approve", "prefill": "change"}

    def refine_queryset(self, qs):
        qs = qs.select_related("unit").order_by("-year", "unit__path")
        if year := self.request.query_params.get("year"):
            qs = qs.filter(year=year) if year.isdigit() else qs.none()
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return ReportCreateSerializer
        if self.action in ("update", "partial_update"):
            return ReportCellsSerializer
        if self.action == "reopen":
            return ReopenSerializer
        if self.action in ("retrieve", "confirm", "prefill"):
            return DisclosureReportDetailSerializer
        return DisclosureReportSerializer

    def _detail(self, report, code=status.HTTP_200_OK) -> Response:
        report = DisclosureReport.objects.select_related("unit").get(pk=report.pk)
        return Response(DisclosureReportDetailSerializer(report, context=self.get_serializer_context()).data,
                        status=code)  # fmt: skip

    @extend_schema(request=ReportCreateSerializer, responses={201: DisclosureReportDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = report_create(
            actor=request.user, unit=data["unit"], year=data["year"], layout=data["layout"],
            values=data.get("cells") or None,
        )  # fmt: skip
        return self._detail(report, status.HTTP_201_CREATED)

    @extend_schema(request=ReportCellsSerializer, responses={200: DisclosureReportDetailSerializer})
    def update(self, request, *args, **kwargs):
        report = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report_save(actor=request.user, report=report, values=serializer.validated_data["cells"],
                    note="API")  # fmt: skip
        return self._detail(report)

    @extend_schema(request=ReportCellsSerializer, responses={200: DisclosureReportDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: DisclosureReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        report = self.get_object()
        report_confirm(actor=request.user, report=report)
        return self._detail(report)

    @extend_schema(request=ReopenSerializer, responses={200: DisclosureReportDetailSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        report = self.get_object()
        serializer = ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report_reopen(actor=request.user, report=report, reason=serializer.validated_data["reason"])
        return self._detail(report)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def prefill(self, request, pk=None):
        report = self.get_object()
        result = report_prefill(actor=request.user, report=report)
        return Response(
            {
                "filled": [
                    {"code": cell.code, "where": cell.where, "metric": key, "value": float(value)}
                    for cell, key, value in result.filled
                ],
                "without_data": [s.cell.code for s in result.without_data],
                "without_source": [s.cell.code for s in result.without_source],
            }
        )
