"""Metric values for any unit and period, aggregated up the unit tree (unscoped; see selectors.py).

The rules (METRICS.md conventions, docs/metrics.md):

- A unit's figure covers the unit and every unit below it.
- Counts and amounts sum. A computed figure is one aggregate query over the subtree. A typed-in
  figure is the unit's own entry for exactly that period; where it has none, the sum of the figures
  of the units below it (each again its own entry, or the sum below it).
- Rates are recomputed from the summed numerator and denominator, never averaged; a zero
  denominator makes the rate "not applicable", shown "—", never 0% or 100%.
- Scores are not summed: a unit has its own score or none.
- Where a computed and a typed-in figure both exist, both are reported; the computed one is used,
  unless it is a zero with no record behind it (nothing kept on the platform for that subtree and
  period), where the typed-in figure is used (docs/metrics.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.metrics.catalog import Kind, Metric
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import Formula, Subtree, computer_for, formula_for, get_metric, resolve

NOT_APPLICABLE_TEXT = "—"


class Source(models.TextChoices):
    COMPUTED = "computed", gettext_lazy("计算")
    TYPED_IN = "typed_in", gettext_lazy("填报")
    NONE = "none", gettext_lazy("无数据")


def _trim(value: Decimal, *, least: int, most: int) -> str:
    """``value`` with at least ``least`` and at most ``most`` decimals, rounded half up."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        whole, decimals = text.split(".")
        decimals = decimals.rstrip("0").ljust(least, "0")
        return f"{whole}.{decimals}" if decimals else whole
    return f"{text}.{'0' * least}" if least else text


def format_number(metric: Metric, value, *, typed: bool = False) -> str:
    """The figure as officials write it: 12, 66.7%, 35.50, 92.5 (no unit word; rates carry %)."""
    if value is None:
        return ""
    if metric.kind == Kind.COUNT:
        return str(int(value))
    if metric.kind == Kind.RATE:
        if typed:  # as precise as entered: "two decimals where the source has two"
            return f"{_trim(value, least=1, most=2)}%"
        return f"{_trim(value, least=metric.decimals, most=metric.decimals)}%"
    if metric.kind == Kind.AMOUNT:
        return _trim(value, least=2, most=2)
    return _trim(value, least=0, most=2)


def with_unit(metric: Metric, text: str) -> str:
    if not text or text == NOT_APPLICABLE_TEXT or metric.kind == Kind.RATE:
        return text
    return f"{text}{metric.unit}"


def format_typed_value(metric: Metric, value) -> str:
    return with_unit(metric, format_number(metric, value, typed=True))


def percent(numerator, denominator, decimals: int = 1) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


