"""All-or-nothing import of a register's rows from an .xlsx file.

1. :func:`open_upload` checks the file (package.py), finds the register's worksheet and maps the header
   row to the register's columns; any problem is an :class:`ImportRefused` with a Chinese message.
2. :func:`validate_rows` reads every data row, turns each cell into what the register's form expects,
   and validates the row through that form — the same rules as the page that creates one record.
   Formulas, cells of the wrong kind, unknown unit codes and values repeated within the file are
   errors of their cell, reported with the form's own errors as "第 12 行「身份证号」：……".
3. :func:`save_rows` runs only when no row has an error: every row, through the register's save
   function (the module's service), in one transaction, with one audit event for the import.

Row numbers are those Excel shows (the header is row 1), so an official finds the row at once.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    LOOKUP_ATTRS,
    TEXT,
    UNIT,
    Column,
    Register,
)
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

#: the column an error sheet adds; ignored when the corrected error sheet is imported again
ERROR_COLUMN = gettext_lazy("错误说明")
#: errors listed on the page (all of them are in the error sheet)
ERRORS_SHOWN = 200

#: report(percent, message), as the jobs engine hands it to a handler
Progress = Callable[[int, str], None]

_TRUE = {"是", "y", "yes", "true", "1", "对", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "错", "×", "✗"}
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[T\s]\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?\s*$"
)
_SPACES = re.compile(r"[\s\u3000]+")


class RowSaveError(Exception):
    """Raised by a register's ``save_rows`` for one row (``index`` counts the validated rows from 0)."""

    def __init__(self, index: int, message: str, column: str = ""):
        super().__init__(message)
        self.index = index
        self.message = message
        self.column = column


@dataclass(frozen=True)
class CellError:
    row: int
    column: str  # the column's header, or "" for an error of the whole row
    message: str
    #: between "「列」" and the message; a formula reads "第 3 行「数量」为公式，请粘贴为数值"
    joiner: str = "："

    def __str__(self) -> str:
        if self.column:
            return f"第 {self.row} 行「{self.column}」{self.joiner}{self.message}"
        return f"第 {self.row} 行：{self.message}"

    def in_row(self) -> str:
        """The error as the error sheet's 错误说明 cell says it (the row is the sheet's own)."""
        if self.column:
            return f"「{self.column}」{self.joiner}{self.message}"
        return self.message


@dataclass
class Row:
    number: int  # the row number Excel shows
    values: list  # the raw cell values, in the file's column order
    cleaned: dict | None = None
    errors: list[CellError] = field(default_factory=list)


@dataclass
class Upload:
    """An opened file whose header matched the register."""

    register: Register
    workbook: Any
    sheet: Any
    headers: list[str]  # the file's header cells, in order (empty string for an empty header cell)
    columns: list[Column | None]  # per file column: the register's column, or None (ignored)
    estimated_rows: int

    def close(self) -> None:
        self.workbook.close()


@dataclass
class ImportResult:
    register: Register
    rows: int = 0
    saved: int = 0
    errors: list[CellError] = field(default_factory=list)
    refused: str = ""
    error_sheet: bytes | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.refused and not self.errors

    @property
    def message(self) -> str:
        if self.refused:
            return self.refused
        if self.errors:
            return _(
                "共发现 %(count)d 处错误（涉及 %(rows)d 行），未导入任何数据。请改正后重新导入整个文件。"
            ) % {
                "count": len(self.errors),
                "rows": len({e.row for e in self.errors}),
            }
        return _("已导入 %(count)d 条%(title)s记录。") % {"count": self.saved, "title": self.register.title}


def normalise_header(text) -> str:
    if text is None:
        return ""
    text = _SPACES.sub("", str(text))
    return text.rstrip("*＊")


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


# --- 2. validation ------------------------------------------------------------------------------


