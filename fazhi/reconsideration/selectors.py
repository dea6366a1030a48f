"""Reads of the reconsideration module (always through ``restrict``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import attention_queryset, reminder_days, reminder_horizon
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


# --- the deadline board and the home panel --------------------------------------------------------

#: cases no longer running: 已结案, 不予受理, 视为放弃申请 (the board shows every other case)
FINISHED_STATUSES = (CaseStatus.CLOSED, CaseStatus.REFUSED, CaseStatus.ABANDONED)

#: the deadlines a case can have open, in the order of the procedure (the board's filter)
BOARD_RULES = (
    rules.ACCEPTANCE,
    rules.CORRECTION,
    rules.RESPONDENT_COPY,
    rules.SIMPLE_COPY,
    rules.RESPONDENT_ANSWER,
    rules.SIMPLE_ANSWER,
    rules.DECISION,
    rules.SIMPLE_DECISION,
)


class BoardState:
    OVERDUE = "overdue"  # 已逾期 (red)
    DUE_SOON = "due_soon"  # FAZHI_REMINDER_WORKING_DAYS 个工作日内届满 (amber)
    NORMAL = "normal"
    PAUSED = "paused"  # 中止: the clock stands, there is no due date (第三十九条)
    NONE = "none"  # no statutory period running


@dataclass
class BoardRow:
    case: ReconsiderationCase
    deadline: Deadline | None
    state: str
    #: working days from today to the due date (0: due today; negative: overdue by that many working days)
    working_days_left: int | None = None

    @property
    def overdue_working_days(self) -> int:
        return -self.working_days_left if self.working_days_left and self.working_days_left < 0 else 0


@dataclass
class Board:
    today: datetime.date
    horizon: datetime.date
    days: int
    rows: list[BoardRow] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)


def _working_days_between(start: datetime.date, end: datetime.date, calendar) -> int:
    """Working days in (start, end] — negative, counted over (end, start], when end is before start."""
    if end == start:
        return 0
    sign, low, high = (1, start, end) if end > start else (-1, end, start)
    n, day = 0, low
    while day < high:
        day += datetime.timedelta(days=1)
        if calendar.is_workday(day):
            n += 1
    return sign * n


def _state(deadline: Deadline | None, today: datetime.date, horizon: datetime.date) -> str:
    if deadline is None:
        return BoardState.NONE
    if deadline.due_date is None:
        return BoardState.PAUSED
    if deadline.due_date < today:
        return BoardState.OVERDUE
    if deadline.due_date <= horizon:
        return BoardState.DUE_SOON
    return BoardState.NORMAL


def deadline_board(
    *,
    user,
    today: datetime.date | None = None,
    unit=None,
    handler=None,
    rule_key: str = "",
    only: str = "",
) -> Board:
    """Every running case ``user`` may view with its next statutory deadline (第三十条 … 第六十二条), sorted
    by due date. Two queries: the cases, then their open deadlines (both through ``restrict``).

    ``unit``: that unit and the units below it; ``handler``: a user; ``rule_key``: only cases with that
    deadline open, showing it; ``only``: ``overdue``, ``due_soon`` or ``attention`` (both)."""
    today = today or workdays_today()
    calendar = load_calendar()
    days = reminder_days()
    horizon = reminder_horizon(on=today, days=days, calendar=calendar)
    board = Board(today=today, horizon=horizon, days=days)
    cases_qs = (
        ReconsiderationCase.objects.restrict(user, "view")
        .exclude(status__in=FINISHED_STATUSES)
        .select_related("unit", "handler")
    )
    if unit is not None:
        cases_qs = cases_qs.filter(unit__path__startswith=unit.path)
    if handler is not None:
        cases_qs = cases_qs.filter(handler=handler)
    cases = {str(c.pk): c for c in cases_qs}
    if not cases:
        return board
    deadlines = Deadline.objects.restrict(user, "view").filter(
        content_type=ContentType.objects.get_for_model(ReconsiderationCase),
        object_id__in=list(cases),
        status=DeadlineStatus.OPEN,
    )
    if rule_key:
        deadlines = deadlines.filter(rule_key=rule_key)
    # the next one: the earliest due date; a paused period (no due date) only when nothing else runs
    nearest: dict[str, Deadline] = {}
    for d in deadlines:
        kept = nearest.get(d.object_id)
        if kept is None or _sort_key(d) < _sort_key(kept):
            nearest[d.object_id] = d
    spans: dict[datetime.date, int] = {}
    for pk, case in cases.items():
        deadline = nearest.get(pk)
        if rule_key and deadline is None:
            continue
        state = _state(deadline, today, horizon)
        if only == "overdue" and state != BoardState.OVERDUE:
            continue
        if only == "due_soon" and state != BoardState.DUE_SOON:
            continue
        if only == "attention" and state not in (BoardState.OVERDUE, BoardState.DUE_SOON):
            continue
        left = None
        if deadline is not None and deadline.due_date is not None:
            if deadline.due_date not in spans:
                spans[deadline.due_date] = _working_days_between(today, deadline.due_date, calendar)
            left = spans[deadline.due_date]
        board.rows.append(BoardRow(case=case, deadline=deadline, state=state, working_days_left=left))
    board.rows.sort(key=_row_order)
    return board


def _sort_key(deadline: Deadline) -> tuple:
    return (deadline.due_date is None, deadline.due_date or datetime.date.max, deadline.rule_key)


def _row_order(row: BoardRow) -> tuple:
    d = row.deadline
    due = d.due_date if d is not None and d.due_date is not None else datetime.date.max
    rank = 0 if d is not None and d.due_date is not None else (1 if d is not None else 2)
    return (rank, due, row.case.received_on, row.case.case_number)


def board_handlers(*, user):
    """The handlers of the running cases ``user`` may view (the board's handler filter)."""
    from fazhi.core.models import User

    handler_ids = (
        ReconsiderationCase.objects.restrict(user, "view")
        .exclude(status__in=FINISHED_STATUSES)
        .filter(handler__isnull=False)
        .values("handler_id")
    )
    return User.objects.filter(pk__in=handler_ids).order_by("username")


@dataclass
class HomeAttention:
    today: datetime.date
    horizon: datetime.date
    days: int
    overdue: list[Deadline] = field(default_factory=list)
    lapsing: list[Deadline] = field(default_factory=list)
    overdue_total: int = 0
    lapsing_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.overdue_total or self.lapsing_total)


