"""Counting statutory periods (期间) — RULES.md §9.1 — and explaining the result in Chinese.

* The start day is not counted (民诉法 第85条 ¶2, 民法典 第201条).
* "N个工作日": the N-th working day after the start day; 调休上班 days count, holidays do not. This is
  the loop of RULES.md §9.1, *not* ``chinese_calendar.find_workday``, which is one day late when the
  start day is itself a rest day (2025-10-01 + 20 → 2025-11-05 instead of 2025-11-04).
* "N日": start + N days; only a last day that is a rest day moves to the next working day
  (民诉法 第85条 ¶3, 民法典 第203条).
* "N个月": the corresponding day of the N-th month, or its last day when there is none
  (民法典 第202条), then the same rest-day shift.

Clock events (RULES.md §9.1, last paragraph) are not edits of the start date:

* a pause on day P resumed on day R leaves out the days P+1 … R (R − P days): the clock ran on the day
  it stopped and starts again the day after it resumed, as it does after the start day;
* an extension adds N units to the period (working days for a working-day period, days otherwise); the
  rest-day shift applies only to the last day of the extended period;
* a restart on day X (e.g. 补正 received: 公开条例 第30条) counts the whole period again from X; pauses
  and extensions before X belonged to the earlier count and no longer apply.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fazhi.workdays.calendar import Calendar
from fazhi.workdays.choices import EventKind, PeriodKind

ONE_DAY = datetime.timedelta(days=1)
#: a period that long is a typing error, not a statute (the longest in RULES.md is 20 years)
MAX_COUNT = 100_000


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The corresponding day ``months`` later; the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = stdlib_calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last))


@dataclass(frozen=True)
class ClockEvent:
    """One event on a deadline's clock (the engine's view of a ``DeadlineEvent`` row)."""

    kind: str  # EventKind
    on: datetime.date
    days: int = 0  # extensions only
    reason: str = ""


@dataclass
class Computation:
    """The result and everything needed to explain it."""

    kind: str
    count: int
    start: datetime.date
    due: datetime.date | None  # None while the clock is paused
    uncertain: bool
    span_end: datetime.date | None  # the last day whose status mattered; None while paused
    extension: int = 0
    paused_days: int = 0
    paused_since: datetime.date | None = None
    counted_before_pause: int = 0
    remaining: int = 0
    restarted_on: datetime.date | None = None
    restart_reason: str = ""
    shifted_from: datetime.date | None = None  # the unshifted last day, when it was a rest day
    unknown_years: list[int] = field(default_factory=list)


_WORKING_DAYS, _CALENDAR_DAYS, _MONTHS = (
    str(k) for k in (PeriodKind.WORKING_DAYS, PeriodKind.CALENDAR_DAYS, PeriodKind.MONTHS)
)
_KINDS = frozenset((_WORKING_DAYS, _CALENDAR_DAYS, _MONTHS))


def _validate(kind: str, count: int) -> None:
    if kind not in _KINDS:
        raise ValueError(_("期间种类无效：%(kind)s") % {"kind": kind})
    if not isinstance(count, int) or isinstance(count, bool) or count < 1 or count > MAX_COUNT:
        raise ValueError(_("期间长度必须是 1 至 %(max)s 之间的整数。") % {"max": MAX_COUNT})


def compute(
    *,
    kind: str,
    count: int,
    start: datetime.date,
    calendar: Calendar,
    events: Iterable[ClockEvent] = (),
) -> Computation:
    """The due date of a period of ``count`` ``kind`` after ``start``, with its clock events applied."""
    _validate(kind, count)
    base = start
    restarted_on: datetime.date | None = None
    restart_reason = ""
    pauses: list[tuple[datetime.date, datetime.date | None]] = []
    extension = 0
    for event in sorted(events, key=lambda e: e.on):  # sorted() is stable: same-day events keep their order
        if event.kind == EventKind.RESTART:
            base, restarted_on, restart_reason = event.on, event.on, event.reason
            pauses, extension = [], 0
        elif event.kind == EventKind.PAUSE:
            if not pauses or pauses[-1][1] is not None:
                pauses.append((event.on, None))
        elif event.kind == EventKind.RESUME:
            if pauses and pauses[-1][1] is None:
                pauses[-1] = (pauses[-1][0], event.on)
        elif event.kind == EventKind.EXTEND:
            extension += event.days
    open_pause = pauses[-1][0] if pauses and pauses[-1][1] is None else None
    closed = [(p, r) for p, r in pauses if r is not None]
    paused_days = sum((r - p).days for p, r in closed)

    target = count + extension
    counting_kind = kind
    if kind == PeriodKind.MONTHS:
        # A month period is the calendar days to the corresponding day; pauses and day extensions add to it.
        target = (add_months(base, count) - base).days + extension
        counting_kind = _CALENDAR_DAYS

    unknown: set[int] = set()
    result = Computation(
        kind=kind,
        count=count,
        start=start,
        due=None,
        uncertain=False,
        span_end=None,
        extension=extension,
        paused_days=paused_days,
        restarted_on=restarted_on,
        restart_reason=restart_reason,
    )
    day, counted = base, 0
    if counting_kind == _CALENDAR_DAYS and not pauses:
        day, counted = base + datetime.timedelta(days=target), target
    is_workday, is_known_year = calendar.is_workday, calendar.is_known_year
    known_years: dict[int, bool] = {}
    by_working_days = counting_kind == _WORKING_DAYS
    while counted < target:
        day += ONE_DAY
        if open_pause is not None and day > open_pause:
            result.paused_since = open_pause
            result.counted_before_pause = counted
            result.remaining = target - counted
            result.unknown_years = sorted(unknown)
            result.uncertain = bool(unknown)
            return result
        if closed and any(p < day <= r for p, r in closed):
            continue
        if by_working_days:
            year = day.year
            known = known_years.get(year)
            if known is None:
                known = known_years[year] = is_known_year(year)
                if not known:
                    unknown.add(year)
            if is_workday(day):
                counted += 1
        else:
            counted += 1

    if counting_kind == _CALENDAR_DAYS:
        last = day
        if not calendar.is_known_year(day.year):
            unknown.add(day.year)
        while not calendar.is_workday(day):
            day += ONE_DAY
            if not calendar.is_known_year(day.year):
                unknown.add(day.year)
        if day != last:
            result.shifted_from = last
    result.due = day
    result.span_end = day
    result.unknown_years = sorted(unknown)
    result.uncertain = bool(unknown)
    return result


def add_working_days(start: datetime.date, count: int, calendar: Calendar) -> Computation:
    return compute(kind=PeriodKind.WORKING_DAYS, count=count, start=start, calendar=calendar)


def add_calendar_days(start: datetime.date, count: int, calendar: Calendar) -> Computation:
    return compute(kind=PeriodKind.CALENDAR_DAYS, count=count, start=start, calendar=calendar)


def add_months_period(start: datetime.date, count: int, calendar: Calendar) -> Computation:
    return compute(kind=PeriodKind.MONTHS, count=count, start=start, calendar=calendar)


# --- explanation ----------------------------------------------------------------------------------

#: the phrases of an explanation; translated once per language (gettext per call dominated a bench run)
_PHRASES = {
    "start": gettext_lazy("自%(start)s起%(period)s"),
    "restart_reason": gettext_lazy("；%(date)s因%(reason)s重新起算"),
    "restart": gettext_lazy("；%(date)s重新起算"),
    "paused": gettext_lazy("；其间中止 %(days)s 日"),
    "extended": gettext_lazy("；经批准延长 %(text)s"),
    "ext_working": gettext_lazy("%(days)s 个工作日"),
    "ext_days": gettext_lazy("%(days)s 日"),
    "pausing": gettext_lazy("；%(date)s起中止，尚余 %(remaining)s %(unit)s，恢复后重新计算届满日"),
    "unit_working": gettext_lazy("个工作日"),
    "unit_days": gettext_lazy("日"),
    "shifted": gettext_lazy("；末日%(date)s为休息日，顺延"),
    "due": gettext_lazy("，%(due)s届满"),
    "uncertain": gettext_lazy("（节假日数据缺失，按周一至周五估算）"),
}
_translated: dict[str | None, dict[str, str]] = {}


def _phrases() -> dict[str, str]:
    language = get_language()
    phrases = _translated.get(language)
    if phrases is None:
        phrases = _translated[language] = {key: str(text) for key, text in _PHRASES.items()}
        phrases.update({f"kind:{kind}": str(kind.label) for kind in PeriodKind})
    return phrases


def period_text(kind: str, count: int) -> str:
    """20个工作日 / 60日 / 6个月."""
    return f"{count}{_phrases()[f'kind:{kind}']}"


def extension_text(kind: str, days: int) -> str:
    """The unit an extension of this period is counted in: 20 个工作日 / 30 日."""
    return _phrases()["ext_working" if kind == _WORKING_DAYS else "ext_days"] % {"days": days}


def explain(result: Computation, citation: str = "") -> str:
    """ "自2025-09-30起20个工作日，2025-11-04届满（《政府信息公开条例》第三十三条）" and its clauses."""
    t = _phrases()
    parts = [
        t["start"] % {"start": result.start.isoformat(), "period": period_text(result.kind, result.count)}
    ]
    if result.restarted_on is not None:
        if result.restart_reason:
            parts.append(
                t["restart_reason"]
                % {"date": result.restarted_on.isoformat(), "reason": result.restart_reason}
            )
        else:
            parts.append(t["restart"] % {"date": result.restarted_on.isoformat()})
    if result.paused_days:
        parts.append(t["paused"] % {"days": result.paused_days})
    if result.extension:
        parts.append(t["extended"] % {"text": extension_text(result.kind, result.extension)})
    if result.due is None:
        unit = t["unit_working" if result.kind == _WORKING_DAYS else "unit_days"]
        parts.append(
            t["pausing"]
            % {"date": result.paused_since.isoformat(), "remaining": result.remaining, "unit": unit}
        )
    else:
        if result.shifted_from is not None:
            parts.append(t["shifted"] % {"date": result.shifted_from.isoformat()})
        parts.append(t["due"] % {"due": result.due.isoformat()})
    if citation:
        parts.append(f"（{citation}）")
    if result.uncertain:
        parts.append(t["uncertain"])
    return "".join(parts)
