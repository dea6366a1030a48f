"""Reads of the reconsideration module (always through ``restrict``)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType

from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import reminder_horizon
from fazhi.workdays.selectors import today as workdays_today


def acceptance_lapsing(
    *, user, today: datetime.date | None = None, within: int | None = None
) -> list[tuple[ReconsiderationCase, Deadline]]:
    """Cases still under acceptance review whose 5-working-day window (第三十条) ends within ``within``
    working days (default FAZHI_REMINDER_WORKING_DAYS) or has already ended — the handler is warned before
    the case becomes 视为受理. Earliest first; lapsed ones (due before ``today``) are included."""
    today = today or workdays_today()
    horizon = reminder_horizon(on=today, days=within)
    cases = {
        str(c.pk): c
        for c in ReconsiderationCase.objects.restrict(user, "view")
        .filter(status=CaseStatus.REVIEW)
        .select_related("unit", "handler")
    }
    if not cases:
        return []
    deadlines = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(ReconsiderationCase),
        object_id__in=list(cases),
        rule_key=rules.ACCEPTANCE,
        status=DeadlineStatus.OPEN,
        due_date__lte=horizon,
    ).order_by("due_date")
    return [(cases[d.object_id], d) for d in deadlines]


def acceptance_lapsed(*, user, today: datetime.date | None = None) -> list[ReconsiderationCase]:
    """Cases whose review window has ended with no decision: to be marked 视为受理 (case_deem_accepted)."""
    today = today or workdays_today()
    return [case for case, d in acceptance_lapsing(user=user, today=today, within=0) if d.due_date < today]
