"""Which days state organs work: the official schedule, the administrators' entries, and what is unknown.

Order of precedence for a date (RULES.md §9): a day entered on the calendar page (放假 or 调休上班)
first, then the ``chinesecalendar`` package (2004–2026 in 1.11.0), then Monday–Friday. A year is
*known* when the package covers it or an administrator has marked the entered year complete; an
answer for an unknown year is an estimate and says so (:attr:`WorkdayAnswer.certain`).

The package's own ``is_workday`` recomputes ``min()``/``max()`` over its whole table on every call;
a deadline engine asks thousands of times, so this module reads the package's tables directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as PACKAGE_HOLIDAYS
from chinese_calendar.constants import workdays as PACKAGE_WORKDAYS
from django.utils.translation import gettext as _

from fazhi.workdays.choices import DayKind

PACKAGE_VERSION: str = chinese_calendar.__version__
PACKAGE_FIRST_YEAR: int = min(PACKAGE_HOLIDAYS).year
PACKAGE_LAST_YEAR: int = max(PACKAGE_HOLIDAYS).year
_HOLIDAY_NAMES = {member.value: member.chinese for member in Holiday}


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


def package_holiday_name(value: str) -> str:
    """The package stores English names ("Spring Festival"); officials read 春节."""
    return _HOLIDAY_NAMES.get(value, value)


@dataclass(frozen=True)
class WorkdayAnswer:
    """Whether a date is a working day, and whether that is known or estimated.

    Truthy exactly when ``workday`` is, so ``if is_workday(d):`` reads as it should; ``certain`` is
    False for a year with no official data, where the answer is Monday–Friday.
    """

    workday: bool
    certain: bool
    name: str = ""
    source: str = ""  # "manual", "package", "weekday"

    def __bool__(self) -> bool:
        return self.workday


@dataclass(frozen=True)
class ScheduledDay:
    """A 放假 or 调休上班 day from either source, for the calendar page."""

    date: datetime.date
    kind: str  # DayKind
    name: str
    source: str  # "manual" or "package"
    note: str = ""
    pk: int | None = None


@dataclass
class Calendar:
    """A snapshot of the calendar: cheap to query, safe to pass to thousands of computations."""

    overrides: dict[datetime.date, tuple[str, str]] = field(default_factory=dict)  # date → (kind, name)
    complete_years: frozenset[int] = frozenset()
    revision: int = 0

    @property
    def version(self) -> str:
        """Stored with every computed deadline; any calendar change or package upgrade changes it."""
        return f"cc{PACKAGE_VERSION}+r{self.revision}"

    def is_known_year(self, year: int) -> bool:
        return package_covers(year) or year in self.complete_years

    def is_workday(self, day: datetime.date) -> bool:
        entry = self.overrides.get(day)
        if entry is not None:
            return entry[0] == DayKind.WORKDAY
        if PACKAGE_FIRST_YEAR <= day.year <= PACKAGE_LAST_YEAR:
            return day in PACKAGE_WORKDAYS or (day.weekday() < 5 and day not in PACKAGE_HOLIDAYS)
        return day.weekday() < 5

    def check(self, day: datetime.date) -> WorkdayAnswer:
        certain = self.is_known_year(day.year)
        entry = self.overrides.get(day)
        if entry is not None:
            return WorkdayAnswer(entry[0] == DayKind.WORKDAY, certain, entry[1], "manual")
        if package_covers(day.year):
            if day in PACKAGE_WORKDAYS:
                return WorkdayAnswer(
                    True,
                    True,
                    _("%(name)s调休上班") % {"name": package_holiday_name(PACKAGE_WORKDAYS[day])},
                    "package",
                )
            if day in PACKAGE_HOLIDAYS:
                return WorkdayAnswer(False, True, package_holiday_name(PACKAGE_HOLIDAYS[day]), "package")
        return WorkdayAnswer(day.weekday() < 5, certain, "", "weekday")

    def scheduled_days(self, year: int) -> list[ScheduledDay]:
        """The year's 放假 and 调休上班 days: entered ones, and the package's ones they do not replace."""
        days: dict[datetime.date, ScheduledDay] = {}
        if package_covers(year):
            for table, kind in ((PACKAGE_HOLIDAYS, DayKind.HOLIDAY), (PACKAGE_WORKDAYS, DayKind.WORKDAY)):
                for day, value in table.items():
                    if day.year == year:
                        name = package_holiday_name(value)
                        if kind == DayKind.WORKDAY:
                            name = _("%(name)s调休上班") % {"name": name}
                        days[day] = ScheduledDay(day, kind, name, "package")
        for day, (kind, name) in self.overrides.items():
            if day.year == year:
                days[day] = ScheduledDay(day, kind, name, "manual")
        return [days[d] for d in sorted(days)]


def package_calendar() -> Calendar:
    """The package alone, for when no database is at hand (``fazhi deadline`` before ``migrate``)."""
    return Calendar()


def load_calendar() -> Calendar:
    """The current calendar from the database: three small queries, no cache to go stale."""
    from fazhi.workdays.models import CalendarDay, CalendarState, CalendarYear

    overrides = {row.date: (row.kind, row.name) for row in CalendarDay.objects.all()}
    complete = frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    state = CalendarState.objects.filter(pk=1).first()
    return Calendar(overrides=overrides, complete_years=complete, revision=state.revision if state else 0)


def is_workday(day: datetime.date, calendar: Calendar | None = None) -> WorkdayAnswer:
    """Is ``day`` a working day? Pass a loaded ``calendar`` when asking many times."""
    return (calendar or load_calendar()).check(day)
