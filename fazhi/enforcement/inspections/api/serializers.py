"""Serializers of the 双随机一公开 API. Inspectors appear by name and officer id, never an ID number."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.enforcement.inspections.choices import ResultKind
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask


class InspectionTaskSerializer(ScopedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = InspectionTask
        fields = [
            "id",
            "unit",
            "unit_name",
            "name",
            "matter",
            "industry",
            "risk_level",
            "planned_start",
            "planned_end",
            "sample_mode",
            "ratio",
            "sample_size",
            "is_joint",
            "participants",
            "status",
            "seed",
            "algorithm",
            "drawn_on",
            "candidates_digest",
            "finished_on",
            "publication_due_on",
            "published_on",
        ]
        read_only_fields = fields


class DrawnEntitySerializer(serializers.ModelSerializer):
    inspectors = serializers.SerializerMethodField(help_text="两名检查人员的姓名")
    result = serializers.CharField(source="result.result", default=None, read_only=True)
    result_label = serializers.CharField(source="result.get_result_display", default=None, read_only=True)
    inspected_on = serializers.DateField(source="result.inspected_on", default=None, read_only=True)

    class Meta:
        model = DrawnEntity
        fields = [
            "id",
            "position",
            "entity_name",
            "credit_code",
            "inspector_1",
            "inspector_2",
            "inspectors",
            "result",
            "result_label",
            "inspected_on",
        ]
        read_only_fields = fields

    def get_inspectors(self, obj) -> list[str]:
        return [obj.inspector_1.name, obj.inspector_2.name]


class InspectionTaskDetailSerializer(InspectionTaskSerializer):
    drawn = DrawnEntitySerializer(many=True, read_only=True)

    class Meta(InspectionTaskSerializer.Meta):
        fields = [*InspectionTaskSerializer.Meta.fields, "drawn"]
        read_only_fields = fields


class InspectionDrawSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="抽取日期，默认今天")


class InspectionResultEntrySerializer(serializers.Serializer):
    credit_code = serializers.CharField(max_length=18, help_text="抽中对象的统一社会信用代码")
    result = serializers.ChoiceField(choices=ResultKind.choices)
    inspected_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DrawVerificationSerializer(serializers.Serializer):
    verdict = serializers.CharField(help_text="一致 / 不一致")
    ok = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())
    seed = serializers.CharField()
    algorithm = serializers.CharField()
