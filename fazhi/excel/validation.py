"""Step 2 of an import: every data row turned into form input and validated through the register's form."""

from __future__ import annotations

import copy
import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, models
from django.utils.translation import gettext as _

from fazhi.excel import conf
from fazhi.excel.package import (
    ImportRefused,
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
from fazhi.excel.rows import CellError, Progress, Row, Upload, normalise_header

_TRUE = {"是", "y", "yes", "true", "1", "对", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "错", "×", "✗"}
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATETIME_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[T\s]\s*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?\s*$"
)


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
