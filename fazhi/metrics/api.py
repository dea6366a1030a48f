"""API of the metric catalog: the catalog, a value for a unit and period, and typed-in values (CRUD).

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the operation's
description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api.base import ScopedModelSerializer, ScopedModelViewSet
from fazhi.core.api.serializers import ErrorSerializer, ScopedPrimaryKeyField
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import units_with_permission
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import UnknownMetric, all_metrics, computers, formula_for, get_metric
from fazhi.metrics.selectors import metric_value
from fazhi.metrics.services import metric_entry_create, metric_entry_delete, metric_entry_update

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("提交的数据有误")),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("未登录、无权限或超出管辖范围")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("记录不存在或不在您的管辖范围内")),
}


class UnknownMetricError(exceptions.NotFound):
    default_code = "unknown_metric"
    default_detail = gettext_lazy("未知的指标。")


def period_parameters() -> list[OpenApiParameter]:
    q = OpenApiParameter.QUERY
    return [
        OpenApiParameter(
            "period",
            OpenApiTypes.STR,
            q,
            description=gettext_lazy("期间，如 2025、2025Q3、2025-10、2025-01-01~2025-06-30；或改用下列参数"),
        ),
        OpenApiParameter("year", OpenApiTypes.INT, q, description=gettext_lazy("年份")),
        OpenApiParameter(
            "quarter", OpenApiTypes.INT, q, description=gettext_lazy("季度 1–4（与 year 同用）")
        ),
        OpenApiParameter("month", OpenApiTypes.INT, q, description=gettext_lazy("月份 1–12（与 year 同用）")),
        OpenApiParameter("start", OpenApiTypes.DATE, q, description=gettext_lazy("自定义期间起始日期")),
        OpenApiParameter("end", OpenApiTypes.DATE, q, description=gettext_lazy("自定义期间截止日期")),
    ]


def parse_period(params) -> Period:
    try:
        return Period.from_params(params)
    except PeriodError as exc:
        raise serializers.ValidationError({"period": [str(exc)]}) from None


# --- the catalog -------------------------------------------------------------------------------------


class MetricSerializer(serializers.Serializer):
    key = serializers.CharField(label=gettext_lazy("指标键"))
    label = serializers.CharField(label=gettext_lazy("名称"))
    domain = serializers.CharField(label=gettext_lazy("领域"))
    measure = serializers.CharField(label=gettext_lazy("计量单位"), source="unit")
    kind = serializers.CharField(label=gettext_lazy("类型：count、rate、amount、score"))
    obtained = serializers.CharField(label=gettext_lazy("取得方式：computed、typed_in、both"))
    definition = serializers.CharField(label=gettext_lazy("定义"))
    numerator = serializers.ListField(child=serializers.CharField(), label=gettext_lazy("分子（比率）"))
    denominator = serializers.ListField(child=serializers.CharField(), label=gettext_lazy("分母（比率）"))
    formula = serializers.CharField(label=gettext_lazy("口径（比率）"))
    computable = serializers.BooleanField(label=gettext_lazy("已有业务模块注册计算方法"))
    alias_of = serializers.CharField(label=gettext_lazy("别名所指的指标键"))
    origin = serializers.CharField(label=gettext_lazy("来源：METRICS.md、gold.json 或 fazhi"))


def metric_as_dict(metric, registered) -> dict:
    formula = formula_for(metric)
    return {
        "key": metric.key,
        "label": str(metric.label),
        "domain": metric.domain,
        "unit": metric.unit,
        "kind": metric.kind,
        "obtained": metric.obtained,
        "definition": str(metric.definition),
        "numerator": list(formula.numerator) if formula else [],
        "denominator": list(formula.denominator) if formula else [],
        "formula": formula.text() if formula else "",
        "computable": metric.key in registered,
        "alias_of": metric.alias_of,
        "origin": metric.origin,
    }


# The whole catalog: no unit's data, so it needs only a login.
class MetricCatalogView(APIView):
    fazhi_scope_exempt = "指标目录：只含指标的名称、口径与来源，不含任何单位的数据"

    @extend_schema(
        tags=["metrics"],
        summary=gettext_lazy("指标目录"),
        responses={200: MetricSerializer(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        registered = computers()
        data = [metric_as_dict(m, registered) for m in all_metrics()]
        return Response(MetricSerializer(data, many=True).data)


class MetricValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    measure = serializers.CharField(help_text=gettext_lazy("计量单位，如 件、%"))
    kind = serializers.CharField()
    unit = serializers.DictField(help_text=gettext_lazy("单位：id、code、name；数值含其全部下级单位"))
    period = serializers.DictField(help_text=gettext_lazy("期间：token、label、kind、start、end"))
    value = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("采用的数值；无数据或不适用时为 null")
    )
    display = serializers.CharField(help_text=gettext_lazy("显示文本，如 12件、66.7%；分母为 0 时为 —"))
    source = serializers.CharField(help_text=gettext_lazy("computed、typed_in 或 none"))
    not_applicable = serializers.BooleanField(help_text=gettext_lazy("比率的分母为 0"))
    computed_value = serializers.FloatField(allow_null=True)
    typed_in_value = serializers.FloatField(allow_null=True)
    typed_in_entries = serializers.IntegerField()
    both_present = serializers.BooleanField(help_text=gettext_lazy("计算值与填报值并存（采用计算值）"))
    drilldown_available = serializers.BooleanField()
    numerator = serializers.FloatField(allow_null=True, required=False)
    denominator = serializers.FloatField(allow_null=True, required=False)
    formula = serializers.CharField(required=False)


# One metric's value for a unit (and everything below it) and a period. Scoped by the metric_value
# selector: a unit outside the caller's view scope answers 404 like one that does not exist.
class MetricValueView(APIView):
    fazhi_scope_exempt = (
        "路径含指标键而非记录编号；范围由 metrics.selectors.metric_value 检查："
        "单位须在调用者的查看范围内，否则 404"
    )

    @extend_schema(
        tags=["metrics"],
        summary=gettext_lazy("某单位（含下级）某期间的指标数值"),
        parameters=[
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description=gettext_lazy("单位的 id 或机构代码"),
            ),
            *period_parameters(),
        ],
        responses={200: MetricValueSerializer, **ERRORS},
    )
    def get(self, request, key: str):
        try:
            get_metric(key)
        except UnknownMetric as exc:
            raise UnknownMetricError(str(exc)) from None
        unit = request.query_params.get("unit", "").strip()
        if not unit:
            raise serializers.ValidationError({"unit": [_("请给出单位（id 或机构代码）。")]})
        period = parse_period(request.query_params)
        try:
            value = metric_value(user=request.user, key=key, unit=unit, period=period)
        except OrgUnit.DoesNotExist:
            raise exceptions.NotFound(_("未找到该单位，或该单位不在您的管辖范围内。")) from None
        return Response(value.as_dict(), status=status.HTTP_200_OK)


# --- typed-in values ---------------------------------------------------------------------------------


class EntryUnitField(ScopedPrimaryKeyField):
    # The units where the caller may add typed-in values (OrgUnit's own "add" means creating units).

    def get_queryset(self):
        request = self.context.get("request")
        return units_with_permission(getattr(request, "user", None), MetricEntry.scope_permission("add"))


class MetricEntrySerializer(ScopedModelSerializer):
    unit = EntryUnitField(
        model=OrgUnit,
        action="add",
        message=gettext_lazy("单位不存在或不在您的管辖范围内。"),
        label=gettext_lazy("单位"),
    )
    period = serializers.CharField(
        write_only=True,
        label=gettext_lazy("期间"),
        help_text=gettext_lazy("如 2025、2025Q3、2025-10、2025-01-01~2025-06-30"),
    )
    period_token = serializers.SerializerMethodField(label=gettext_lazy("期间（简写）"))
    period_label = serializers.SerializerMethodField(label=gettext_lazy("期间名称"))
    unit_name = serializers.CharField(source="unit.name", read_only=True, label=gettext_lazy("单位名称"))
    label = serializers.SerializerMethodField(label=gettext_lazy("指标名称"))
    display = serializers.CharField(source="value_display", read_only=True, label=gettext_lazy("显示文本"))
    entered_by_name = serializers.SerializerMethodField(label=gettext_lazy("填报人"))

    class Meta:
        model = MetricEntry
        fields = [
            "id",
            "key",
            "label",
            "unit",
            "unit_name",
            "period",
            "period_token",
            "period_label",
            "period_start",
            "period_end",
            "value",
            "display",
            "evidence",
            "entered_by",
            "entered_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "period_start", "period_end", "entered_by", "created_at", "updated_at"]
        validators = []  # the service says "already entered" in Chinese and re-checks under the constraint

    def get_period_token(self, obj) -> str:
        return obj.period.token

    def get_period_label(self, obj) -> str:
        return obj.period.label

    def get_label(self, obj) -> str:
        metric = obj.metric
        return str(metric.label) if metric else ""

    def get_entered_by_name(self, obj) -> str:
        return obj.entered_by.full_name or obj.entered_by.username

    def validate_period(self, value):
        try:
            return Period.parse(value)
        except PeriodError as exc:
            raise serializers.ValidationError(str(exc)) from None


class MetricEntryUpdateSerializer(MetricEntrySerializer):
    class Meta(MetricEntrySerializer.Meta):
        read_only_fields = [*MetricEntrySerializer.Meta.read_only_fields, "key", "unit", "period"]

    def get_fields(self):
        fields = super().get_fields()
        for name in ("key", "unit", "period"):
            fields[name].read_only = True
        fields.pop("period")
        return fields


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("指标填报值列表"),
        parameters=[
            OpenApiParameter(
                "key", OpenApiTypes.STR, OpenApiParameter.QUERY, description=gettext_lazy("指标键")
            ),
            OpenApiParameter(
                "year", OpenApiTypes.INT, OpenApiParameter.QUERY, description=gettext_lazy("期间起始年份")
            ),
        ],
        responses={200: MetricEntrySerializer(many=True), 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("指标填报值详情"), responses={200: MetricEntrySerializer, 404: ERRORS[404]}
    ),
    create=extend_schema(
        summary=gettext_lazy("新增指标填报值"), responses={201: MetricEntrySerializer, **ERRORS}
    ),
    update=extend_schema(
        summary=gettext_lazy("修改填报值（数值与依据）"),
        request=MetricEntryUpdateSerializer,
        responses={200: MetricEntrySerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改填报值的部分内容"),
        request=MetricEntryUpdateSerializer,
        responses={200: MetricEntrySerializer, **ERRORS},
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除填报值"),
        responses={204: OpenApiResponse(description=gettext_lazy("已删除")), **ERRORS},
    ),
)
class MetricEntryViewSet(ScopedModelViewSet):
    # Typed-in values, scoped like every record of a unit; every write audited through metrics.services.
    lookup_value_converter = "uuid"
    model = MetricEntry
    serializer_class = MetricEntrySerializer

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return MetricEntryUpdateSerializer
        return MetricEntrySerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("unit", "entered_by")
        if self.action != "list":
            return qs
        key = self.request.query_params.get("key", "").strip()
        if key:
            qs = qs.filter(key=key)
        year = self.request.query_params.get("year", "").strip()
        if year:
            if not year.isdigit():
                raise serializers.ValidationError({"year": [_("年份应为整数。")]})
            qs = qs.filter(period_start__year=int(year))
        return qs.order_by("-period_start", "key", "unit__path")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = metric_entry_create(
            actor=self.request.user,
            key=data["key"],
            unit=data["unit"],
            period=data["period"],
            value=data["value"],
            evidence=data.get("evidence", ""),
        )

    def perform_update(self, serializer):
        entry = serializer.instance
        data = serializer.validated_data
        serializer.instance = metric_entry_update(
            actor=self.request.user,
            entry=entry,
            value=data.get("value", entry.value),
            evidence=data.get("evidence", entry.evidence),
        )

    def perform_destroy(self, instance):
        metric_entry_delete(actor=self.request.user, entry=instance)
