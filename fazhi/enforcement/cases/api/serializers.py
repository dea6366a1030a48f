"""Serializers of the case API: party ID numbers and phones masked (the model's ``sensitive_fields``)."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.enforcement.cases.choices import CaseSource, PartyKind, Procedure
from fazhi.enforcement.cases.models import CaseOfficer, CaseRecord, EnforcementCase, LegalReview


class EnforcementCaseSerializer(ScopedModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = EnforcementCase
        fields = [
            "id",
            "unit",
            "number",
            "status",
            "procedure",
            "source",
            "body",
            "body_name",
            "item",
            "item_name",
            "title",
            "party_kind",
            "party_name",
            "filed_on",
            "decision_due_on",
            "is_major",
            "decision_kind",
            "decided_on",
            "decided_late",
            "publication_due_on",
            "published_on",
            "withdrawn_on",
            "closed_on",
        ]
        read_only_fields = fields


class EnforcementCaseOfficerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="officer.name", read_only=True)

    class Meta:
        model = CaseOfficer
        fields = ["officer", "name", "role", "certificate_number"]
        read_only_fields = fields


class EnforcementLegalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalReview
        fields = [
            "id",
            "submitted_on",
            "result",
            "reviewer_name",
            "reviewer_qualified",
            "opinion",
            "reviewed_on",
        ]
        read_only_fields = fields


class EnforcementCaseRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseRecord
        fields = ["id", "stage", "kind", "form", "title", "made_on", "attachment", "sha256", "storage_ref"]
        read_only_fields = fields


class EnforcementCaseDetailSerializer(EnforcementCaseSerializer):
    party_id_number = serializers.SerializerMethodField(help_text="证件号码（已脱敏）")
    party_phone = serializers.SerializerMethodField(help_text="联系电话（已脱敏）")
    officers = EnforcementCaseOfficerSerializer(source="assignments", many=True, read_only=True)
    legal_reviews = EnforcementLegalReviewSerializer(many=True, read_only=True)
    records = EnforcementCaseRecordSerializer(many=True, read_only=True)
    missing_records = serializers.SerializerMethodField(help_text="结案前尚缺的全过程记录（第四十七条）")

    class Meta(EnforcementCaseSerializer.Meta):
        fields = [
            *EnforcementCaseSerializer.Meta.fields,
            "facts",
            "party_id_number",
            "party_phone",
            "party_address",
            "found_on",
            "extension_days",
            "extension_reason",
            "extension_approver",
            "notified_on",
            "hearing_request_until",
            "hearing_requested_on",
            "hearing_on",
            "statement_received",
            "major_grounds",
            "standard",
            "penalty_kinds",
            "fine_amount",
            "decision_number",
            "decision_approver",
            "served_on",
            "execution_manner",
            "executed_on",
            "dropped_reason",
            "public_summary",
            "withdrawal_due_on",
            "withdrawal_reason",
            "officers",
            "legal_reviews",
            "records",
            "missing_records",
        ]
        read_only_fields = fields

    def get_party_id_number(self, case) -> str:
        return mask_id_number(case.party_id_number)

    def get_party_phone(self, case) -> str:
        return mask_phone(case.party_phone)

    def get_missing_records(self, case) -> list[str]:
        from fazhi.enforcement.cases.rules import missing_records

        return missing_records(case, case.records.all())


class EnforcementCaseRegisterSerializer(serializers.Serializer):
    body = serializers.UUIDField(help_text="执法主体 id")
    item = serializers.UUIDField(help_text="执法事项 id（须属于该执法主体且有效）")
    procedure = serializers.ChoiceField(choices=Procedure.choices, default=Procedure.ORDINARY)
    source = serializers.ChoiceField(choices=CaseSource.choices)
    title = serializers.CharField(max_length=300)
    facts = serializers.CharField(required=False, allow_blank=True, default="")
    party_kind = serializers.ChoiceField(choices=PartyKind.choices)
    party_name = serializers.CharField(max_length=200)
    party_id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    party_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    party_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    found_on = serializers.DateField(required=False, allow_null=True, default=None)
    filed_on = serializers.DateField()
    officers = serializers.ListField(
        child=serializers.UUIDField(), help_text="执法人员 id，不少于两人（第四十二条）"
    )
    lead = serializers.UUIDField(help_text="主办人员 id（须在 officers 中）")
