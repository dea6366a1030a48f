"""Factories for 案卷评查 tests: rubrics, campaigns and closed cases to draw from."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from fazhi.enforcement.casereview.models import ReviewCampaign, Rubric, RubricItem
from fazhi.enforcement.cases.choices import CaseStatus
from tests.enforcement_cases.factories import make_case, make_item

_n = itertools.count(1)


def make_rubric(unit, *, items: int = 0, pass_line="60", excellent_line="90", **extra) -> Rubric:  # noqa: S107
    rubric = Rubric.objects.create(
        unit=unit,
        name=extra.pop("name", f"评查标准{next(_n)}"),
        year=extra.pop("year", 2025),
        pass_line=Decimal(pass_line),
        excellent_line=Decimal(excellent_line),
        **extra,
    )
    for number in range(1, items + 1):
        make_rubric_item(rubric, number=number)
    return rubric


def make_rubric_item(rubric: Rubric, *, number: int, points="10", veto=False, deductions=None) -> RubricItem:
    return RubricItem.objects.create(
        unit=rubric.unit,
        rubric=rubric,
        number=number,
        section="facts",
        text=f"评查项目{number}",
        points=Decimal(points),
        veto=veto,
        deductions=deductions
        if deductions is not None
        else [{"text": f"问题{number}甲", "points": "2"}, {"text": f"问题{number}乙", "points": "5"}],
    )


def make_campaign(unit, rubric: Rubric | None = None, **extra) -> ReviewCampaign:
    return ReviewCampaign.objects.create(
        unit=unit,
        name=extra.pop("name", f"评查活动{next(_n)}"),
        year=extra.pop("year", 2025),
        rubric=rubric or make_rubric(unit, items=2),
        period_from=extra.pop("period_from", datetime.date(2025, 1, 1)),
        period_to=extra.pop("period_to", datetime.date(2025, 12, 31)),
        **extra,
    )


def make_closed_cases(unit, n: int, *, closed_on=datetime.date(2025, 6, 30), item=None) -> list:
    item = item or make_item(unit)
    cases = []
    for k in range(n):
        cases.append(
            make_case(
                unit,
                item,
                status=CaseStatus.CLOSED,
                closed_on=closed_on,
                number=f"{unit.short_name}罚〔2025〕{next(_n)}号",
                title=f"案件{k + 1}",
            )
        )
    return cases
