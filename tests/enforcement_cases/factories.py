"""Factories for 行政执法案件 tests: items, standards and cases as rows (the workflow tests use the services)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from fazhi.enforcement.cases.choices import CaseSource, PartyKind, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementCase, EnforcementItem
from fazhi.enforcement.models import EnforcementBody
from tests.enforcement.factories import make_body

_n = itertools.count(1)


def make_item(unit, body: EnforcementBody | None = None, **extra) -> EnforcementItem:
    body = body or EnforcementBody.objects.filter(unit=unit).first() or make_body(unit)
    n = next(_n)
    return EnforcementItem.objects.create(
        unit=unit,
        body=body,
        code=extra.pop("code", f"CF-{n:05d}"),
        name=extra.pop("name", f"对未按规定公示食品经营许可证的处罚（{n}）"),
        legal_basis=extra.pop("legal_basis", "《中华人民共和国食品安全法》第一百二十六条第一款"),
        penalty_basis=extra.pop(
            "penalty_basis", "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款"
        ),
        **extra,
    )


def make_standard(item: EnforcementItem, severity: str = Severity.ORDINARY, **extra) -> DiscretionStandard:
    return DiscretionStandard.objects.create(
        unit=item.unit,
        item=item,
        code=extra.pop("code", f"{item.code}-{next(_n):03d}"),
        severity=severity,
        circumstance=extra.pop("circumstance", "首次被发现，经责令后及时改正"),
        sanction=extra.pop("sanction", "处五千元以上一万元以下罚款"),
        fine_min=extra.pop("fine_min", Decimal("5000")),
        fine_max=extra.pop("fine_max", Decimal("10000")),
        **extra,
    )


def make_case(unit, item: EnforcementItem | None = None, **extra) -> EnforcementCase:
    """A case row as just filed (no officers, no number): for tests that need one to point at."""
    item = item or make_item(unit)
    return EnforcementCase.objects.create(
        unit=unit,
        body=extra.pop("body", item.body),
        item=item,
        source=extra.pop("source", CaseSource.INSPECTION),
        title=extra.pop("title", "未按规定公示食品经营许可证"),
        party_kind=extra.pop("party_kind", PartyKind.LEGAL_PERSON),
        party_name=extra.pop("party_name", "清河县某某餐饮有限公司"),
        party_id_number=extra.pop("party_id_number", "91440605MA4W000001"),
        filed_on=extra.pop("filed_on", datetime.date(2025, 4, 7)),
        **extra,
    )