class _Lookup:
    """Unit codes and usernames → the objects the form's choice field would accept, read once.

    A form's ModelChoiceField looks its value up with one query per row; an import of 50,000 rows reads
    the field's (already scope-narrowed) queryset once instead, and gives each row's form field the
    object directly. Values not found go to the field unchanged, so the form reports them as usual.
    """

    def __init__(self, column: Column, form_field):
        attr = LOOKUP_ATTRS[column.type]
        self.key_attr = getattr(form_field, "to_field_name", None) or "pk"
        objects = list(form_field.queryset)
        self.by_cell = {str(getattr(obj, attr)): obj for obj in objects}
        self.by_cell_folded = {key.casefold(): obj for key, obj in self.by_cell.items()}
        self.by_key = {str(getattr(obj, self.key_attr)): obj for obj in objects}

    def find(self, text: str):
        return self.by_cell.get(text) or self.by_cell_folded.get(text.casefold())

    def patch(self, form_field) -> None:
        original = form_field.to_python
        by_key = self.by_key

        def to_python(value):
            found = by_key.get(str(value)) if value not in (None, "") else None
            return found if found is not None else original(value)

        form_field.to_python = to_python


def _clone_instance(instance: models.Model) -> models.Model:
    """``copy.copy(instance)`` without the pickling protocol it goes through (``Model.__reduce__``,
    a third of the cost of a row's form): the same attributes, its own state and related-object cache."""
    clone = object.__new__(type(instance))
    clone.__dict__ = instance.__dict__.copy()
    state = object.__new__(type(instance._state))
    state.__dict__ = instance._state.__dict__.copy()
    state.fields_cache = dict(instance._state.fields_cache)
    clone._state = state
    return clone


def _clone_field(field):
    """A field for one more row: its own widget attributes (a form may mark them invalid), the rest shared."""
    clone = object.__new__(type(field))
    clone.__dict__ = field.__dict__.copy()
    widget = field.widget
    clone.widget = object.__new__(type(widget))
    clone.widget.__dict__ = widget.__dict__.copy()
    clone.widget.attrs = widget.attrs.copy()
    return clone


