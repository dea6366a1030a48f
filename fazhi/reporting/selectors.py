"""Reads of the reporting app, always through ``restrict()`` for the user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import get_metric
from fazhi.metrics.values import evaluate
from fazhi.reporting import rules
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.figures import FigureResolver, Resolved, figure_url
from fazhi.reporting.models import AnnualReport

SUBMITTED = (ReportStatus.FROZEN, ReportStatus.PUBLISHED)
DEFAULT_COMPARISON_KEYS = (
    "reconsideration.received",
    "reconsideration.correction_rate",
    "litigation.head_appearance_rate",
    "normative.filing_rate",
    "disclosure.requests",
)


@dataclass
class CalendarState:
    unit: OrgUnit
    year: int
    calendar: rules.ReportCalendar
    report: AnnualReport | None
    today: datetime.date

    @property
    def submit_due(self) -> datetime.date:
        return self.calendar.submit_due(self.year)

    @property
    def publish_due(self) -> datetime.date:
        return self.calendar.publish_due(self.year)

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "尚未起草"

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status in SUBMITTED

    @property
    def published(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.PUBLISHED

    @property
    def submit_overdue(self) -> bool:
        return not self.submitted and self.today > self.submit_due

    @property
    def publish_overdue(self) -> bool:
        return not self.published and self.today > self.publish_due

    @property
    def state(self) -> str:
        """overdue / done / open, for the badge."""
        if self.submit_overdue or self.publish_overdue:
            return "overdue"
        return "done" if self.published else "open"


def calendar_state(
    *, user, unit: OrgUnit, year: int, today: datetime.date | None = None
) -> CalendarState | None:
    calendar = rules.calendar_for(unit)
    if calendar is None:
        return None
    report = AnnualReport.objects.restrict(user, "view").filter(unit=unit, year=year).first()
    return CalendarState(unit, year, calendar, report, today or timezone.localdate())


@dataclass
class SupervisedRow:
    unit: OrgUnit
    state: CalendarState
    figures: list[Resolved] = field(default_factory=list)


def supervised_rows(*, user, unit: OrgUnit, year: int, keys, today=None) -> list[SupervisedRow]:
    """Every unit below ``unit`` that files a report, its report's status against the deadline and the
    chosen figures (frozen snapshots for frozen reports, live otherwise)."""
    today = today or timezone.localdate()
    units = [
        u for u in OrgUnit.objects.restrict(user, "view").filter(path__startswith=unit.path, is_active=True)
        .exclude(pk=unit.pk).select_related("parent").order_by("path")
        if rules.calendar_for(u) is not None
    ]  # fmt: skip
    reports = {
        r.unit_id: r for r in AnnualReport.objects.restrict(user, "view").filter(unit__in=units, year=year)
    }
    rows = []
    for u in units:
        report = reports.get(u.pk)
        state = CalendarState(u, year, rules.calendar_for(u), report, today)
        resolver = FigureResolver(u, year)
        figures = []
        for key in keys:
            if report is not None and report.is_frozen and key in report.frozen_figures:
                figures.append(Resolved.from_dict(key, report.frozen_figures[key]))
            else:
                figures.append(resolver.resolve(key))
        rows.append(SupervisedRow(u, state, figures))
    return rows


def comparison_keys(text: str) -> list[str]:
    keys = []
    for key in (k.strip() for k in (text or "").replace("，", ",").split(",")):
        if key and key not in keys:
            get_metric(key)  # UnknownMetric for a wrong key
            keys.append(key)
    return keys or list(DEFAULT_COMPARISON_KEYS)


def live_value(key: str, unit, year: int):
    value = evaluate(key, unit, Period.for_year(year))
    return value, figure_url(value)
