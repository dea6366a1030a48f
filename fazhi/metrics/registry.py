"""The one registry of metrics: the catalog (catalog.py) and how each metric is computed.

A module that owns the records registers, in its own ``metrics.py``, how a catalog metric is
computed from them::

    from fazhi.metrics.registry import register_count

    register_count("reconsideration.received", model=ReconsiderationCase, date_field="received_on")

or, for anything a single filtered count cannot say::

    @metric_computer("reconsideration.pending", model=ReconsiderationCase)
    def pending(subtree, period):
        qs = ReconsiderationCase.objects.filter(subtree.q(), accepted_on__lte=period.end).exclude(
            closed_on__lte=period.end)
        return qs.count(), qs

A computer gets the :class:`Subtree` (the unit asked about and everything below it) and the
:class:`~fazhi.metrics.periods.Period`, and returns ``(value, drilldown_queryset)``: the value from
ONE aggregate query over the subtree (a path-prefix join, never a loop over units), and the records
behind it, which the drill-down page lists and exports. Rates are never registered: they are
recomputed from their numerator and denominator counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q, Sum
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from fazhi.metrics.catalog import CATALOG, DOMAINS, Metric, Obtained
from fazhi.metrics.periods import Period


class UnknownMetric(LookupError):
    def __init__(self, key: str):
        self.key = key
        super().__init__(_("未知的指标：%(key)s。指标目录见“指标”页面或 GET /api/metrics/。") % {"key": key})

    def __str__(self) -> str:
        return self.args[0]


# --- the catalog -------------------------------------------------------------------------------------

_METRICS: dict[str, Metric] = {}


def define_metric(metric: Metric) -> Metric:
    """Add a metric to the catalog (catalog.py rows are added at import; a module may add its own)."""
    if metric.key in _METRICS:
        raise ImproperlyConfigured(f"指标 {metric.key} 重复定义")
    if metric.key.count(".") < 1 or metric.key != metric.key.strip():
        raise ImproperlyConfigured(f"指标键 {metric.key!r} 应为“领域.名称”形式")
    _METRICS[metric.key] = metric
    return metric


def forget_metric(key: str) -> None:
    """Remove a metric defined at run time (tests)."""
    _METRICS.pop(key, None)
    _COMPUTERS.pop(key, None)


for _metric in CATALOG:
    define_metric(_metric)


def get_metric(key: str) -> Metric:
    try:
        return _METRICS[key]
    except KeyError:
        raise UnknownMetric(key) from None


def resolve(key: str) -> Metric:
    """The metric a key names, following an alias (normative.drafts_reviewed → normative.reviewed)."""
    metric = get_metric(key)
    return get_metric(metric.alias_of) if metric.alias_of else metric


def all_metrics() -> list[Metric]:
    return list(_METRICS.values())


def metrics_by_domain() -> list[tuple[str, str, list[Metric]]]:
    """(domain, heading, metrics) in METRICS.md order; domains only code adds come last."""
    groups: dict[str, list[Metric]] = {}
    for metric in _METRICS.values():
        groups.setdefault(metric.domain, []).append(metric)
    order = [*DOMAINS, *sorted(set(groups) - set(DOMAINS))]
    return [
        (domain, str(DOMAINS.get(domain, domain)), groups[domain]) for domain in order if domain in groups
    ]


def typed_in_metrics() -> list[Metric]:
    """The metrics a person may enter a value for (aliases are entered under their target)."""
    return [m for m in _METRICS.values() if m.may_be_typed_in and not m.alias_of]


# --- rates: numerator and denominator ----------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    #: True when FAZHI_METRIC_FORMULAS (or a module's 口径 setting) replaced the catalog's 口径
    configured: bool = False
    #: the name of a 口径 a module's setting chose (register_formula_choice), e.g. 全国统计口径
    name: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return (*self.numerator, *self.denominator)

    def text(self) -> str:
        """The 口径 in words: （撤销＋变更＋…）÷审结, followed by its name when a setting chose it."""

        def side(keys: tuple[str, ...]) -> str:
            labels = "＋".join(str(get_metric(k).label) for k in keys)
            return f"（{labels}）" if len(keys) > 1 else labels

        text = f"{side(self.numerator)}÷{side(self.denominator)}"
        return f"{text}〔{self.name}〕" if self.name else text


def configured_formulas() -> dict:
    return getattr(settings, "FAZHI_METRIC_FORMULAS", None) or {}


#: rate key → a function returning the Formula a module's own setting chooses, or None for the catalog's
_FORMULA_CHOICES: dict[str, Callable[[], Formula | None]] = {}


def register_formula_choice(key: str, choose: Callable[[], Formula | None]) -> None:
    """Let a module's setting pick a rate's 口径 (e.g. FAZHI_RECONSIDERATION_CORRECTION_BASIS);
    FAZHI_METRIC_FORMULAS, when it names the rate, still wins."""
    _FORMULA_CHOICES[key] = choose


def formula_for(metric: Metric) -> Formula | None:
    """A rate's numerator and denominator: the catalog's, unless a setting names others."""
    if not metric.is_rate or not (metric.numerator or metric.key in configured_formulas()):
        return None
    override = configured_formulas().get(metric.key)
    if override:
        return Formula(tuple(override["numerator"]), tuple(override["denominator"]), configured=True)
    _discover()
    choose = _FORMULA_CHOICES.get(metric.key)
    chosen = choose() if choose is not None else None
    return chosen or Formula(metric.numerator, metric.denominator)


def formula_problems(key: str, numerator, denominator) -> list[str]:
    """Why a 口径 cannot be used (unknown keys, components that cannot be summed); empty when fine."""
    problems = []
    if key not in _METRICS:
        problems.append(f"{key}：不是目录中的指标")
    elif not _METRICS[key].is_rate:
        problems.append(f"{key}：不是比率类指标，不能设置分子分母")
    for side, keys in (("分子", numerator), ("分母", denominator)):
        if not isinstance(keys, list | tuple) or not keys:
            problems.append(f"{key}：{side}应为非空的指标键列表")
            continue
        for component in keys:
            if component not in _METRICS:
                problems.append(f"{key}：{side}中的 {component} 不是目录中的指标")
            elif not _METRICS[component].is_additive or _METRICS[component].alias_of:
                problems.append(f"{key}：{side}中的 {component} 不是可加总的计数或金额指标")
    return problems


# --- computers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subtree:
    """The unit asked about and every unit below it: the scope of one figure (METRICS.md conventions)."""

    unit: models.Model  # OrgUnit

    @property
    def path(self) -> str:
        return self.unit.path

    def q(self, unit_field: str = "unit") -> Q:
        """Records whose owning unit lies in the subtree: ``unit_id IN (units whose path starts with
        this unit's)``. One query; with an index on (unit, date field[, condition fields]) SQLite counts
        from the index alone — a join on the path instead lets its planner walk the date index and
        read every row (1,000,000 records: ~2.5 s against ~0.05 s, docs/metrics.md)."""
        if not unit_field:
            return Q(path__startswith=self.unit.path)
        return Q(**{f"{unit_field}__in": self.units.values("pk")})

    @property
    def units(self):
        from fazhi.core.models import OrgUnit

        return OrgUnit.objects.filter(path__startswith=self.unit.path)


ComputeFn = Callable[[Subtree, Period], tuple]


@dataclass(frozen=True)
class Computer:
    key: str
    fn: ComputeFn
    #: the model of the drill-down records; also the model whose view permission a reader needs
    model: type[models.Model] | None = None
    #: the drill-down columns (field names, "a__b" for related fields); default: the model's fields
    columns: tuple[str, ...] = ()
    #: register_count/register_sum: the fields an index should start with (checked by metrics.W001)
    index_fields: tuple[str, ...] = ()

    def __call__(self, subtree: Subtree, period: Period) -> tuple:
        result = self.fn(subtree, period)
        if not isinstance(result, tuple) or len(result) != 2:
            raise ImproperlyConfigured(f"指标 {self.key} 的计算函数应返回 (数值, 明细查询集)")
        value, queryset = result
        if value is not None and not isinstance(value, int | Decimal | float):
            raise ImproperlyConfigured(f"指标 {self.key} 的计算函数返回了非数值：{value!r}")
        return value, queryset


_COMPUTERS: dict[str, Computer] = {}
_discovered = False


def register_metric(
    key: str,
    *,
    compute: ComputeFn,
    model: type[models.Model] | None = None,
    columns: tuple[str, ...] | list[str] = (),
    index_fields: tuple[str, ...] = (),
) -> Computer:
    """Say how a catalog metric is computed. Refused for unknown keys, rates, aliases, typed-in-only
    metrics and a second registration of the same key."""
    metric = get_metric(key)
    if metric.is_rate:
        raise ImproperlyConfigured(f"{key} 是比率，由分子分母计算，不能注册计算函数")
    if metric.alias_of:
        raise ImproperlyConfigured(f"{key} 是 {metric.alias_of} 的别名，请注册后者")
    if metric.obtained == Obtained.TYPED_IN:
        raise ImproperlyConfigured(f"{key} 在指标目录中标为只能填报")
    existing = _COMPUTERS.get(key)
    if existing is not None and existing.fn is not compute:
        raise ImproperlyConfigured(f"指标 {key} 已由 {existing.fn.__module__} 注册计算函数")
    computer = Computer(key, compute, model, tuple(columns), tuple(index_fields))
    _COMPUTERS[key] = computer
    return computer


def metric_computer(key: str, *, model: type[models.Model] | None = None, columns=()):
    """Decorator form of :func:`register_metric`."""

    def decorate(fn: ComputeFn) -> ComputeFn:
        register_metric(key, compute=fn, model=model, columns=columns)
        return fn

    return decorate


def unregister_metric(key: str) -> None:
    """Drop a computer (tests that register their own)."""
    _COMPUTERS.pop(key, None)


def _field_is_datetime(model: type[models.Model], path: str) -> bool:
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(f"{model._meta.label} 没有字段 {path}") from exc
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return isinstance(field, models.DateTimeField)


def _index_fields(unit_field: str, date_field: str) -> tuple[str, ...]:
    """(unit, date) when both are the model's own fields; an index there lets SQLite count from it alone."""
    if "__" in unit_field or "__" in date_field or not unit_field:
        return ()
    return (unit_field, date_field)


def _base_queryset(model, subtree: Subtree, period: Period, date_field: str, unit_field: str, condition):
    qs = model._default_manager.filter(
        subtree.q(unit_field), period.q(date_field, is_datetime=_field_is_datetime(model, date_field))
    )
    return qs.filter(condition) if condition is not None else qs


def register_count(
    key: str,
    *,
    model: type[models.Model],
    date_field: str,
    condition: Q | None = None,
    unit_field: str = "unit",
    columns=(),
) -> Computer:
    """The common case: records of the subtree whose ``date_field`` falls in the period, counted."""
    _field_is_datetime(model, date_field)  # fail at registration, not at the first request

    def compute(subtree: Subtree, period: Period):
        qs = _base_queryset(model, subtree, period, date_field, unit_field, condition)
        return qs.count(), qs

    return register_metric(
        key, compute=compute, model=model, columns=columns, index_fields=_index_fields(unit_field, date_field)
    )


def register_sum(
    key: str,
    *,
    model: type[models.Model],
    date_field: str,
    field: str,
    condition: Q | None = None,
    unit_field: str = "unit",
    columns=(),
) -> Computer:
    """An amount: the sum of ``field`` over the subtree's records in the period (0 when none)."""
    _field_is_datetime(model, date_field)

    def compute(subtree: Subtree, period: Period):
        qs = _base_queryset(model, subtree, period, date_field, unit_field, condition)
        total = qs.aggregate(total=Sum(field))["total"]
        return (total if total is not None else Decimal(0)), qs

    return register_metric(
        key, compute=compute, model=model, columns=columns, index_fields=_index_fields(unit_field, date_field)
    )


def _discover() -> None:
    """Import every installed app's ``metrics`` module once, so its registrations are made."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("metrics")


def computer_for(key: str) -> Computer | None:
    _discover()
    return _COMPUTERS.get(key)


def computers() -> dict[str, Computer]:
    _discover()
    return dict(_COMPUTERS)
