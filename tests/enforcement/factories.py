"""Factories for enforcement tests: bodies and officers as rows, certificates through the services."""

from __future__ import annotations

import datetime
import itertools

from fazhi.core.validators import id_number_checksum_ok
from fazhi.enforcement import services as s
from fazhi.enforcement.choices import BodyKind, CertificateKind
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate, EnforcementOfficer

D = datetime.date
_n = itertools.count(1)
MARCH_3 = D(2025, 3, 3)
_CHECK = "10X98765432"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(serial: int | None = None) -> str:
    """A valid 18-digit resident ID (checksum right) unique per call."""
    serial = next(_n) if serial is None else serial
    body = f"4406051980{(serial // 28) % 12 + 1:02d}{serial % 28 + 1:02d}{serial % 1000:03d}"
    number = body + _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    assert id_number_checksum_ok(number), number
    return number


def make_body(unit, name: str | None = None, **extra) -> EnforcementBody:
    return EnforcementBody.objects.create(
        unit=unit,
        name=name or unit.name,
        kind=extra.pop("kind", BodyKind.STATUTORY),
        legal_basis=extra.pop("legal_basis", "《中华人民共和国行政处罚法》第十八条"),
        duties=extra.pop("duties", "市场监督管理领域行政处罚、行政检查"),
        **extra,
    )


def make_officer(unit, body=None, name: str = "王执法", **extra) -> EnforcementOfficer:
    body = body or EnforcementBody.objects.filter(unit=unit).first() or make_body(unit)
    return EnforcementOfficer.objects.create(
        unit=unit, body=body, name=name, id_number=extra.pop("id_number", None) or id_number(), **extra
    )


def issued_card(actor, officer, *, on: datetime.date = MARCH_3, kind=CertificateKind.ENFORCEMENT, score=85):
    """A certificate through 申领 → 审核 → 考试 → 发证, all dated from ``on``."""
    card = s.certificate_apply(
        actor=actor, officer=officer, applied_on=on - datetime.timedelta(days=30), kind=kind
    )
    s.certificate_approve(actor=actor, certificate=card, on=on - datetime.timedelta(days=25))
    s.certificate_record_exam(actor=actor, certificate=card, on=on - datetime.timedelta(days=10), score=score)
    s.certificate_issue(actor=actor, certificate=card, on=on)
    return EnforcementCertificate.objects.get(pk=card.pk)
