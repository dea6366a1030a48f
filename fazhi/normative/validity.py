"""有效期: how long a document stays in force and when it must be evaluated (RULES.md §4.2).

No national rule fixes the period (国务院尚未统一规定); provinces commonly use 5 years, and 1–2 years for a
document marked 暂行 or 试行 (e.g. 山东省司法厅规范性文件制定管理办法 第11条). Both are settings, as is the
evaluation lead time (有效期届满前6个月评估, 山东省司法厅 第23条).
"""

from __future__ import annotations

import datetime

from django.conf import settings

from fazhi.workdays.counting import add_months

PROVISIONAL_MARKERS = ("暂行", "试行")


def is_provisional(title: str) -> bool:
    return any(marker in title for marker in PROVISIONAL_MARKERS)


def default_validity_years(title: str) -> int:
    if is_provisional(title):
        return settings.FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS
    return settings.FAZHI_NORMATIVE_VALIDITY_YEARS


def expiry_date(effective_on: datetime.date, years: int) -> datetime.date:
    """The last day in force: a document effective on 2021-03-01 for 5 years is in force to 2026-02-28."""
    return add_months(effective_on, 12 * years) - datetime.timedelta(days=1)


def evaluation_due(expires_on: datetime.date) -> datetime.date:
    """The day from which the pre-expiry evaluation is due (6 months before expiry by default)."""
    return add_months(expires_on, -settings.FAZHI_NORMATIVE_EVALUATION_MONTHS)


def renewed_expiry(expires_on: datetime.date, years: int) -> datetime.date:
    """The new last day after an evaluation decided 继续实施: another full period from the day after."""
    return expiry_date(expires_on + datetime.timedelta(days=1), years)


def evaluation_window_open(expires_on: datetime.date | None, today: datetime.date) -> bool:
    return expires_on is not None and evaluation_due(expires_on) <= today


def needs_evaluation(document, today: datetime.date) -> bool:
    """In force, inside the evaluation window, and not yet evaluated in this window (an evaluation made
    for an earlier period — before a renewal — does not count)."""
    if not document.in_force or not evaluation_window_open(document.expires_on, today):
        return False
    return document.evaluated_on is None or document.evaluated_on < evaluation_due(document.expires_on)


def evaluation_candidates(queryset, today: datetime.date):
    """The documents of ``queryset`` that need their pre-expiry evaluation on ``today`` (one query, then an
    exact check in Python: the window's start moves with month lengths)."""
    from fazhi.normative.choices import IN_FORCE

    horizon = add_months(today, settings.FAZHI_NORMATIVE_EVALUATION_MONTHS) + datetime.timedelta(days=3)
    rows = queryset.filter(status__in=IN_FORCE, expires_on__isnull=False, expires_on__lte=horizon)
    rows = rows.select_related("unit").order_by("expires_on", "title")
    return [doc for doc in rows if needs_evaluation(doc, today)]
