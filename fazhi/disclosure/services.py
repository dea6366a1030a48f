"""Writes of the disclosure tables: keyword-only, atomic, audited, inside the writer's scope.

Every figure goes through :func:`report_save`, whatever brought it (the entry page, the API, the .xlsx
import, the platform's own figures): the values are parsed cell by cell, merged onto the stored table,
and the whole table is checked (tables.check) before anything is written. One refusal anywhere refuses
the save entirely; the ValidationError is keyed by cell code (``t3.carried_over.natural``) and each
message names the table, the row and the column in the form's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.tables import DEFAULT_LAYOUT, LAYOUTS, Cell, Layout, check, format_value, parse_value

FIRST_YEAR = 2008  # 《政府信息公开条例》 took effect on 2008-05-01


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("年度应为四位数字，如 2025。")}) from None
    latest = timezone.localdate().year
    if not FIRST_YEAR <= year <= latest:
        raise ValidationError(
            {"year": _("年度应在 %(first)d 年至 %(last)d 年之间。") % {"first": FIRST_YEAR, "last": latest}}
        )
    return year


def stored_inputs(report: DisclosureReport) -> dict[str, Decimal]:
    return {c.code: c.value for c in report.cells.all()}


def report_values(report: DisclosureReport) -> dict[str, Decimal]:
    """Every cell of the report, totals included."""
    values, _errors = check(report.table_layout, stored_inputs(report))
    return values


@transaction.atomic
def report_create(
    *, actor, unit, year, layout: str = DEFAULT_LAYOUT, values: Mapping[str, Any] | None = None
) -> DisclosureReport:
    """A unit's tables for a year, every cell 0 (or ``values``, checked as :func:`report_save` does)."""
    ensure_unit_allowed(user=actor, unit=unit, model=DisclosureReport, action="add")
    year = _check_year(year)
    if layout not in LAYOUTS:
        raise ValidationError({"layout": _("未知的表格格式：%(layout)s。") % {"layout": layout}})
    if DisclosureReport.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(unit)s %(year)d年度的年报表已存在，请在原表上修改。")
                % {"unit": unit.name, "year": year}
            }
        )
    report = DisclosureReport.objects.create(unit=unit, year=year, layout=layout, created_by=actor)
    DisclosureCell.objects.bulk_create(
        DisclosureCell(unit=unit, report=report, table=c.table, row=c.row, column=c.column, value=0)
        for c in report.table_layout.input_cells
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        changes={"year": [None, str(year)], "layout": [None, layout]},
        note=_("新建政府信息公开年报表"),
    )
    ensure_in_scope(user=actor, obj=report, action="add")
    if values:
        report_save(actor=actor, report=report, values=values, note=_("新建时填报"))
    return report


