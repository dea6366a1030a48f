"""Writes of typed-in metric values: keyword-only, atomic, audited, inside the writer's scope."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.metrics.catalog import Kind, Metric
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import UnknownMetric, get_metric

MAX_VALUE = Decimal("99999999999999")  # 18 digits, 4 of them decimals


def typed_in_metric(key: str) -> Metric:
    """The metric ``key`` names, if a value may be typed in for it; ValidationError otherwise."""
    try:
        metric = get_metric(key)
    except UnknownMetric as exc:
        raise ValidationError({"key": str(exc)}) from None
    if metric.alias_of:
        raise ValidationError(
            {
                "key": _("%(key)s 是 %(target)s 的别名，请在后者下填报。")
                % {"key": key, "target": metric.alias_of}
            }
        )
    if not metric.may_be_typed_in:
        raise ValidationError(
            {"key": _("“%(label)s”只由业务记录计算，不能人工填报。") % {"label": metric.label}}
        )
    return metric


def clean_value(metric: Metric, value) -> Decimal:
    """The value as a Decimal fitting the metric's kind, or ValidationError naming the rule."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("请输入数字。")}) from None
    if not number.is_finite():
        raise ValidationError({"value": _("请输入数字。")})
    if number < 0:
        raise ValidationError({"value": _("数值不能为负数。")})
    if number > MAX_VALUE:
        raise ValidationError({"value": _("数值过大。")})
    if number != number.quantize(Decimal("0.0001")):
        raise ValidationError({"value": _("最多保留 4 位小数。")})
    if metric.kind == Kind.COUNT and number != number.to_integral_value():
        raise ValidationError(
            {
                "value": _("“%(label)s”是计数，应为整数（单位：%(unit)s）。")
                % {"label": metric.label, "unit": metric.unit}
            }
        )
    if metric.kind == Kind.RATE and number > 100:
        raise ValidationError({"value": _("比率以百分数填写，应在 0 到 100 之间（如 97.5 表示 97.5%）。")})
    return number


def _clean_evidence(evidence: str) -> str:
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("请填写依据与说明：数据来自何处、由谁统计。")})
    return evidence


@transaction.atomic
def metric_entry_create(
    *, actor, key: str, unit: OrgUnit, period: Period, value, evidence: str
) -> MetricEntry:
    """Enter a figure for one unit and one period. One entry per metric, unit and period: correct it
    by editing, never by entering a second one."""
    metric = typed_in_metric(key)
    ensure_unit_allowed(user=actor, unit=unit, model=MetricEntry, action="add")
    entry = MetricEntry(
        key=metric.key,
        unit=unit,
        period_start=period.start,
        period_end=period.end,
        value=clean_value(metric, value),
        evidence=_clean_evidence(evidence),
        entered_by=actor,
    )
    duplicate = _("%(unit)s %(period)s 的“%(label)s”已有填报值，请修改原填报记录。") % {
        "unit": unit.name,
        "period": period.label,
        "label": metric.label,
    }
    if MetricEntry.objects.filter(
        key=entry.key, unit=unit, period_start=period.start, period_end=period.end
    ).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # entered at the same moment by someone else
        raise ValidationError(duplicate) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        changes=diff({}, snapshot(entry)),
        note=_("填报指标 %(key)s，%(period)s") % {"key": entry.key, "period": period.label},
    )
    ensure_in_scope(user=actor, obj=entry, action="add")
    return entry


@transaction.atomic
def metric_entry_update(*, actor, entry: MetricEntry, value, evidence: str) -> MetricEntry:
    """Correct a figure or its evidence; the metric, unit and period stay (delete and re-enter those)."""
    entry = MetricEntry.objects.restrict(actor, "change").select_related("unit").get(pk=entry.pk)
    before = snapshot(entry)
    metric = typed_in_metric(entry.key)
    entry.value = clean_value(metric, value)
    entry.evidence = _clean_evidence(evidence)
    entry.save(update_fields=["value", "evidence", "updated_at"])
    changes = diff(before, snapshot(entry))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=entry, changes=changes)
    ensure_in_scope(user=actor, obj=entry, action="change")
    return entry


@transaction.atomic
def metric_entry_delete(*, actor, entry: MetricEntry) -> None:
    entry = MetricEntry.objects.restrict(actor, "delete").select_related("unit").get(pk=entry.pk)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=entry, changes=diff(snapshot(entry), {}))
    entry.delete()
