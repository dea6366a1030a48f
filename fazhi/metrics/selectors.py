"""Reads of the metric engine for a user: every one checks the unit against the user's scope.

A figure covers a unit and everything below it, so a user who may view a unit may see its figures
(the view scope is a subtree). Out of scope reads as "not found", exactly like a unit that does not
exist (``OrgUnit.DoesNotExist``; pages and the API answer 404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from fazhi.core.models import OrgUnit
from fazhi.core.scoping import has_permission_on_unit
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import Subtree, computer_for, resolve
from fazhi.metrics.values import MetricValue, evaluate, models_behind


class DrilldownUnavailable(ValueError):
    """The figure has no records behind it to list (typed in, a rate, or nothing computes it)."""


def visible_unit(*, user, unit: OrgUnit | str, key: str | None = None) -> OrgUnit:
    """``unit`` (an OrgUnit, its id or its code) if ``user`` may view it — and the records behind
    ``key`` there; otherwise ``OrgUnit.DoesNotExist``."""
    units = OrgUnit.objects.restrict(user, "view")
    if isinstance(unit, OrgUnit):
        found = units.filter(pk=unit.pk).first()
    else:
        found = find_unit(units, str(unit))
    if found is None:
        raise OrgUnit.DoesNotExist(_("未找到该单位，或该单位不在您的管辖范围内。"))
    if key is not None:
        for model in models_behind(key):
            if not has_permission_on_unit(user, model.scope_permission("view"), found):
                raise OrgUnit.DoesNotExist(_("未找到该单位，或该单位不在您的管辖范围内。"))
    return found


def find_unit(units: models.QuerySet, text: str) -> OrgUnit | None:
    """The unit with this id or 机构代码 among ``units``."""
    try:
        return units.filter(pk=uuid.UUID(text)).first()
    except ValueError:
        return units.filter(code=text).first()


def metric_value(
    *, user, key: str, unit: OrgUnit | str, period: Period, memo: dict | None = None
) -> MetricValue:
    """The value of ``key`` for ``unit`` (and below) in ``period``, if ``user`` may view that unit."""
    resolve(key)  # an unknown key is UnknownMetric before any scope question
    unit = visible_unit(user=user, unit=unit, key=key)
    return evaluate(key, unit, period, memo=memo)


def metric_table(
    *, user, key: str, unit: OrgUnit | str, period: Period
) -> tuple[MetricValue, list[MetricValue]]:
    """The unit's figure and those of its active direct subordinates (all within the unit's subtree)."""
    total = metric_value(user=user, key=key, unit=unit, period=period, memo=(memo := {}))
    # Sorted here, not by the database: PostgreSQL's collation would order Chinese names differently.
    children = sorted(
        OrgUnit.objects.filter(parent=total.unit, is_active=True), key=lambda u: (u.sort_order, u.name)
    )
    return total, [evaluate(key, child, period, memo=memo) for child in children]


@dataclass
class Drilldown:
    value: MetricValue
    queryset: models.QuerySet
    columns: tuple[str, ...]

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model


def metric_drilldown(*, user, key: str, unit: OrgUnit | str, period: Period) -> Drilldown:
    """The records behind a computed figure, restricted to what ``user`` may view."""
    metric = resolve(key)
    value = metric_value(user=user, key=key, unit=unit, period=period)
    computer = computer_for(metric.key)
    if metric.is_rate or computer is None or value.source != "computed" or not value.drilldown_available:
        raise DrilldownUnavailable(_("该数值不是由业务记录计算得出，没有可列出的明细。"))
    _value, records = computer(Subtree(value.unit), period)
    model = records.model
    restricted = model._default_manager.restrict(user, "view").filter(pk__in=records.values("pk"))
    ordering = records.query.order_by or model._meta.ordering or ["pk"]
    return Drilldown(value, restricted.order_by(*ordering), computer.columns)


def metric_entries(*, user, action: str = "view") -> models.QuerySet:
    return MetricEntry.objects.restrict(user, action).select_related("unit", "entered_by")
