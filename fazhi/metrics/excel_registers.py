"""The 指标填报值 register: typed-in metric values exported from their list page and imported from Excel.

Every row is validated through :class:`~fazhi.metrics.forms.MetricEntryImportForm` — the 新增填报 page's
form (units narrowed to the importing user's add scope, typed-in metrics only, values checked by kind,
evidence required) with the period written as one token and the metric also by its label — and the
rows are saved together by :func:`~fazhi.metrics.services.metric_entries_create_bulk`: batched inserts
and one audit event per entry, appended to the chain in bulk. An import only adds: a row for a metric,
unit and period that already has a value, or that repeats another row, is an error.

``import_entries_file(actor=…, path_or_file=…)`` runs an import without a request (the benchmark, the
shell).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.excel.importer import ImportResult, Progress, RowSaveError, run_import
from fazhi.excel.registers import DATETIME, DECIMAL, UNIT, Column, Register, get_register, register_register
from fazhi.metrics.forms import ExistingEntries, MetricEntryImportForm
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import UnknownMetric, get_metric
from fazhi.metrics.services import BulkEntryError, metric_entries_create_bulk

KEY = "metric_entries"
#: form field → the column its errors are reported in, for errors found while saving
FIELD_COLUMNS = {
    "unit": _("单位代码"),
    "key": _("指标键"),
    "period": _("期间"),
    "value": _("数值"),
    "evidence": _("依据说明"),
}


def save_entry_rows(*, actor, rows: list[dict], progress) -> None:
    """All validated rows in one bulk service call (the importer's transaction around it)."""
    try:
        metric_entries_create_bulk(actor=actor, rows=rows, note=gettext("Excel 导入"), progress=progress)
    except BulkEntryError as exc:
        column = FIELD_COLUMNS.get(exc.field, "")
        raise RowSaveError(exc.index, exc.messages[0], column=str(column)) from exc


EXPORT_FIELDS = (
    "unit__code",
    "unit__name",
    "key",
    "period_start",
    "period_end",
    "value",
    "evidence",
    "entered_by__full_name",
    "entered_by__username",
    "updated_at",
)


def entry_export_records(queryset, actor):
    """The list page's rows as values (no model instances), with the metric's label and unit of measure."""
    metrics: dict[str, tuple[str, str]] = {}
    periods: dict[tuple, str] = {}
    rows = queryset.select_related(None).values_list(*EXPORT_FIELDS)
    for code, unit_name, key, start, end, value, evidence, full_name, username, updated_at in rows.iterator(
        chunk_size=5000
    ):
        metric = metrics.get(key)
        if metric is None:
            try:
                found = get_metric(key)
                metric = metrics[key] = (str(found.label), str(found.unit))
            except UnknownMetric:
                metric = metrics[key] = ("", "")
        token = periods.get((start, end))
        if token is None:
            token = periods[(start, end)] = Period.for_range(start, end).token
        yield {
            "unit": code,
            "unit_name": unit_name,
            "key": key,
            "label": metric[0],
            "period": token,
            "value": int(value) if value == value.to_integral_value() else value.normalize(),
            "measure": metric[1],
            "evidence": evidence,
            "entered_by": full_name or username,
            "updated_at": updated_at,
        }


METRIC_ENTRIES = register_register(
    Register(
        key=KEY,
        title=_("指标填报值"),
        model=MetricEntry,
        columns=[
            Column(
                "unit",
                FIELD_COLUMNS["unit"],
                UNIT,
                required=True,
                width=16,
                example="qh-sfj",
                hint=_(
                    "填报值所属单位的机构代码（见“单位代码”工作表）；只能填您可以填报的单位。"
                    "填报值包含该单位及其全部下级。"
                ),
            ),
            Column("unit_name", _("单位名称"), width=28, importable=False),
            Column(
                "key",
                FIELD_COLUMNS["key"],
                required=True,
                width=34,
                example="mediation.legal_aid_cases",
                hint=_(
                    "指标键，如 mediation.legal_aid_cases；也可填指标名称，如“法律援助案件”。"
                    "只能填可以人工填报的指标，指标键和名称见“指标目录”页面。"
                ),
            ),
            Column("label", _("指标名称"), width=24, importable=False),
            Column(
                "period",
                FIELD_COLUMNS["period"],
                required=True,
                width=24,
                example="2025",
                hint=_(
                    "全年填 2025，季度填 2025Q3，月份填 2025-10，其他期间填 2025-01-01~2025-06-30。"
                    "该列已设为文本格式，请勿改为日期。"
                ),
            ),
            Column(
                "value",
                FIELD_COLUMNS["value"],
                DECIMAL,
                required=True,
                width=12,
                example=12,
                hint=_("计数填非负整数；比率填百分数，0–100（97.5 表示 97.5%）；最多 4 位小数。"),
            ),
            Column("measure", _("计量单位"), width=8, importable=False),
            Column(
                "evidence",
                FIELD_COLUMNS["evidence"],
                required=True,
                width=40,
                example="法律援助管理系统 2025 年度统计表",
                hint=_("必填：数据来自何处、由谁统计，如“12345 热线系统 2025 年度统计报表”。"),
            ),
            Column("entered_by", _("填报人"), width=10, importable=False),
            Column("updated_at", _("更新时间"), DATETIME, width=18, importable=False),
        ],
        form_class=MetricEntryImportForm,
        # one ExistingEntries per import: each unit's saved entries are read once, not once per row
        form_kwargs=lambda actor: {"user": actor, "existing": ExistingEntries()},
        save_rows=save_entry_rows,
        unique_in_file=(("unit", "key", "period"),),
        list_url="metrics:entries",
        prepare_export=entry_export_records,
        description=_(
            "每行新增一个填报值：一个单位、一个指标、一个期间。导入只新增，不覆盖：已有填报值的行会被指出，"
            "如需更正请在“指标填报值”页面上修改原记录。"
        ),
    )
)


def import_entries_file(
    *, actor, path_or_file, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Import an .xlsx of 指标填报值 as the import page would (without the background-job threshold).

    ``path_or_file``: a path, a binary file object or the file's bytes. Never raises for a bad file
    or row: see ``ImportResult.ok``, ``.errors``, ``.refused`` and ``.saved``.
    """
    register = get_register(KEY)
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        with path.open("rb") as stream:
            return run_import(
                register,
                stream,
                actor=actor,
                size=path.stat().st_size,
                filename=filename or path.name,
                progress=progress,
            )
    stream = io.BytesIO(path_or_file) if isinstance(path_or_file, bytes | bytearray) else path_or_file
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    name = filename or Path(str(getattr(stream, "name", "") or "")).name
    return run_import(register, stream, actor=actor, size=size, filename=name, progress=progress)