def home_attention(*, user, today: datetime.date | None = None, limit: int = 5) -> HomeAttention:
    """For the home page: the user's overdue reconsideration deadlines, and the acceptance reviews that end
    within FAZHI_REMINDER_WORKING_DAYS working days (视为受理 warning, 第三十条第三款). "The user's": the
    deadlines they are responsible for (the handler) and, for 法治工作人员 and 领导, every one of their units
    — the rule of the deadline engine's own panel (``attention_queryset``, through ``restrict``)."""
    today = today or workdays_today()
    days = reminder_days()
    horizon = reminder_horizon(on=today, days=days)
    qs = (
        attention_queryset(user)
        .filter(content_type=ContentType.objects.get_for_model(ReconsiderationCase), due_date__isnull=False)
        .select_related("unit")
        .order_by("due_date", "record_repr", "pk")
    )
    overdue = qs.filter(due_date__lt=today)
    lapsing = qs.filter(rule_key=rules.ACCEPTANCE, due_date__gte=today, due_date__lte=horizon)
    return HomeAttention(
        today=today,
        horizon=horizon,
        days=days,
        overdue=list(overdue[:limit]),
        lapsing=list(lapsing[:limit]),
        overdue_total=overdue.count(),
        lapsing_total=lapsing.count(),
    )


def acceptance_lapsed_everywhere(*, today: datetime.date) -> list[ReconsiderationCase]:
    """Every case whose acceptance review (第三十条) ended before ``today`` with no decision, in every unit:
    the work list of the daily 视为受理 task, which acts as the system (no user scope), like the deadline
    engine's own daily reminders (``responsible_users_with_attention``)."""
    case_ids = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(ReconsiderationCase),
        rule_key=rules.ACCEPTANCE,
        status=DeadlineStatus.OPEN,
        due_date__lt=today,
    ).values_list("object_id", flat=True)
    return list(
        ReconsiderationCase.objects.filter(pk__in=list(case_ids), status=CaseStatus.REVIEW)
        .select_related("unit", "handler")
        .order_by("received_on", "case_number")
    )