@dataclass
class MetricValue:
    metric: Metric
    unit: object  # OrgUnit
    period: Period
    value: int | Decimal | None = None
    source: str = Source.NONE
    #: a rate whose denominator is 0
    not_applicable: bool = False
    numerator: int | Decimal | None = None
    denominator: int | Decimal | None = None
    #: the figure from the records (for a rate: recomputed from its components)
    computed_value: int | Decimal | None = None
    computed_not_applicable: bool = False
    #: the typed-in figure, shown beside the computed one and used only when there is none
    typed_in_value: int | Decimal | None = None
    typed_in_entries: int = 0
    drilldown_available: bool = False
    formula: Formula | None = None
    components: tuple[MetricValue, ...] = ()
    #: components of a rate without any figure
    missing: tuple[str, ...] = ()
    requested_key: str = ""

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def has_computed(self) -> bool:
        return self.computed_value is not None or self.computed_not_applicable

    @property
    def both(self) -> bool:
        """A computed and a typed-in figure both exist (the page marks it; see ``_nothing_behind``)."""
        return self.has_computed and self.typed_in_value is not None

    @property
    def differs(self) -> bool:
        if not self.both:
            return False
        return self.computed_not_applicable or Decimal(self.computed_value) != Decimal(self.typed_in_value)

    @property
    def display(self) -> str:
        if self.not_applicable:
            return NOT_APPLICABLE_TEXT
        if self.value is None:
            return str(Source.NONE.label)
        return format_number(
            self.metric, self.value, typed=self.source == Source.TYPED_IN and self.numerator is None
        )

    @property
    def display_with_unit(self) -> str:
        if self.value is None:
            return self.display
        return with_unit(self.metric, self.display)

    @property
    def computed_display(self) -> str:
        if self.computed_not_applicable:
            return NOT_APPLICABLE_TEXT
        return with_unit(self.metric, format_number(self.metric, self.computed_value))

    @property
    def typed_in_display(self) -> str:
        return format_typed_value(self.metric, self.typed_in_value)

    @property
    def source_label(self) -> str:
        return str(Source(self.source).label)

    @property
    def formula_text(self) -> str:
        return self.formula.text() if self.formula else ""

    def number(self, value):
        """JSON number: an int for counts, a float otherwise (already rounded for display)."""
        if value is None:
            return None
        if self.metric.kind == Kind.COUNT or (isinstance(value, int) and not isinstance(value, bool)):
            return int(value)
        return float(value)

    def as_dict(self) -> dict:
        data = {
            "key": self.metric.key,
            "label": str(self.metric.label),
            "measure": self.metric.unit,
            "kind": self.metric.kind,
            "unit": {"id": str(self.unit.pk), "code": self.unit.code, "name": self.unit.name},
            "period": self.period.as_dict(),
            "value": self.number(self.value),
            "display": self.display_with_unit,
            "source": self.source,
            "not_applicable": self.not_applicable,
            "computed_value": self.number(self.computed_value),
            "typed_in_value": self.number(self.typed_in_value),
            "typed_in_entries": self.typed_in_entries,
            "both_present": self.both,
            "drilldown_available": self.drilldown_available,
        }
        if self.requested_key and self.requested_key != self.metric.key:
            data["requested_key"] = self.requested_key
        if self.metric.is_rate:
            data.update(
                numerator=self.number(self.numerator),
                denominator=self.number(self.denominator),
                formula=self.formula_text,
                formula_configured=bool(self.formula and self.formula.configured),
                numerator_keys=list(self.formula.numerator) if self.formula else [],
                denominator_keys=list(self.formula.denominator) if self.formula else [],
                missing=list(self.missing),
            )
        return data


# --- typed-in figures --------------------------------------------------------------------------------


@dataclass
class TypedFigure:
    total: Decimal | None = None  # the unit's own entry, or the sum of the topmost entries below it
    own: Decimal | None = None
    entries: int = 0
    paths: list = field(default_factory=list)


def typed_figures(keys, unit, period: Period) -> dict[str, TypedFigure]:
    """Typed-in figures of ``keys`` for ``unit`` (and below) and exactly ``period``: one query."""
    from fazhi.metrics.models import MetricEntry

    rows = (
        MetricEntry.objects.filter(
            key__in=list(keys),
            period_start=period.start,
            period_end=period.end,
            unit__path__startswith=unit.path,
        )
        .order_by("key", "unit__path")
        .values_list("key", "unit__path", "value")
    )
    figures: dict[str, TypedFigure] = {}
    for key, path, value in rows:
        figure = figures.setdefault(key, TypedFigure())
        figure.entries += 1
        if path == unit.path:
            figure.own = value
        # Sorted by path, so an ancestor's entry comes first; an entry below it is already counted in it.
        if not any(path.startswith(kept) for kept in figure.paths):
            figure.paths.append(path)
            figure.total = (figure.total or Decimal(0)) + value
    return figures


# --- evaluation --------------------------------------------------------------------------------------


def _as_kind(metric: Metric, value):
    if value is None:
        return None
    return int(value) if metric.kind == Kind.COUNT else Decimal(value)


def _plain(metric: Metric, unit, period: Period, typed: dict[str, TypedFigure]) -> MetricValue:
    """A count, an amount or a score."""
    result = MetricValue(metric, unit, period)
    computer = computer_for(metric.key) if metric.may_be_computed else None
    queryset = None
    if computer is not None:
        value, queryset = computer(Subtree(unit), period)
        result.computed_value = _as_kind(metric, value)
        result.drilldown_available = queryset is not None
    figure = typed.get(metric.key) if metric.may_be_typed_in else None
    if figure is not None:
        # Only a count or an amount adds up from the units below; a score is the unit's own.
        typed_value = figure.total if metric.is_additive else figure.own
        result.typed_in_value = _as_kind(metric, typed_value)
        result.typed_in_entries = figure.entries
    if result.computed_value is not None and not (
        result.typed_in_value is not None and _nothing_behind(result.computed_value, queryset)
    ):
        result.value, result.source = result.computed_value, Source.COMPUTED
    elif result.typed_in_value is not None:
        result.value, result.source = result.typed_in_value, Source.TYPED_IN
    return result