class Validator:
    """Validates rows of one register for one actor, each row through the register's form.

    Building a form is the costly part of validating a row: ``__init__`` deep-copies every field and
    narrows each choice field's queryset to the user's scope (0.5 ms a form here, more than the
    validation itself). The form is the same for every row of one import (same user, same kwargs), so
    it is built once, bound to empty data, and each row gets a copy of it: fresh fields (their widgets'
    own attributes), a fresh model instance for a ModelForm, the row's data. Every clean method,
    validator and model check then runs on the row as on a form built anew. A register whose form's
    ``__init__`` depends on the submitted data sets ``reuse_form=False``.
    """

    def __init__(self, register: Register, actor):
        self.register = register
        self.actor = actor
        self.form_kwargs = register.form_kwargs(actor) if register.form_kwargs else {"user": actor}
        self.choice_maps: dict[str, dict[str, Any]] = {}
        self.lookups: dict[str, _Lookup] = {}
        self.field_columns: dict[str, Column] = {}
        probe = register.form_class(data={}, **self.form_kwargs)
        self.probe = probe
        for column in register.import_columns():
            for name in column.fields:
                self.field_columns[name] = column
            if column.type == CHOICE:
                mapping = {}
                for value, label in register.choices(column):
                    mapping[str(value)] = value
                    mapping[normalise_header(label)] = value
                self.choice_maps[column.name] = mapping
            elif column.type in LOOKUP_ATTRS:
                form_field = probe.fields.get(column.fields[0])
                if form_field is not None and hasattr(form_field, "queryset"):
                    self.lookups[column.name] = _Lookup(column, form_field)
        self.labels = {name: str(f.label or name) for name, f in probe.fields.items()}
        self.patched = [(register.column(name).fields[0], lookup) for name, lookup in self.lookups.items()]
        for field_name, lookup in self.patched:
            if field_name in probe.fields:
                lookup.patch(probe.fields[field_name])  # copies of the field keep the patch
        self.instance = getattr(probe, "instance", None)

    def new_form(self, data: dict):
        if not self.register.reuse_form:
            form = self.register.form_class(data=data, **self.form_kwargs)
            for field_name, lookup in self.patched:
                if field_name in form.fields:
                    lookup.patch(form.fields[field_name])
            return form
        form = copy.copy(self.probe)
        form.data = data
        form.files = {}
        form.is_bound = True
        form._errors = None
        form.__dict__.pop("cleaned_data", None)
        form._bound_fields_cache = {}
        form.fields = {name: _clone_field(field) for name, field in self.probe.fields.items()}
        if isinstance(self.instance, models.Model):
            form.instance = _clone_instance(self.instance)
        return form

    # cell → form data ---------------------------------------------------------------------------
    def convert(self, column: Column, value) -> tuple[Any, str]:
        """The form data for one cell, and an error message ("" when none)."""
        if value is None:
            return "", ""
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                return "", ""
        kind = column.type
        if kind == TEXT:
            return _as_text(value)
        if kind == INT:
            if isinstance(value, float) and value.is_integer():
                return str(int(value)), ""
            return str(value), ""
        if kind == DECIMAL:
            if isinstance(value, int | float):
                try:
                    return str(Decimal(repr(value))), ""
                except InvalidOperation:
                    return str(value), ""
            return str(value).replace(",", ""), ""
        if kind == DATE:
            return _as_date(value)
        if kind == DATETIME:
            return _as_datetime(value)
        if kind == CHOICE:
            text = _as_text(value)[0]
            found = self.choice_maps[column.name].get(normalise_header(text))
            if found is None:
                labels = "、".join(label for _v, label in self.register.choices(column))
                message = _("“%(value)s”不是可选的值，应为：%(labels)s。")
                return "", message % {"value": text, "labels": labels}
            return str(found), ""
        if kind == BOOL:
            text = str(value).strip().casefold() if not isinstance(value, bool) else ("1" if value else "0")
            if text in _TRUE:
                return "true", ""
            if text in _FALSE:
                return "false", ""
            return "", _("应填写“是”或“否”。")
        if kind in LOOKUP_ATTRS:
            text = _as_text(value)[0]
            lookup = self.lookups.get(column.name)
            if lookup is None:
                return text, ""
            obj = lookup.find(text)
            if obj is None:
                if kind == UNIT:
                    return "", _("单位代码“%(code)s”不存在，或不在您可以操作的单位范围内。") % {"code": text}
                return "", _("用户名“%(name)s”不存在，或不在您可以操作的范围内。") % {"name": text}
            return str(getattr(obj, lookup.key_attr)), ""
        return str(value), ""

    def validate(self, row: Row, columns: list[Column | None]) -> None:
        data: dict[str, Any] = {}
        failed: set[str] = set()
        for column, cell in zip(columns, row.values, strict=False):
            if column is None:
                continue
            value = cell.value if hasattr(cell, "data_type") else cell
            if getattr(cell, "data_type", None) == "f":
                row.errors.append(CellError(row.number, column.title, _("为公式，请粘贴为数值"), joiner=""))
                failed.add(column.name)
                continue
            converted, problem = self.convert(column, value)
            if problem:
                row.errors.append(CellError(row.number, column.title, problem))
                failed.add(column.name)
                continue
            for name in column.fields:
                data[name] = converted
        form = self.new_form(data)
        if form.is_valid():
            if not row.errors:
                row.cleaned = form.cleaned_data
            return
        reported: set[tuple[str, str]] = set()
        for name, messages in form.errors.items():
            column = self.field_columns.get(name)
            if column is not None and column.name in failed:
                continue
            if name == NON_FIELD_ERRORS or (column is None and name not in self.labels):
                title = ""
            else:
                title = column.title if column is not None else self.labels[name]
            for message in messages:
                if (title, message) in reported:
                    continue
                reported.add((title, message))
                row.errors.append(CellError(row.number, title, message))


def _as_text(value) -> tuple[str, str]:
    if isinstance(value, bool):
        return (_("是") if value else _("否")), ""
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= 1e15:
                return "", _(
                    "长数字被 Excel 存成了数值，末几位已经丢失。请把该列设为“文本”格式，重新填写后再导入。"
                )
            return str(int(value)), ""
        return repr(value), ""
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat(), ""
        return value.isoformat(sep=" "), ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(), ""
    return str(value).strip(), ""


def _as_date(value) -> tuple[str, str]:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), ""
    if isinstance(value, datetime.date):
        return value.isoformat(), ""
    if isinstance(value, int | float) and float(value).is_integer():
        text = str(int(value))  # 20250131 typed as a number
    else:
        text = str(value).strip()
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups())).isoformat(), ""
        except ValueError:
            pass
    return "", _("“%(value)s”不是有效的日期，应填写如 2025-01-31 的日期。") % {"value": text}


