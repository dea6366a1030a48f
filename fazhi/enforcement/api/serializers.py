"""Serializers of the 行政执法 API: ID numbers masked, certificate states computed for today."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.core.masking import mask_id_number
from fazhi.enforcement.choices import CertificateKind, PublicState
from fazhi.enforcement.models import (
    CertificateEvent,
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
)
from fazhi.enforcement.selectors import certificate_state


class BodySerializer(ScopedModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = EnforcementBody
        fields = [
            "id",
            "unit",
            "unit_name",
            "name",
            "kind",
            "legal_basis",
            "duties",
            "entrusting_body",
            "enforcement_categories",
            "region",
            "status",
            "confirmed_on",
            "cancelled_on",
        ]
        read_only_fields = fields


class OfficerSerializer(ScopedModelSerializer):
    id_number = serializers.SerializerMethodField(help_text="身份证号（已脱敏）")
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = EnforcementOfficer
        fields = [
            "id",
            "unit",
            "body",
            "body_name",
            "name",
            "id_number",
            "post",
            "enforcement_category",
            "region",
            "has_legal_qualification",
            "legal_qualification_number",
            "status",
        ]
        read_only_fields = fields

    def get_id_number(self, officer) -> str:
        return mask_id_number(officer.id_number)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CertificateEvent
        fields = ["kind", "on", "score", "passed", "note"]
        read_only_fields = fields


class CertificateSerializer(ScopedModelSerializer):
    officer_name = serializers.CharField(source="officer.name", read_only=True)
    state = serializers.SerializerMethodField(
        help_text="今日证件状态：valid/suspended/revoked/expired/review_overdue/void/superseded/not_issued"
    )

    class Meta:
        model = EnforcementCertificate
        fields = [
            "id",
            "unit",
            "officer",
            "officer_name",
            "kind",
            "status",
            "state",
            "issue_reason",
            "previous",
            "applied_on",
            "approved_on",
            "exam_on",
            "exam_score",
            "number",
            "issued_on",
            "expires_on",
            "review_due_on",
            "last_reviewed_on",
            "suspended_on",
            "suspended_until",
            "suspension_reason",
            "ended_on",
            "revocation_reason",
        ]
        read_only_fields = fields

    def get_state(self, card) -> str:
        return str(certificate_state(card, timezone.localdate()))


class CertificateDetailSerializer(CertificateSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(CertificateSerializer.Meta):
        fields = [*CertificateSerializer.Meta.fields, "events"]
        read_only_fields = fields


class ApplySerializer(serializers.Serializer):
    officer = serializers.UUIDField(help_text="执法人员 id")
    kind = serializers.ChoiceField(choices=CertificateKind.choices, default=CertificateKind.ENFORCEMENT)
    applied_on = serializers.DateField()


class AssignableCheckSerializer(serializers.Serializer):
    officers = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
    on = serializers.DateField()


_ = PublicState  # the values of ``state``
