"""Reads of the workdays app: what is due soon or overdue, for a user's home page and the daily reminders."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from fazhi.core.choices import Role
from fazhi.core.models import Membership
from fazhi.workdays.calendar import Calendar, load_calendar
from fazhi.workdays.choices import DeadlineStatus, PeriodKind
from fazhi.workdays.counting import compute
from fazhi.workdays.models import Deadline

#: roles that answer for every deadline of the units they hold them in, not only their own
OVERSIGHT_ROLES = (Role.LEGAL_STAFF, Role.LEADER)


def today() -> datetime.date:
    """The date reminders are counted from (Asia/Shanghai); tests replace this function."""
    return timezone.localdate()


def reminder_days() -> int:
    return int(getattr(settings, "FAZHI_REMINDER_WORKING_DAYS", 3))


def reminder_horizon(
    *, on: datetime.date, days: int | None = None, calendar: Calendar | None = None
) -> datetime.date:
    """The last day that counts as "due soon": ``days`` working days after ``on`` (the §9.1 loop)."""
    days = reminder_days() if days is None else days
    if days <= 0:
        return on
    return compute(
        kind=PeriodKind.WORKING_DAYS, count=days, start=on, calendar=calendar or load_calendar()
    ).due


def oversight_prefixes(user) -> list[str]:
    """Unit subtrees in which ``user`` is 法治工作人员 or 领导 (active memberships of active units)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        set(
            Membership.objects.filter(
                user=user,
                is_active=True,
                unit__is_active=True,
                role__in=OVERSIGHT_ROLES,
            ).values_list("unit__path", flat=True)
        )
    )


def attention_queryset(user):
    """Open deadlines in ``user``'s scope that are theirs: they are responsible, or they oversee the unit."""
    mine = Q(responsible=user)
    for prefix in oversight_prefixes(user):
        mine |= Q(unit__path__startswith=prefix)
    return Deadline.objects.restrict(user, "view").filter(mine, status=DeadlineStatus.OPEN)


@dataclass
class Attention:
    on: datetime.date
    horizon: datetime.date
    days: int
    overdue: list[Deadline] = field(default_factory=list)
    due_soon: list[Deadline] = field(default_factory=list)
    overdue_total: int = 0
    due_soon_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.overdue_total or self.due_soon_total)


def deadlines_needing_attention(
    *, user, on: datetime.date | None = None, limit: int | None = 10
) -> Attention:
    """Overdue deadlines, and those due within ``FAZHI_REMINDER_WORKING_DAYS`` working days, of ``user``."""
    on = on or today()
    days = reminder_days()
    horizon = reminder_horizon(on=on, days=days)
    qs = attention_queryset(user).filter(due_date__isnull=False, due_date__lte=horizon)
    qs = qs.select_related("unit", "responsible").order_by("due_date", "start_date", "record_repr", "pk")
    overdue_qs, soon_qs = qs.filter(due_date__lt=on), qs.filter(due_date__gte=on)
    result = Attention(
        on=on, horizon=horizon, days=days, overdue_total=overdue_qs.count(), due_soon_total=soon_qs.count()
    )
    result.overdue = list(overdue_qs[:limit] if limit else overdue_qs)
    result.due_soon = list(soon_qs[:limit] if limit else soon_qs)
    return result


def responsible_users_with_attention(*, on: datetime.date, horizon: datetime.date) -> dict:
    """user id → open deadlines due by ``horizon`` that they are responsible for (the daily job's work list).

    The job is the system, not a user, so this reads across units; each user is then given only what
    :func:`attention_queryset` lets them see.
    """
    by_user: dict = defaultdict(list)
    rows = Deadline.objects.filter(
        status=DeadlineStatus.OPEN, responsible__isnull=False, due_date__isnull=False, due_date__lte=horizon
    ).values_list("responsible_id", "pk")
    for user_id, pk in rows:
        by_user[user_id].append(pk)
    return by_user
