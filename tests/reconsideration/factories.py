"""Factories for reconsideration tests: registration through the service, or plain rows for statistics."""

from __future__ import annotations

import datetime
import itertools

from fazhi.reconsideration.choices import CaseStatus, Channel, MatterCategory, Procedure
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.services import Registration, case_register

D = datetime.date
_n = itertools.count(1)
MARCH_3 = D(2025, 3, 3)  # a Monday


def applicant(**overrides) -> dict:
    return {
        "kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "440605198001011234",
        "phone": "13800001234",
        "address": "清河县城关镇和平路1号",
        **overrides,
    }


def register(actor, unit, *, received_on: datetime.date = MARCH_3, **overrides) -> Registration:
    values = {
        "applicants": [applicant()],
        "respondent_name": "清河县市场监督管理局",
        "contested_act": "清市监罚〔2025〕12号行政处罚决定",
        "act_document_number": "清市监罚〔2025〕12号",
        "category": MatterCategory.PENALTY,
        "requests": "撤销该行政处罚决定",
        "reasons": "事实不清，证据不足",
        "channel": Channel.IN_PERSON,
        "knew_on": D(2025, 2, 20),
        "procedure": Procedure.ORDINARY,
        **overrides,
    }
    return case_register(actor=actor, unit=unit, received_on=received_on, **values)


def closed_case_row(unit, *, decision_type: str, closed_on: datetime.date, **extra) -> ReconsiderationCase:
    """An unsaved closed case (for bulk_create in statistics tests)."""
    n = next(_n)
    return ReconsiderationCase(
        unit=unit,
        case_number=f"{unit.short_name}复〔{closed_on.year}〕{n}号",
        status=CaseStatus.CLOSED,
        respondent_name="某区公安分局",
        contested_act=f"交通违法处罚决定第{n}号",
        category=MatterCategory.PENALTY,
        requests="撤销处罚决定",
        channel=Channel.MAIL,
        received_on=closed_on - datetime.timedelta(days=40),
        accepted_on=closed_on - datetime.timedelta(days=35),
        decision_type=decision_type,
        decided_on=closed_on,
        closed_on=closed_on,
        **extra,
    )
