"""Serializers of the 案卷评查 API (read-only: campaigns, their sample, the verification and the results)."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.enforcement.casereview.models import ReviewCampaign, SampledCase


class CampaignSerializer(ScopedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rubric_name = serializers.CharField(source="rubric.name", read_only=True)
    units = serializers.SerializerMethodField(help_text="参评单位的编号。")

    class Meta:
        model = ReviewCampaign
        fields = [
            "id",
            "unit",
            "unit_name",
            "name",
            "year",
            "rubric",
            "rubric_name",
            "period_from",
            "period_to",
            "sample_rule",
            "sample_size",
            "sample_percent",
            "sample_minimum",
            "status",
            "seed",
            "algorithm",
            "drawn_at",
            "completed_on",
            "units",
        ]
        read_only_fields = fields

    def get_units(self, obj) -> list[str]:
        # strata are prefetched with their units by the viewset
        return [str(s.unit_id) for s in sorted(obj.strata.all(), key=lambda s: s.unit.path)]


class SampledFileSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="stratum.unit.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_title = serializers.CharField(source="case.title", read_only=True)

    class Meta:
        model = SampledCase
        fields = [
            "id",
            "unit",
            "unit_name",
            "case",
            "case_number",
            "case_title",
            "position",
            "rank",
            "status",
            "score",
            "grade",
            "vetoed",
            "finished_on",
        ]
        read_only_fields = fields


class UnitCheckSerializer(serializers.Serializer):
    unit = serializers.UUIDField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    recorded_count = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    recorded_digest = serializers.CharField()
    digest = serializers.CharField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="记录抽中而现在不会抽中的案卷。")
    extra = serializers.ListField(child=serializers.CharField(), help_text="现在会抽中而未记录的案卷。")
    consistent = serializers.BooleanField()


class VerifySerializer(serializers.Serializer):
    consistent = serializers.BooleanField(help_text="按记录的种子重新推导，全部单位一致。")
    seed = serializers.CharField()
    algorithm = serializers.CharField()
    units = UnitCheckSerializer(many=True)


class UnitResultSerializer(serializers.Serializer):
    unit = serializers.UUIDField(source="unit.pk", allow_null=True)
    unit_name = serializers.CharField(source="unit.name", allow_null=True)
    candidates = serializers.IntegerField(allow_null=True)
    files = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    excellent = serializers.IntegerField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    vetoed = serializers.IntegerField()
    grade = serializers.CharField(
        help_text="按平均分对照合格线、优秀线：excellent、pass、fail；无已评定案卷为空。"
    )


class ProblemSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="评查项目序号。")
    section = serializers.CharField()
    item = serializers.CharField()
    text = serializers.CharField()
    files = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=8, decimal_places=1)
    units = serializers.DictField(child=serializers.IntegerField(), help_text="单位名称 → 案卷数。")


class ResultsSerializer(serializers.Serializer):
    units = UnitResultSerializer(many=True)
    total = UnitResultSerializer()
    problems = ProblemSerializer(many=True)