def _as_datetime(value) -> tuple[str, str]:
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat(sep=" "), ""
    if isinstance(value, datetime.date):
        return f"{value.isoformat()} 00:00:00", ""
    text = str(value).strip()
    match = _DATETIME_TEXT.match(text)
    if match:
        parts = [int(g) if g else 0 for g in match.groups()]
        try:
            return datetime.datetime(*parts).isoformat(sep=" "), ""
        except ValueError:
            pass
    date_only = _DATE_TEXT.match(text)
    if date_only:
        return _as_date(text)[0] + " 00:00:00", ""
    return "", _("“%(value)s”不是有效的时间，应填写如 2025-01-31 09:30 的日期和时间。") % {"value": text}


class _Progress:
    """Turns row counts into the job's percent: reading and validating 0–70 %, saving 70–99 %."""

    def __init__(self, report: Progress | None, total: int):
        self.report = report
        self.total = max(total, 1)
        self.last = -1

    def step(self, low: int, high: int, done: int, message: str) -> None:
        if self.report is None:
            return
        percent = low + (high - low) * min(done, self.total) // self.total
        if percent != self.last:
            self.last = percent
            self.report(percent, message)


def _blank(values) -> bool:
    for cell in values:
        value = getattr(cell, "value", cell)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return False
    return True


def validate_rows(upload: Upload, *, actor, progress: Progress | None = None) -> list[Row]:
    register = upload.register
    validator = Validator(register, actor)
    width = len(upload.columns)
    limit = conf.max_rows()
    meter = _Progress(progress, upload.estimated_rows)
    rows: list[Row] = []
    try:
        for number, cells in enumerate(upload.sheet.iter_rows(min_row=2, max_col=width), start=2):
            if _blank(cells):
                continue
            if len(rows) >= limit:
                raise ImportRefused(
                    _("文件的数据行超过一次导入的上限 %(limit)s 行。请分成几个文件导入。")
                    % {"limit": f"{limit:,}"}
                )
            row = Row(number=number, values=list(cells))
            validator.validate(row, upload.columns)
            rows.append(row)
            meter.step(0, 70, len(rows), _("正在校验第 %(row)d 行") % {"row": number})
    except ImportRefused:
        raise
    except Exception as exc:
        if isinstance(exc, DatabaseError):
            raise
        raise ImportRefused(
            _("读取文件时出错，文件可能已损坏。请在 Excel 中打开后“另存为”.xlsx 再导入。")
        ) from exc
    if not rows:
        raise ImportRefused(_("文件中没有数据行：第 1 行是表头，请从第 2 行起每行填写一条记录。"))
    _check_unique_in_file(register, upload, rows)
    return rows


def _check_unique_in_file(register: Register, upload: Upload, rows: list[Row]) -> None:
    for name in register.unique_in_file:
        if not isinstance(name, str):
            _check_unique_together(register, upload, rows, name)
            continue
        column = register.column(name)
        try:
            index = upload.columns.index(column)
        except ValueError:
            continue
        first: dict[str, int] = {}
        for row in rows:
            if row.cleaned is not None:
                value = row.cleaned.get(column.fields[0])
            else:
                cell = row.values[index] if index < len(row.values) else None
                value = getattr(cell, "value", cell)
            if value in (None, ""):
                continue
            key = str(value).strip().casefold()
            if key in first:
                row.errors.append(
                    CellError(row.number, column.title, _("与第 %(row)d 行重复。") % {"row": first[key]})
                )
                row.cleaned = None
            else:
                first[key] = row.number


def _check_unique_together(register: Register, upload: Upload, rows: list[Row], names) -> None:
    """A combination of columns repeated within the file, compared as the form cleaned them (a unit
    by its record, a choice by its value); rows with errors of their own are not compared."""
    columns = [register.column(name) for name in names]
    if any(column not in upload.columns for column in columns):
        return
    first: dict[tuple, int] = {}
    for row in rows:
        if row.cleaned is None:
            continue
        values = tuple(_identity(row.cleaned.get(column.fields[0])) for column in columns)
        if any(value in (None, "") for value in values):
            continue
        if values in first:
            titles = "".join(f"「{column.title}」" for column in columns)
            message = _("%(columns)s与第 %(row)d 行相同，不能重复。")
            row.errors.append(CellError(row.number, "", message % {"columns": titles, "row": first[values]}))
            row.cleaned = None
        else:
            first[values] = row.number


def _identity(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip().casefold()
    return value


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
