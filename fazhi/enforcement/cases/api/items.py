"""API of the 权责清单: 执法事项 with their 裁量基准 (read only; writes go through the pages and the import).

Router lines (api/urls.py)::

    router.register("items", ItemViewSet, basename="api-enforcement-items")
    router.register("standards", StandardViewSet, basename="api-enforcement-standards")
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer, ScopedReadOnlyViewSet
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.selectors_items import item_search, severity_rank


class StandardSerializer(ScopedModelSerializer):
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)

    class Meta:
        model = DiscretionStandard
        fields = [
            "id",
            "unit",
            "item",
            "code",
            "severity",
            "severity_display",
            "circumstance",
            "sanction",
            "fine_min",
            "fine_max",
            "active",
        ]
        read_only_fields = fields


class ItemSerializer(ScopedModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = EnforcementItem
        fields = [
            "id",
            "unit",
            "body",
            "body_name",
            "code",
            "name",
            "kind",
            "legal_basis",
            "penalty_basis",
            "status",
        ]
        read_only_fields = fields


class ItemDetailSerializer(ItemSerializer):
    standards = StandardSerializer(many=True, read_only=True)

    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "standards"]
        read_only_fields = fields


ITEM_FILTERS = [
    OpenApiParameter("body", OpenApiTypes.UUID, description="执法主体"),
    OpenApiParameter("status", OpenApiTypes.STR, description="状态（active 有效、retired 已取消）"),
    OpenApiParameter("kind", OpenApiTypes.STR, description="事项类别"),
    OpenApiParameter("q", OpenApiTypes.STR, description="编码、名称或设定依据包含"),
]


@extend_schema_view(list=extend_schema(parameters=ITEM_FILTERS))
class ItemViewSet(ScopedReadOnlyViewSet):
    # 执法事项 in the caller's scope; the detail carries the item's 裁量基准 (mildest first).
    lookup_value_converter = "uuid"
    model = EnforcementItem
    serializer_class = ItemSerializer

    def get_serializer_class(self):
        return ItemDetailSerializer if self.action == "retrieve" else ItemSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("body")
        if self.action == "retrieve":
            bands = DiscretionStandard.objects.annotate(severity_rank=severity_rank()).order_by(
                "severity_rank", "code"
            )
            return qs.prefetch_related(Prefetch("standards", queryset=bands))
        params = self.request.query_params
        if body := params.get("body"):
            field = serializers.UUIDField()
            qs = qs.filter(body_id=field.run_validation(body))
        for name in ("status", "kind"):
            if value := params.get(name):
                qs = qs.filter(**{name: value})
        return item_search(qs, params.get("q") or "").order_by("code", "pk")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("item", OpenApiTypes.UUID, description="执法事项"),
            OpenApiParameter(
                "active", OpenApiTypes.BOOL, description="只列有效（true）或已停用（false）的基准"
            ),
        ]
    )
)
class StandardViewSet(ScopedReadOnlyViewSet):
    # 裁量基准 in the caller's scope; ``?item=<id>`` for one item's bands.
    lookup_value_converter = "uuid"
    model = DiscretionStandard
    serializer_class = StandardSerializer

    def refine_queryset(self, qs):
        params = self.request.query_params
        if self.action == "list":
            if item := params.get("item"):
                qs = qs.filter(item_id=serializers.UUIDField().run_validation(item))
            if (active := params.get("active")) is not None:
                qs = qs.filter(active=serializers.BooleanField().run_validation(active))
        return qs.annotate(severity_rank=severity_rank()).order_by(
            "item__code", "severity_rank", "code", "pk"
        )
