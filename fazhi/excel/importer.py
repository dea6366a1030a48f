"""All-or-nothing import of a register's rows from an .xlsx file.

1. :func:`open_upload` checks the file (package.py), finds the register's worksheet and maps the header
   row to the register's columns; any problem is an :class:`ImportRefused` with a Chinese message.
2. :func:`validate_rows` (validation.py) reads every data row, turns each cell into what the register's form expects,
   and validates the row through that form — the same rules as the page that creates one record.
   Formulas, cells of the wrong kind, unknown unit codes and values repeated within the file are
   errors of their cell, reported with the form's own errors as "第 12 行「身份证号」：……".
3. :func:`save_rows` runs only when no row has an error: every row, through the register's save
   function (the module's service), in one transaction, with one audit event for the import.

Row numbers are those Excel shows (the header is row 1), so an official finds the row at once.
"""

from __future__ import annotations

import datetime
import io
import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.excel import conf
from fazhi.excel.package import (
    ImportRefused,
    check_signature,
    check_size,
    merged_message,
    open_package,
    scan_sheet,
)
from fazhi.excel.registers import (
    Column,
    Register,
)
from fazhi.excel.rows import (  # ERRORS_SHOWN, ImportResult, Progress, RowSaveError: the import API
    ERROR_COLUMN,
    ERRORS_SHOWN,
    CellError,
    ImportResult,
    Progress,
    Row,
    RowSaveError,
    Upload,
    normalise_header,
)
from fazhi.excel.validation import _Progress, validate_rows
from fazhi.excel.writer import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    ERROR_FILL,
    ERROR_FONT,
    add_sheet,
    header_cells,
    new_workbook,
    set_layout,
)

__all__ = [
    "ERRORS_SHOWN",
    "ImportResult",
    "Progress",
    "RowSaveError",
    "error_sheet",
    "open_upload",
    "run_import",
    "save_rows",
    "validate_rows",
]

# --- 1. the file and its header -------------------------------------------------------------------


def open_upload(register: Register, fileobj, *, size: int) -> Upload:
    check_size(size)
    check_signature(fileobj)
    package = open_package(fileobj)
    name = register.sheet_name
    part = package.sheets.get(name)
    if part is None:
        found = "、".join(f"「{n}」" for n in package.sheets) or _("（无）")
        raise ImportRefused(
            _("文件中没有名为「%(name)s」的工作表（文件中的工作表：%(found)s）。请使用本页下载的模板填写。")
            % {"name": name, "found": found}
        )
    scan = scan_sheet(package, part)
    package.archive.close()  # the caller's file stays open: openpyxl reads it next
    if scan.merged:
        raise ImportRefused(merged_message(scan.merged))
    estimated = max(scan.rows - 1, 0)
    limit = conf.max_rows()
    if estimated > limit:
        raise ImportRefused(
            _("文件有 %(rows)s 行数据，超过一次导入的上限 %(limit)s 行。请分成几个文件导入。")
            % {"rows": f"{estimated:,}", "limit": f"{limit:,}"}
        )
    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
        sheet = workbook[name]
        # Dimensions written by other programs may be wrong (or claim a million empty rows): read the rows.
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(min_row=1, max_row=1), None)
    except ImportRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportRefused(
            _("文件已损坏或格式不受支持，无法读取。请在 Excel 中打开后“另存为”Excel 工作簿（.xlsx）再导入。")
        ) from exc
    headers = [normalise_header(cell.value) for cell in first or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        workbook.close()
        raise ImportRefused(
            _("工作表「%(name)s」是空的：第 1 行应为表头。请使用本页下载的模板填写。") % {"name": name}
        )
    try:
        columns = _match_headers(register, headers)
    except ImportRefused:
        workbook.close()
        raise
    return Upload(register, workbook, sheet, headers, columns, estimated)


def _match_headers(register: Register, headers: list[str]) -> list[Column | None]:
    by_title = {normalise_header(c.title): c for c in register.import_columns()}
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    unknown, repeated = [], []
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        column = by_title.get(header)
        if not header or header in (str(ERROR_COLUMN), "错误说明"):
            columns.append(None)
            continue
        if column is None:
            unknown.append(_("「%(header)s」（%(letter)s 列）") % {"header": header, "letter": letter})
            columns.append(None)
            continue
        if header in seen:
            repeated.append(
                _("「%(header)s」（%(first)s 列和 %(letter)s 列）")
                % {"header": header, "first": seen[header], "letter": letter}
            )
        seen.setdefault(header, letter)
        columns.append(column)
    missing = [
        f"「{c.title}」"
        for c in register.import_columns()
        if c.required and normalise_header(c.title) not in seen
    ]
    problems = []
    if unknown:
        problems.append(_("表头中有无法识别的列：%(list)s") % {"list": "、".join(unknown)})
    if missing:
        problems.append(_("缺少必填的列：%(list)s") % {"list": "、".join(missing)})
    if repeated:
        problems.append(_("表头重复：%(list)s") % {"list": "、".join(repeated)})
    if problems:
        expected = "、".join(c.title for c in register.import_columns())
        raise ImportRefused(
            "；".join(problems)
            + "。"
            + _("表头应与模板一致（%(expected)s），请勿改动列名。") % {"expected": expected}
        )
    return columns


# --- 3. saving ----------------------------------------------------------------------------------


class _SaveFailed(Exception):
    def __init__(self, error: CellError):
        super().__init__(str(error))
        self.error = error


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("保存失败。")


def save_rows(register: Register, rows: list[Row], *, actor, filename: str = "", progress=None) -> int:
    """Saves every row or none; returns how many were saved."""
    meter = _Progress(progress, len(rows))
    message = _("正在保存")
    try:
        with transaction.atomic():
            if register.save_rows is not None:

                def bulk_progress(done: int) -> None:
                    meter.step(70, 99, done, message)

                try:
                    register.save_rows(actor=actor, rows=[r.cleaned for r in rows], progress=bulk_progress)
                except RowSaveError as exc:
                    row = rows[exc.index] if 0 <= exc.index < len(rows) else rows[0]
                    raise _SaveFailed(CellError(row.number, exc.column, exc.message)) from exc
            else:
                for done, row in enumerate(rows, 1):
                    try:
                        register.save_row(actor=actor, data=row.cleaned)
                    except (ValidationError, PermissionDenied, DatabaseError) as exc:
                        raise _SaveFailed(CellError(row.number, "", _messages(exc))) from exc
                    meter.step(70, 99, done, message)
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="excel.import",
                object_id=register.key,
                object_repr=_("Excel 导入：%(title)s") % {"title": register.title},
                unit=_actor_unit(actor),
                note=_("从文件“%(file)s”导入%(title)s %(count)d 条")
                % {"file": filename[:200], "title": register.title, "count": len(rows)},
            )
    except _SaveFailed:
        raise
    except (ValidationError, PermissionDenied) as exc:
        raise _SaveFailed(CellError(rows[0].number, "", _messages(exc))) from exc
    return len(rows)


