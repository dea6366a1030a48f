"""Factories for 双随机一公开 tests: entities with valid credit codes, inspectors holding a usable card."""

from __future__ import annotations

import datetime
import itertools

from fazhi.enforcement.choices import CertificateKind, CertificateStatus
from fazhi.enforcement.inspections.choices import SampleMode
from fazhi.enforcement.inspections.models import InspectedEntity, InspectionTask, Inspector
from fazhi.enforcement.inspections.validators import credit_check_char
from fazhi.enforcement.models import EnforcementCertificate
from tests.enforcement.factories import make_body, make_officer

D = datetime.date
DRAW_DAY = D(2025, 9, 1)
CARD_ISSUED = D(2024, 1, 10)
_n = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    serial = next(_n) if serial is None else serial
    body = f"91390121{serial:08d}X"
    return body + credit_check_char(body)


def make_entity(unit, name: str | None = None, code: str | None = None, **extra) -> InspectedEntity:
    serial = next(_n)
    return InspectedEntity.objects.create(
        unit=unit,
        name=name or f"清河县样本{serial}食品有限公司",
        credit_code=code or credit_code(serial),
        industry=extra.pop("industry", "食品销售"),
        **extra,
    )


def card(officer, *, status=CertificateStatus.VALID, issued=CARD_ISSUED, **extra) -> EnforcementCertificate:
    return EnforcementCertificate.objects.create(
        unit=officer.unit,
        officer=officer,
        kind=CertificateKind.ENFORCEMENT,
        status=status,
        applied_on=issued - datetime.timedelta(days=30),
        issued_on=issued,
        number=f"江南执{next(_n):07d}",
        expires_on=extra.pop("expires_on", D(2028, 12, 31)),
        review_due_on=extra.pop("review_due_on", D(2099, 1, 10)),
        **extra,
    )


def make_inspector(unit, name: str = "检查员", *, certified: bool = True, **card_extra) -> Inspector:
    body = make_body(unit, name=f"{unit.name}执法主体{next(_n)}")
    officer = make_officer(unit, body=body, name=name)
    if certified:
        card(officer, **card_extra)
    return Inspector.objects.create(unit=unit, officer=officer)


def make_task(unit, **extra) -> InspectionTask:
    participants = extra.pop("participants", [])
    defaults = {
        "name": "2025年食品销售者监督检查",
        "matter": "食品销售者监督检查",
        "planned_start": D(2025, 9, 8),
        "planned_end": D(2025, 9, 26),
        "sample_mode": SampleMode.COUNT,
        "sample_size": 3,
        "is_joint": bool(participants),
    }
    defaults.update(extra)
    task = InspectionTask.objects.create(unit=unit, **defaults)
    if participants:
        task.participants.set(participants)
    return task
