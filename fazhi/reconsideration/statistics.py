"""Reconsideration statistics for a unit (and below) and a period: the headline figures through the metric
registry, breakdowns by respondent organ, matter category and decision type, the monthly trend and the
same period of the previous year. Every query of cases goes through ``restrict(user, "view")``.

The breakdowns count exactly what the registered metrics count (metrics.py): 收到申请 by ``received_on``,
审结 and the decision types by ``closed_on`` — so each breakdown's rows add up to the headline totals. The
纠错率 of a row follows the 口径 in force (``formula_for``: FAZHI_METRIC_FORMULAS, else
FAZHI_RECONSIDERATION_CORRECTION_BASIS, else the catalog).
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from fazhi.metrics.catalog import Kind
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import Subtree, formula_for, get_metric
from fazhi.metrics.selectors import metric_value
from fazhi.metrics.values import MetricValue, percent
from fazhi.reconsideration import correction_basis
from fazhi.reconsideration.choices import (
    DecisionType,
    MatterCategory,
    TerminationGround,
)
from fazhi.reconsideration.metrics import MERITS_DECISIONS
from fazhi.reconsideration.models import ReconsiderationCase

_RC = "reconsideration."

#: the headline figures, in the order of the seed reports (METRICS.md reconsideration.*)
HEADLINE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("收案与受理", ("received", "accepted", "not_accepted", "other_handling")),
    ("审结与未结", ("closed", "pending", "simple_procedure", "hearings", "overdue", "avg_handling_days")),
    (
        "结案方式",
        (
            "upheld",
            "revoked",
            "changed",
            "confirmed_illegal",
            "confirmed_invalid",
            "ordered_perform",
            "rejected",
            "mediated",
            "terminated",
        ),
    ),
    ("纠错", ("correction_rate", "direct_correction_rate")),
)
HEADLINE_KEYS = tuple(_RC + k for _group, keys in HEADLINE_GROUPS for k in keys)

#: the condition (on a case closed in the period) each closed-based count key stands for — the same
#: conditions as metrics.py, so a breakdown row's 纠错率 is the rate's own formula applied to the row
CLOSED_CONDITIONS: dict[str, Q] = {
    _RC + "closed": Q(closed_on__isnull=False),
    _RC + "upheld": Q(decision_type=DecisionType.UPHOLD),
    _RC + "revoked": Q(decision_type__in=(DecisionType.REVOKE, DecisionType.REVOKE_REDO)),
    _RC + "changed": Q(decision_type=DecisionType.CHANGE),
    _RC + "confirmed_illegal": Q(decision_type=DecisionType.CONFIRM_ILLEGAL),
    _RC + "confirmed_invalid": Q(decision_type=DecisionType.CONFIRM_INVALID),
    _RC + "ordered_perform": Q(decision_type=DecisionType.ORDER_PERFORM),
    _RC + "rejected": Q(decision_type__in=(DecisionType.REJECT_REQUEST, DecisionType.REJECT_APPLICATION)),
    _RC + "mediated": Q(decision_type=DecisionType.MEDIATE),
    _RC + "terminated": Q(decision_type=DecisionType.TERMINATE),
    _RC + "terminated_self_corrected": Q(
        decision_type=DecisionType.TERMINATE, termination_ground=TerminationGround.WITHDRAWN_SELF_CORRECTED
    ),
    _RC + "decided_on_merits": Q(decision_type__in=MERITS_DECISIONS),
    _RC + "overdue": Q(closed_late=True),
}


def _any_of(keys) -> Q | None:
    """Cases matching any of ``keys`` (the keys' conditions are disjoint where a formula adds them up)."""
    if not keys or any(key not in CLOSED_CONDITIONS for key in keys):
        return None
    return functools.reduce(operator.or_, (CLOSED_CONDITIONS[key] for key in keys))


def previous_year(period: Period) -> Period:
    """The same period of the previous year (2025Q3 → 2024Q3; 2024-02-29 becomes 2023-02-28)."""

    def back(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    if period.kind == "year":
        return Period.for_year(period.start.year - 1)
    if period.kind == "quarter":
        return Period.for_quarter(period.start.year - 1, period.quarter)
    if period.kind == "month":
        return Period.for_month(period.start.year - 1, period.start.month)
    return Period.for_range(back(period.start), back(period.end))


# --- headline figures ------------------------------------------------------------------------------


@dataclass
class Figure:
    metric: object  # catalog Metric
    current: MetricValue
    previous: MetricValue
    #: the 口径 of a rate, named (正文 shows it beside the value)
    basis: str = ""

    @property
    def display(self) -> str:
        return display(self.current)

    @property
    def previous_display(self) -> str:
        return display(self.previous)

    @property
    def change(self) -> str:
        """增减 against the same period of the previous year: +3 / −1.5个百分点 / —."""
        a, b = self.current.value, self.previous.value
        if a is None or b is None or self.current.not_applicable or self.previous.not_applicable:
            return "—"
        diff = Decimal(a) - Decimal(b)
        if self.metric.kind == Kind.COUNT:
            text = f"{int(diff):+d}"
        else:
            text = f"{diff.quantize(Decimal('0.1')):+}"
        if self.metric.kind == Kind.RATE:
            return f"{text}个百分点"
        return text


def display(value: MetricValue) -> str:
    """As the page and the export show it: 12件, 27.8%, 35.0日 (an average with one decimal), —, 无数据."""
    if value.metric.key == _RC + "avg_handling_days" and value.value is not None:
        return f"{Decimal(value.value).quantize(Decimal('0.1'))}{value.metric.unit}"
    return value.display_with_unit


def rate_basis(key: str) -> str:
    """The 口径 of a rate in words, named: the 纠错率 by its basis, any other rate by its formula."""
    if key == correction_basis.RATE_KEY:
        return correction_basis.describe()
    formula = formula_for(get_metric(key))
    return formula.text() if formula else ""


def headline(*, user, unit, period: Period) -> list[tuple[str, list[Figure]]]:
    """The headline figures of ``unit`` (and below) for ``period`` and the same period a year earlier,
    through the metric registry (``metric_value``: the user must view the unit)."""
    previous = previous_year(period)
    memo: dict = {}
    groups = []
    for heading, keys in HEADLINE_GROUPS:
        figures = []
        for short in keys:
            key = _RC + short
            metric = get_metric(key)
            figures.append(
                Figure(
                    metric=metric,
                    current=metric_value(user=user, key=key, unit=unit, period=period, memo=memo),
                    previous=metric_value(user=user, key=key, unit=unit, period=previous, memo=memo),
                    basis=rate_basis(key) if metric.is_rate else "",
                )
            )
        groups.append((heading, figures))
    return groups


# --- breakdowns ------------------------------------------------------------------------------------


@dataclass
class BreakdownRow:
    label: str
    received: int = 0
    closed: int = 0
    corrected: int | None = 0  # the rate's numerator; None when the 口径 cannot be applied per row
    base: int | None = 0  # the rate's denominator

    @property
    def rate(self) -> Decimal | None:
        if self.corrected is None or not self.base:
            return None
        return percent(self.corrected, self.base)

    @property
    def rate_display(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate}%"


@dataclass
class Breakdown:
    title: str
    rows: list[BreakdownRow] = field(default_factory=list)
    total: BreakdownRow = field(default_factory=lambda: BreakdownRow("合计"))


def _cases(user, unit, period: Period):
    """The cases of ``unit`` and below that the user may view and that were received or closed in the period."""
    return (
        ReconsiderationCase.objects.restrict(user, "view")
        .filter(Subtree(unit).q())
        .filter(period.q("received_on") | period.q("closed_on"))
    )


def _breakdown(user, unit, period: Period, *, by: str, title: str, labels=None) -> Breakdown:
    """One aggregate query grouped by ``by``: received, closed and the 纠错率's numerator and denominator."""
    formula = formula_for(get_metric(correction_basis.RATE_KEY))
    numerator = _any_of(formula.numerator) if formula else None
    denominator = _any_of(formula.denominator) if formula else None
    closed_q = period.q("closed_on")
    aggregates = {
        "received": Count("pk", filter=period.q("received_on")),
        "closed": Count("pk", filter=closed_q),
    }
    if numerator is not None and denominator is not None:
        aggregates["corrected"] = Count("pk", filter=closed_q & numerator)
        aggregates["base"] = Count("pk", filter=closed_q & denominator)
    rows = _cases(user, unit, period).values(by).annotate(**aggregates).order_by()
    result = Breakdown(title=title)
    per_row = "corrected" in aggregates
    for row in rows:
        label = row[by] or "（未填写）"
        if labels is not None:
            label = labels.get(row[by], label)
        result.rows.append(
            BreakdownRow(
                label=str(label),
                received=row["received"],
                closed=row["closed"],
                corrected=row["corrected"] if per_row else None,
                base=row["base"] if per_row else None,
            )
        )
    result.rows.sort(key=lambda r: (-r.received, -r.closed, r.label))
    total = result.total
    total.received = sum(r.received for r in result.rows)
    total.closed = sum(r.closed for r in result.rows)
    total.corrected = sum(r.corrected for r in result.rows) if per_row else None
    total.base = sum(r.base for r in result.rows) if per_row else None
    return result


def by_respondent(*, user, unit, period: Period) -> Breakdown:
    return _breakdown(user, unit, period, by="respondent_name", title="按被申请人")


def by_category(*, user, unit, period: Period) -> Breakdown:
    breakdown = _breakdown(
        user, unit, period, by="category", title="按案件类别", labels=dict(MatterCategory.choices)
    )
    order = {str(label): i for i, (_v, label) in enumerate(MatterCategory.choices)}
    breakdown.rows.sort(key=lambda r: order.get(r.label, len(order)))
    return breakdown


def by_decision(*, user, unit, period: Period) -> list[tuple[str, int]]:
    """Cases closed in the period by 结案方式, in the order of the enumeration (zeros included)."""
    counts = dict(
        ReconsiderationCase.objects.restrict(user, "view")
        .filter(Subtree(unit).q(), period.q("closed_on"))
        .values("decision_type")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("decision_type", "n")
    )
    rows = [(str(label), counts.pop(value, 0)) for value, label in DecisionType.choices]
    unknown = sum(counts.values())
    if unknown:
        rows.append(("（未填写）", unknown))
    return rows


def monthly_trend(*, user, unit, period: Period) -> list[dict]:
    """Received and closed per calendar month of the period (two aggregate queries)."""
    base = ReconsiderationCase.objects.restrict(user, "view").filter(Subtree(unit).q())

    def per_month(date_field: str) -> dict:
        rows = (
            base.filter(period.q(date_field))
            .annotate(y=ExtractYear(date_field), m=ExtractMonth(date_field))
            .values("y", "m")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("y", "m", "n")
        )
        return {(y, m): n for y, m, n in rows}

    received, closed = per_month("received_on"), per_month("closed_on")
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(
            {
                "label": f"{year}年{month}月",
                "received": received.get((year, month), 0),
                "closed": closed.get((year, month), 0),
            }
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass
class Statistics:
    unit: object
    period: Period
    previous: Period
    basis_name: str
    basis_text: str
    groups: list
    respondents: Breakdown
    categories: Breakdown
    decisions: list
    months: list


def statistics(*, user, unit, period: Period) -> Statistics:
    """Everything the statistics page and its export show."""
    return Statistics(
        unit=unit,
        period=period,
        previous=previous_year(period),
        basis_name=correction_basis.basis_label(),
        basis_text=correction_basis.describe(),
        groups=headline(user=user, unit=unit, period=period),
        respondents=by_respondent(user=user, unit=unit, period=period),
        categories=by_category(user=user, unit=unit, period=period),
        decisions=by_decision(user=user, unit=unit, period=period),
        months=monthly_trend(user=user, unit=unit, period=period),
    )
