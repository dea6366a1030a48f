"""Samples of the enforcement module's scoped models for the generated scoping suite."""

from __future__ import annotations

import datetime
from decimal import Decimal

from fazhi.enforcement.choices import CertificateStatus, EventKind, TrainingKind
from fazhi.enforcement.models import (
    CertificateEvent,
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
    TrainingRecord,
)
from tests.enforcement.factories import make_body, make_officer
from tests.scoping_samples import register_sample


@register_sample(EnforcementBody)
def sample_body(unit) -> EnforcementBody:
    return make_body(unit, name=f"{unit.name}执法主体{EnforcementBody.objects.count() + 1}")


@register_sample(EnforcementOfficer)
def sample_officer(unit) -> EnforcementOfficer:
    return make_officer(unit, body=sample_body(unit), name="样本执法员")


@register_sample(TrainingRecord)
def sample_training(unit) -> TrainingRecord:
    return TrainingRecord.objects.create(
        unit=unit,
        officer=sample_officer(unit),
        on=datetime.date(2025, 5, 6),
        kind=TrainingKind.PUBLIC_LAW,
        topic="行政处罚法专题",
        hours=Decimal("8"),
    )


@register_sample(EnforcementCertificate)
def sample_certificate(unit) -> EnforcementCertificate:
    return EnforcementCertificate.objects.create(
        unit=unit,
        officer=sample_officer(unit),
        status=CertificateStatus.VALID,
        applied_on=datetime.date(2025, 1, 6),
        number=f"样本执{EnforcementCertificate.objects.count() + 1:05d}",
        issued_on=datetime.date(2025, 3, 3),
        expires_on=datetime.date(2030, 3, 2),
        review_due_on=datetime.date(2026, 3, 3),
    )


@register_sample(CertificateEvent)
def sample_event(unit) -> CertificateEvent:
    return CertificateEvent.objects.create(
        unit=unit, certificate=sample_certificate(unit), kind=EventKind.ISSUED, on=datetime.date(2025, 3, 3)
    )