def _nothing_behind(value, queryset) -> bool:
    """A computed zero with no record behind it: the work is not kept on the platform for this subtree
    and period (e.g. a county whose 2025 cases were handled in another system), so it is no evidence
    against a figure typed in for it."""
    return queryset is not None and not value and not queryset.exists()


def _rate(metric: Metric, unit, period: Period, typed: dict[str, TypedFigure], memo: dict) -> MetricValue:
    result = MetricValue(metric, unit, period)
    formula = formula_for(metric)
    result.formula = formula
    derived_source = None
    if formula is not None and metric.may_be_computed:
        components = tuple(_evaluate(get_metric(k), unit, period, typed, memo) for k in formula.keys)
        result.components = components
        result.missing = tuple(c.metric.key for c in components if c.value is None)
        if not result.missing:
            count = len(formula.numerator)
            numerator = sum((c.value for c in components[:count]), start=0)
            denominator = sum((c.value for c in components[count:]), start=0)
            result.numerator, result.denominator = numerator, denominator
            if denominator == 0:
                result.computed_not_applicable = True
            else:
                result.computed_value = percent(numerator, denominator, metric.decimals)
            all_computed = all(c.source == Source.COMPUTED for c in components)
            derived_source = Source.COMPUTED if all_computed else Source.TYPED_IN
    figure = typed.get(metric.key) if metric.may_be_typed_in else None
    if figure is not None and figure.own is not None:
        result.typed_in_value = Decimal(figure.own)
        result.typed_in_entries = figure.entries
    if derived_source is not None:
        result.source = derived_source
        result.value = result.computed_value
        result.not_applicable = result.computed_not_applicable
    elif result.typed_in_value is not None:
        result.value, result.source = result.typed_in_value, Source.TYPED_IN
    return result


def _evaluate(metric: Metric, unit, period: Period, typed: dict, memo: dict) -> MetricValue:
    memo_key = (metric.key, unit.pk, period)
    if memo_key not in memo:
        if metric.is_rate:
            memo[memo_key] = _rate(metric, unit, period, typed, memo)
        else:
            memo[memo_key] = _plain(metric, unit, period, typed)
    return memo[memo_key]


def keys_involved(metric: Metric) -> tuple[str, ...]:
    formula = formula_for(metric)
    return (metric.key, *(formula.keys if formula else ()))


def evaluate(key: str | Metric, unit, period: Period, *, memo: dict | None = None) -> MetricValue:
    """The value of one metric for ``unit`` and everything below it, in ``period``.

    Unscoped: callers that act for a user go through :func:`fazhi.metrics.selectors.metric_value`.
    Pass the same ``memo`` to several calls to reuse components (e.g. a table of rates).
    """
    requested = key if isinstance(key, str) else key.key
    metric = resolve(requested)
    memo = {} if memo is None else memo
    typed_key = ("typed", metric.key, unit.pk, period)
    if typed_key not in memo:
        memo[typed_key] = typed_figures(keys_involved(metric), unit, period)
    result = _evaluate(metric, unit, period, memo[typed_key], memo)
    if requested != metric.key:
        result = MetricValue(**{**result.__dict__, "requested_key": requested})
    return result


def models_behind(key: str) -> list[type[models.Model]]:
    """The record models a figure is computed from (a reader needs their view permission)."""
    metric = resolve(key)
    found = []
    for component in keys_involved(metric):
        computer = computer_for(component)
        if computer is not None and computer.model is not None and computer.model not in found:
            found.append(computer.model)
    return found


def describe_missing(value: MetricValue) -> str:
    if not value.missing:
        return ""
    labels = "、".join(str(get_metric(k).label) for k in value.missing)
    return _("缺少%(labels)s的数据，无法计算。") % {"labels": labels}