def parse_values(layout: Layout, values: Mapping[str, Any]) -> tuple[dict, dict, dict[str, list[str]]]:
    """(typed inputs, figures stated for computed cells, refusals) from ``{cell code: raw value}``."""
    inputs: dict[str, Decimal] = {}
    stated: dict[str, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in values.items():
        cell = layout.cells.get(code)
        if cell is None:
            errors.setdefault(code, []).append(_("没有编号为“%(code)s”的单元格。") % {"code": code})
            continue
        if cell.computed and (raw is None or (isinstance(raw, str) and not raw.strip())):
            continue  # a blank total: computed
        value, problem = parse_value(cell, raw)
        if problem:
            errors.setdefault(code, []).append(problem)
        elif cell.computed:
            stated[code] = value
        else:
            inputs[code] = value
    return inputs, stated, errors


@dataclass
class SaveResult:
    report: DisclosureReport
    changed: list[Cell]


@transaction.atomic
def report_save(*, actor, report: DisclosureReport, values: Mapping[str, Any], note: str = "") -> SaveResult:
    """Set the cells in ``values`` (others keep their stored figures) and check the whole table.

    Figures for computed cells (totals) may be given: each must equal its sum. Refused entirely —
    nothing written — if any value or any cross-check fails."""
    ensure_in_scope(user=actor, obj=report, action="change")
    locked = DisclosureReport.objects.select_for_update().get(pk=report.pk)
    if locked.status == DisclosureReport.Status.CONFIRMED:
        raise ValidationError(_("该年报表已确认，不能修改。如需更正，请由有审批权限的人员先“退回填报”。"))
    layout = report.table_layout
    inputs, stated, errors = parse_values(layout, values)
    stored = {c.code: c for c in report.cells.all()}
    merged = {code: cell.value for code, cell in stored.items()}
    merged.update(inputs)
    _values, check_errors = check(layout, merged, stated)
    for code, messages in check_errors.items():
        errors.setdefault(code, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    changed: list[Cell] = []
    rows: list[DisclosureCell] = []
    changes: dict[str, list] = {}
    for code, value in inputs.items():
        row = stored[code]
        if row.value != value:
            cell = layout.cells[code]
            changes[cell.where] = [format_value(cell, row.value), format_value(cell, value)]
            row.value, row.entered_by = value, actor
            rows.append(row)
            changed.append(cell)
    if rows:
        now = timezone.now()
        for row in rows:
            row.updated_at = now
        DisclosureCell.objects.bulk_update(rows, ["value", "entered_by", "updated_at"])
        DisclosureReport.objects.filter(pk=report.pk).update(updated_at=now)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            changes=changes,
            note=(note or _("填报年报表")) + _("（%(n)d 个单元格）") % {"n": len(rows)},
        )
    return SaveResult(report, changed)


def report_confirm(*, actor, report: DisclosureReport) -> DisclosureReport:
    """填报中 → 已确认 (APPROVE): the figures are frozen until someone with APPROVE reopens the table."""
    return transition(
        actor=actor, obj=report, name="confirm", confirmed_by=actor, confirmed_at=timezone.now()
    )


def report_reopen(*, actor, report: DisclosureReport, reason: str) -> DisclosureReport:
    """已确认 → 填报中 (APPROVE), with the reason in the audit log."""
    return transition(
        actor=actor, obj=report, name="reopen", reason=reason, confirmed_by=None, confirmed_at=None
    )


# --- the platform's own figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellSource:
    """Where a cell's figure could come from: a catalog metric with a computer, or why not."""

    cell: Cell
    key: str = ""
    label: str = ""
    available: bool = False
    reason: str = ""


def _own_models() -> tuple:
    return (DisclosureReport, DisclosureCell)


def cell_sources(layout: Layout) -> list[CellSource]:
    """For every typed cell: the metric that can fill it, looked up in the registry now (a module
    that registers its computer later makes the cell fillable without a change here). A metric computed
    from these very tables is never a source (it would copy the table into itself)."""
    from fazhi.metrics.registry import UnknownMetric, computer_for, get_metric

    result = []
    for cell in layout.input_cells:
        source = None
        candidates = []
        for key in cell.sources:
            try:
                metric = get_metric(key)
            except UnknownMetric:
                continue
            computer = computer_for(key)
            if computer is not None and computer.model not in _own_models():
                source = CellSource(cell, key, str(metric.label), True)
                break
            candidates.append((key, str(metric.label)))
        if source is None:
            if candidates:
                key, label = candidates[0]
                source = CellSource(cell, key, label, False, _("平台尚未计算该指标"))
            else:
                source = CellSource(cell, reason=_("平台无此数据来源"))
        result.append(source)
    return result


@dataclass
class PrefillResult:
    filled: list[tuple[Cell, str, Decimal]]
    without_source: list[CellSource]
    without_data: list[CellSource]


@transaction.atomic
def report_prefill(*, actor, report: DisclosureReport) -> PrefillResult:
    """Fill every cell the platform computes (用平台数据填入) from the metric for the report's unit and
    everything below it, for the report's year; the others keep what was typed. Saved through
    :func:`report_save` (same checks, same audit)."""
    from fazhi.metrics.periods import Period
    from fazhi.metrics.values import evaluate

    ensure_in_scope(user=actor, obj=report, action="change")
    period = Period.for_year(report.year)
    values: dict[str, Decimal] = {}
    filled, without_source, without_data = [], [], []
    memo: dict = {}
    for source in cell_sources(report.table_layout):
        if not source.available:
            without_source.append(source)
            continue
        result = evaluate(source.key, report.unit, period, memo=memo)
        if result.computed_value is None:
            without_data.append(source)
            continue
        value = Decimal(result.computed_value)
        values[source.cell.code] = value
        filled.append((source.cell, source.key, value))
    if values:
        report_save(actor=actor, report=report, values=values, note=_("用平台数据填入"))
    return PrefillResult(filled, without_source, without_data)


def audit_export(*, actor, report: DisclosureReport, fmt: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=report,
        note=_("导出年报表（%(fmt)s）") % {"fmt": fmt},
    )