def _actor_unit(actor):
    membership = actor.current_membership() if hasattr(actor, "current_membership") else None
    return membership.unit if membership else None


# --- everything together ------------------------------------------------------------------------


def run_import(
    register: Register, fileobj, *, actor, size: int, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Check, validate and (only when every row passes) save; never raises for a bad file or row."""
    started = time.perf_counter()
    result = ImportResult(register=register)
    try:
        upload = open_upload(register, fileobj, size=size)
    except ImportRefused as exc:
        result.refused = exc.message
        return result
    try:
        rows = validate_rows(upload, actor=actor, progress=progress)
        result.rows = len(rows)
        result.errors = [error for row in rows for error in row.errors]
        if result.errors:
            if progress:
                progress(99, _("正在生成错误说明表"))
            result.error_sheet = error_sheet(upload, rows)
        else:
            try:
                result.saved = save_rows(register, rows, actor=actor, filename=filename, progress=progress)
            except _SaveFailed as exc:
                result.errors = [exc.error]
                result.error_sheet = error_sheet(upload, rows, extra=[exc.error])
    except ImportRefused as exc:
        result.refused = exc.message
    finally:
        upload.close()
    result.seconds = time.perf_counter() - started
    return result


def error_sheet(upload: Upload, rows: list[Row], extra: list[CellError] = ()) -> bytes:
    """The uploaded rows again, each bad cell highlighted, with an 错误说明 column at the end."""
    register = upload.register
    by_row: dict[int, list[CellError]] = {}
    for error in [e for row in rows for e in row.errors] + list(extra):
        by_row.setdefault(error.row, []).append(error)
    titles = [header or "" for header in upload.headers]
    positions = {}
    for index, column in enumerate(upload.columns):
        if column is not None:
            positions.setdefault(column.title, index)
    workbook = new_workbook()
    sheet = add_sheet(workbook, register.sheet_name)
    widths = [column.width if column is not None else 14 for column in upload.columns]
    set_layout(sheet, [*widths, 60])
    header = header_cells(sheet, [*titles, str(ERROR_COLUMN)])
    header[-1].font = Font(bold=True, color=ERROR_FONT.color)
    sheet.append(header)
    for row in rows:
        values = [_plain(getattr(cell, "value", cell)) for cell in row.values]
        values += [None] * (len(titles) - len(values))
        errors = by_row.get(row.number)
        if not errors:
            sheet.write_rows([values])  # text starting with "=" stays text here
            continue
        bad = {positions[e.column] for e in errors if e.column in positions}
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # show the formula that was refused, never run it
            if isinstance(value, datetime.date):
                is_datetime = isinstance(value, datetime.datetime)
                cell.number_format = DATETIME_FORMAT if is_datetime else DATE_FORMAT
            if index in bad:
                cell.fill = ERROR_FILL
            cells.append(cell)
        note = WriteOnlyCell(sheet, value="；".join(error.in_row() for error in errors))
        note.font = ERROR_FONT
        sheet.append([*cells, note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value):
    """What an error sheet can hold: formulas as their text, everything else as read."""
    if value is None or isinstance(value, str | int | float | Decimal | bool | datetime.date | datetime.time):
        return value
    return str(value)
