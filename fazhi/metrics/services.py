"""Writes of typed-in metric values: keyword-only, atomic, audited, inside the writer's scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation, scope_prefixes
from fazhi.core.services.audit import audit_record, audit_record_bulk, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.metrics.catalog import Kind, Metric
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import UnknownMetric, get_metric

MAX_VALUE = Decimal("99999999999999")  # 18 digits, 4 of them decimals
EVIDENCE_REQUIRED = gettext_lazy("请填写依据与说明：数据来自何处、由谁统计。")


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
        raise ValidationError({"evidence": str(EVIDENCE_REQUIRED)})
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


class BulkEntryError(ValidationError):
    """A row of :func:`metric_entries_create_bulk` that cannot be saved: ``index`` counts the rows from 0,
    ``field`` names the field at fault ("" for the row as a whole)."""

    def __init__(self, index: int, message: str, field: str = ""):
        super().__init__(message)
        self.index = index
        self.field = field


@transaction.atomic
def metric_entries_create_bulk(
    *, actor, rows: Sequence[Mapping], note: str = "", progress=None, batch_size: int = 2000
) -> list[MetricEntry]:
    """Enter many figures at once (an Excel import), all or none.

    Each row is a mapping with ``key``, ``unit``, ``period``, ``value`` and ``evidence`` (the import
    form's cleaned data). The rules of :func:`metric_entry_create` hold for every row — a typed-in
    metric, a value fitting its kind, evidence, a unit inside the writer's add scope, one entry per
    metric, unit and period (in the rows and in the database) — checked in memory, with one query for
    the entries already there; the entries are inserted in batches, and each gets its own audit event
    (the one ``metric_entry_create`` writes, plus ``note``), appended to the chain in bulk. A row that
    breaks a rule raises :class:`BulkEntryError` and nothing is saved.
    """
    prefixes = scope_prefixes(actor, MetricEntry.scope_permission("add"))
    entries: list[MetricEntry] = []
    units: dict = {}
    metrics: dict[str, Metric] = {}
    first: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        unit, period = row["unit"], row["period"]
        try:
            metric = metrics.get(row["key"])
            if metric is None:
                metric = metrics[row["key"]] = typed_in_metric(row["key"])
            value = clean_value(metric, row["value"])
            evidence = _clean_evidence(row["evidence"])
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise BulkEntryError(index, messages[0], field) from None
        if unit is None or not any(unit.path.startswith(prefix) for prefix in prefixes):
            raise BulkEntryError(index, str(ScopeViolation()), "unit")
        identity = (metric.key, unit.pk, period.start, period.end)
        if identity in first:
            raise BulkEntryError(
                index, _("与第 %(n)d 条的指标、单位和期间相同。") % {"n": first[identity] + 1}
            )
        first[identity] = index
        units[unit.pk] = unit
        entries.append(
            MetricEntry(  # ids rather than objects: 50,000 related-object assignments cost a second
                key=metric.key,
                unit_id=unit.pk,
                period_start=period.start,
                period_end=period.end,
                value=value,
                evidence=evidence,
                entered_by_id=actor.pk,
            )
        )
    saved = (
        MetricEntry.objects.filter(unit_id__in=list(units))
        .order_by()
        .values_list("key", "unit_id", "period_start", "period_end")
    )
    for identity in saved.iterator(chunk_size=5000):
        if identity in first:
            index = first[identity]
            raise BulkEntryError(index, _duplicate_message(entries[index]))
    for start in range(0, len(entries), batch_size):
        try:
            with transaction.atomic():
                MetricEntry.objects.bulk_create(entries[start : start + batch_size])
        except IntegrityError:  # entered at the same moment by someone else
            raise BulkEntryError(start, _("其中有填报值刚刚由他人录入，请重新导入。")) from None
        if progress is not None:
            progress(min(start + batch_size, len(entries)) // 2)
    # What metric_entry_create records for each entry (its repr, its fields, its note), with the
    # translated words looked up once per metric and period instead of once per row.
    note_text = _("填报指标 %(key)s，%(period)s") + (f"（{note}）" if note else "")
    metric_labels: dict[str, str] = {}
    period_labels: dict[tuple, str] = {}

    def events():
        for done, entry in enumerate(entries, 1):
            period_key = (entry.period_start, entry.period_end)
            period_label = period_labels.get(period_key)
            if period_label is None:
                period_label = period_labels[period_key] = Period.for_range(*period_key).label
            metric_label = metric_labels.get(entry.key)
            if metric_label is None:
                metric_label = metric_labels[entry.key] = str(get_metric(entry.key).label)
            unit = units[entry.unit_id]
            yield {
                "action": AuditAction.CREATE,
                "obj": entry,
                "unit": unit,
                "object_repr": f"{metric_label} · {unit.name} · {period_label}",
                "changes": diff({}, snapshot(entry)),
                "note": note_text % {"key": entry.key, "period": period_label},
            }
            if progress is not None and done % batch_size == 0:
                progress((len(entries) + done) // 2)

    audit_record_bulk(actor=actor, events=events())
    if progress is not None:
        progress(len(entries))
    return entries


def _duplicate_message(entry: MetricEntry) -> str:
    metric = get_metric(entry.key)
    return _("%(unit)s %(period)s 的“%(label)s”已有填报值，请修改原填报记录。") % {
        "unit": entry.unit.name,
        "period": entry.period.label,
        "label": metric.label,
    }
