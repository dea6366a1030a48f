"""The rules of the 行政执法证 (RULES.md §5.3) and of assigning officers (处罚法 第42条), with their settings.

No national regulation fixes the certificate's intervals; provincial rules (河南省行政执法条例 第21条,
山东省行政执法监督条例) have 考试合格 → 统一制发, 年度审验 (每年一次), 换发 (e.g. every five years). The
pass line, the validity and the reminder horizon are settings:

- ``FAZHI_ENFORCEMENT_PASS_SCORE`` (60): the lowest passing score of the 执法资格考试.
- ``FAZHI_ENFORCEMENT_VALIDITY_YEARS`` (5): years a card is valid from its issue date.
- ``FAZHI_ENFORCEMENT_REMINDER_DAYS`` (30): days before 年审 or expiry that the home panel warns.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from fazhi.core.choices import UnitKind

#: 年审 may be done this many days before its due date (not earlier: it would skip a year)
REVIEW_WINDOW_DAYS = 90
#: 换证 may be applied for this many days before the card expires (and any time after)
RENEWAL_WINDOW_DAYS = 90
#: 处罚法 第42条: 执法人员不得少于两人
MIN_OFFICERS_PER_CASE = 2


def pass_score() -> Decimal:
    return Decimal(str(settings.FAZHI_ENFORCEMENT_PASS_SCORE))


def validity_years() -> int:
    return int(settings.FAZHI_ENFORCEMENT_VALIDITY_YEARS)


def reminder_days() -> int:
    return int(settings.FAZHI_ENFORCEMENT_REMINDER_DAYS)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expiry_date(issued_on: datetime.date) -> datetime.date:
    """Last day of validity: the day before the anniversary ``validity_years`` later (2025-03-01 → 2030-02-28)."""
    return add_years(issued_on, validity_years()) - datetime.timedelta(days=1)


def first_review_due(issued_on: datetime.date) -> datetime.date:
    """年度审验 每年一次: the first is due by the first anniversary of the issue."""
    return add_years(issued_on, 1)


def next_review_due(previous_due: datetime.date) -> datetime.date:
    """After a review the next is due a year after the previous due date (the cycle keeps its anniversary,
    whether the review was early or late)."""
    return add_years(previous_due, 1)


def issuing_unit(unit):
    """The people's government that numbers the card: the unit itself or its nearest government ancestor
    (证件由人民政府统一制发); the unit itself when there is none above it."""
    for candidate in [unit, *reversed(list(unit.ancestors()))]:
        if candidate.kind == UnitKind.GOVERNMENT:
            return candidate
    return unit
