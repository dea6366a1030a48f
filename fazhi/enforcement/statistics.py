"""行政执法 statistics for a unit (and below) and a period: the enforcement.* figures of METRICS.md through the
metric registry (computed or typed in, as the engine decides), compared with the same period of the previous
year, and breakdowns of the cases: per month (立案 / 作出决定), by department, by kind of item, by penalty kind,
公示 timeliness per month and 法制审核 results. Every query of records goes through ``restrict(user, "view")``.

The breakdowns count as the figures do: cases by ``filed_on`` (立案) and decisions by ``decided_on``; 公示 by
its due day (``publication_due_on`` in the period; 按时 = published by that day, 国办发〔2018〕118号); legal reviews
by ``reviewed_on`` (审核结论作出之日). A key another module has not registered yet shows “无数据”.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from fazhi.core.models import OrgUnit
from fazhi.enforcement.cases.choices import DecisionKind, ItemKind, PenaltyKind, Procedure, ReviewResult
from fazhi.enforcement.cases.models import EnforcementCase, LegalReview
from fazhi.metrics.catalog import Kind
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import Subtree, formula_for, get_metric
from fazhi.metrics.selectors import metric_value
from fazhi.metrics.values import MetricValue, percent

_E = "enforcement."

#: the figures, grouped as the seed reports list them (METRICS.md enforcement.*)
HEADLINE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("执法主体与人员", ("bodies", "personnel", "certificates_total", "supervision_certificates")),
    (
        "执法证件",
        (
            "certificates_issued",
            "certificates_new",
            "certificates_renewed",
            "certificates_replaced",
            "training_pass_rate",
        ),
    ),
    (
        "执法案件与三项制度",
        ("cases", "major_cases_legal_review", "publication_timely_rate", "transfers_to_judiciary"),
    ),
    ("案卷评查", ("case_files_reviewed", "case_files_excellent")),
    (
        "双随机、一公开",
        ("random_inspection_tasks", "random_inspection_entities", "cross_dept_tasks", "cross_dept_share"),
    ),
)
HEADLINE_KEYS = tuple(_E + k for _group, keys in HEADLINE_GROUPS for k in keys)


def previous_year(period: Period) -> Period:
    """The same period of the previous year (2025Q3 → 2024Q3; 2024-02-29 becomes 2023-02-28)."""
    if period.kind == "year":
        return Period.for_year(period.start.year - 1)
    if period.kind == "quarter":
        return Period.for_quarter(period.start.year - 1, period.quarter)
    if period.kind == "month":
        return Period.for_month(period.start.year - 1, period.start.month)

    def back(day):
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return Period.for_range(back(period.start), back(period.end))


# --- headline figures ------------------------------------------------------------------------------


@dataclass
class Figure:
    metric: object  # catalog Metric
    current: MetricValue
    previous: MetricValue
    basis: str = ""  # a rate's formula in words

    @property
    def display(self) -> str:
        return self.current.display_with_unit

    @property
    def previous_display(self) -> str:
        return self.previous.display_with_unit

    @property
    def change(self) -> str:
        """增减 against the same period of the previous year: +3 / −1.5个百分点 / —."""
        a, b = self.current.value, self.previous.value
        if a is None or b is None or self.current.not_applicable or self.previous.not_applicable:
            return "—"
        diff = Decimal(a) - Decimal(b)
        text = f"{int(diff):+d}" if self.metric.kind == Kind.COUNT else f"{diff.quantize(Decimal('0.1')):+}"
        return f"{text}个百分点" if self.metric.kind == Kind.RATE else text


def headline(*, user, unit, period: Period) -> list[tuple[str, list[Figure]]]:
    """The figures of ``unit`` (and below) for ``period`` and a year earlier, through ``metric_value``
    (the user must view the unit and the records behind each figure, else ``OrgUnit.DoesNotExist``)."""
    previous = previous_year(period)
    memo: dict = {}
    groups = []
    for heading, keys in HEADLINE_GROUPS:
        figures = []
        for short in keys:
            key = _E + short
            metric = get_metric(key)
            formula = formula_for(metric) if metric.is_rate else None
            figures.append(
                Figure(
                    metric=metric,
                    current=metric_value(user=user, key=key, unit=unit, period=period, memo=memo),
                    previous=metric_value(user=user, key=key, unit=unit, period=previous, memo=memo),
                    basis=formula.text() if formula else "",
                )
            )
        groups.append((heading, figures))
    return groups


# --- breakdowns ------------------------------------------------------------------------------------


def _cases(user, unit):
    return EnforcementCase.objects.restrict(user, "view").filter(Subtree(unit).q())


def _months(period: Period) -> list[tuple[int, int]]:
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _per_month(queryset, date_field: str, period: Period, **aggregates) -> dict:
    rows = (
        queryset.filter(period.q(date_field))
        .annotate(y=ExtractYear(date_field), m=ExtractMonth(date_field))
        .values("y", "m")
        .annotate(**aggregates)
        .order_by()
    )
    return {(row.pop("y"), row.pop("m")): row for row in rows}


def monthly(*, user, unit, period: Period) -> list[dict]:
    """立案 and 作出决定 per month, with the 公示 due in the month: on time, late, not yet published."""
    base = _cases(user, unit)
    filed = _per_month(base, "filed_on", period, n=Count("pk"))
    decided = _per_month(base, "decided_on", period, n=Count("pk"))
    due = _per_month(
        base,
        "publication_due_on",
        period,
        due=Count("pk"),
        timely=Count("pk", filter=Q(published_on__lte=F("publication_due_on"))),
        late=Count("pk", filter=Q(published_on__gt=F("publication_due_on"))),
    )
    rows = []
    for year, month in _months(period):
        pub = due.get((year, month), {})
        rows.append(
            {
                "label": f"{year}年{month}月",
                "filed": filed.get((year, month), {}).get("n", 0),
                "decided": decided.get((year, month), {}).get("n", 0),
                "due": pub.get("due", 0),
                "timely": pub.get("timely", 0),
                "late": pub.get("late", 0),
                "unpublished": pub.get("due", 0) - pub.get("timely", 0) - pub.get("late", 0),
            }
        )
    return rows


@dataclass
class DepartmentRow:
    label: str
    filed: int = 0
    decided: int = 0
    summary: int = 0
    penalties: int = 0
    fines: Decimal = Decimal(0)
    major: int = 0
    due: int = 0
    timely: int = 0

    @property
    def timely_rate(self) -> Decimal | None:
        return percent(self.timely, self.due) if self.due else None

    @property
    def timely_display(self) -> str:
        rate = self.timely_rate
        return "—" if rate is None else f"{rate}%"

    @property
    def fines_display(self) -> str:
        return f"{self.fines / 10000:,.2f}"


@dataclass
class Departments:
    rows: list[DepartmentRow] = field(default_factory=list)
    total: DepartmentRow = field(default_factory=lambda: DepartmentRow("合计"))


def by_department(*, user, unit, period: Period) -> Departments:
    """Per handling unit: 立案, 决定 (of which 当场处罚, 给予处罚), 罚没金额, 重大案件, 公示 due and on time."""
    base = _cases(user, unit)
    decided_q = period.q("decided_on")
    rows = (
        base.filter(period.q("filed_on") | decided_q | period.q("publication_due_on"))
        .values("unit_id")
        .annotate(
            filed=Count("pk", filter=period.q("filed_on")),
            decided=Count("pk", filter=decided_q),
            summary=Count("pk", filter=decided_q & Q(procedure=Procedure.SUMMARY)),
            penalties=Count("pk", filter=decided_q & Q(decision_kind=DecisionKind.PENALTY)),
            fines=Sum("fine_amount", filter=decided_q & Q(decision_kind=DecisionKind.PENALTY)),
            major=Count("pk", filter=decided_q & Q(is_major=True)),
            due=Count("pk", filter=period.q("publication_due_on")),
            timely=Count(
                "pk", filter=period.q("publication_due_on") & Q(published_on__lte=F("publication_due_on"))
            ),
        )
        .order_by()
    )
    names = {u.pk: (u.sort_order, u.name) for u in OrgUnit.objects.filter(path__startswith=unit.path)}
    result = Departments()
    for row in rows:
        result.rows.append(
            DepartmentRow(
                label=names.get(row["unit_id"], ("", "（未知单位）"))[1],
                filed=row["filed"],
                decided=row["decided"],
                summary=row["summary"],
                penalties=row["penalties"],
                fines=Decimal(row["fines"] or 0),
                major=row["major"],
                due=row["due"],
                timely=row["timely"],
            )
        )
    result.rows.sort(key=lambda r: (-r.filed, -r.decided, r.label))
    total = result.total
    for name in ("filed", "decided", "summary", "penalties", "fines", "major", "due", "timely"):
        setattr(
            total, name, sum((getattr(r, name) for r in result.rows), Decimal(0) if name == "fines" else 0)
        )
    return result


def by_item_kind(*, user, unit, period: Period) -> list[tuple[str, int]]:
    """Cases filed in the period by the kind of their 执法事项 (the order of the enumeration, zeros left out)."""
    counts = dict(
        _cases(user, unit)
        .filter(period.q("filed_on"))
        .values("item__kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("item__kind", "n")
    )
    return [(str(label), counts[value]) for value, label in ItemKind.choices if counts.get(value)]


def by_decision(*, user, unit, period: Period) -> list[tuple[str, int]]:
    """Decisions made in the period by 处理决定 (zeros included)."""
    counts = dict(
        _cases(user, unit)
        .filter(period.q("decided_on"))
        .values("decision_kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("decision_kind", "n")
    )
    return [(str(label), counts.get(value, 0)) for value, label in DecisionKind.choices]


def by_penalty_kind(*, user, unit, period: Period) -> list[tuple[str, int]]:
    """Penalty decisions of the period by 处罚种类 (处罚法 第九条); a decision with several kinds counts in each."""
    counts: Counter = Counter()
    lists = (
        _cases(user, unit)
        .filter(period.q("decided_on"), decision_kind=DecisionKind.PENALTY)
        .values_list("penalty_kinds", flat=True)
    )
    for kinds in lists.iterator(chunk_size=5000):
        counts.update(kinds or ())
    return [(str(label), counts.get(value, 0)) for value, label in PenaltyKind.choices]


def legal_reviews(*, user, unit, period: Period) -> list[tuple[str, int]]:
    """法制审核 (处罚法 第五十八条) concluded in the period by result, and those submitted and still pending."""
    reviews = LegalReview.objects.restrict(user, "view").filter(Subtree(unit).q())
    counts = dict(
        reviews.filter(period.q("reviewed_on"))
        .values("result")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("result", "n")
    )
    rows = [
        (str(label), counts.get(value, 0))
        for value, label in ReviewResult.choices
        if value != ReviewResult.PENDING
    ]
    pending = reviews.filter(result=ReviewResult.PENDING, submitted_on__lte=period.end).count()
    rows.append((str(ReviewResult.PENDING.label), pending))
    return rows


@dataclass
class Statistics:
    unit: object
    period: Period
    previous: Period
    groups: list
    months: list
    departments: Departments
    item_kinds: list
    decisions: list
    penalty_kinds: list
    reviews: list


def statistics(*, user, unit, period: Period) -> Statistics:
    """Everything the statistics page and its export show."""
    return Statistics(
        unit=unit,
        period=period,
        previous=previous_year(period),
        groups=headline(user=user, unit=unit, period=period),
        months=monthly(user=user, unit=unit, period=period),
        departments=by_department(user=user, unit=unit, period=period),
        item_kinds=by_item_kind(user=user, unit=unit, period=period),
        decisions=by_decision(user=user, unit=unit, period=period),
        penalty_kinds=by_penalty_kind(user=user, unit=unit, period=period),
        reviews=legal_reviews(user=user, unit=unit, period=period),
    )
