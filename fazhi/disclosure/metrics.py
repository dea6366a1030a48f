"""disclosure.* metrics determined by the yearly tables (METRICS.md; docs/disclosure.md).

A figure for a unit is the sum over the tables of every unit in its subtree for the year — each
unit's table counts that unit's own requests (本机关), so nothing is counted twice. A table counts
whatever its status (填报中 or 已确认: there is one table per unit and year); the drill-down lists the
tables. The tables answer whole years only: for a quarter or a month, or where no unit of the subtree
has a table for the year, the computer has no figure (a typed-in one may then answer).
"""

from __future__ import annotations

from django.db.models import Q, Sum

from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.tables import T3_APPLICANTS, T3_RESPONSE_GROUPS
from fazhi.metrics.registry import register_metric

COLUMNS = ("unit", "year", "status", "updated_at")
APPLICANT_COLUMNS = tuple(code for code, _label in T3_APPLICANTS)


def _year(period) -> int | None:
    """The year a period is exactly (2025, or 2025-01-01~2025-12-31); None for anything shorter."""
    start, end = period.start, period.end
    whole = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
    return start.year if whole else None


def table_sum(condition: Q):
    """A computer: the sum of the typed cells matching ``condition`` over the subtree's tables."""

    def compute(subtree, period):
        year = _year(period)
        if year is None:
            return None, DisclosureReport.objects.none()
        reports = DisclosureReport.objects.filter(subtree.q(), year=year)
        total = DisclosureCell.objects.filter(
            condition, report__year=year, report__unit__in=subtree.units.values("pk")
        ).aggregate(total=Sum("value"))["total"]
        return (None if total is None else int(total)), reports

    return compute


def _t3_rows(*rows: str) -> Q:
    return Q(table="t3", row__in=rows, column__in=APPLICANT_COLUMNS)


def _t4_groups(*groups: str) -> Q:
    return Q(table="t4", row__in=groups, column__in=("upheld", "corrected", "other", "pending"))


FIGURES = {
    "disclosure.requests": _t3_rows("new"),
    "disclosure.requests_carried_over": _t3_rows("carried"),
    "disclosure.reconsiderations_against": _t4_groups("review"),
    "disclosure.lawsuits_against": _t4_groups("direct", "after_review"),
    **{f"disclosure.responses_by_type.{key}": _t3_rows(*rows) for key, rows in T3_RESPONSE_GROUPS.items()},
}

for _key, _condition in FIGURES.items():
    register_metric(_key, compute=table_sum(_condition), model=DisclosureReport, columns=COLUMNS)
