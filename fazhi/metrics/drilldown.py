"""The records behind a computed figure as rows: columns with Chinese headers, a page and an .xlsx.

The .xlsx is written here with openpyxl directly; once the shared Excel export (fazhi/excel) exists,
this module should hand its columns to it instead.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

#: fields that say nothing to an official reading the list
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "password", "path", "depth"}


@dataclass(frozen=True)
class Column:
    path: str  # "unit", "user__full_name"
    label: str

    def value(self, obj):
        """The cell value: display text for choices, str() for records, dates as dates."""
        parts = self.path.split("__")
        for index, part in enumerate(parts):
            if obj is None:
                return None
            last = index == len(parts) - 1
            if last and hasattr(obj, f"get_{part}_display"):
                return str(getattr(obj, f"get_{part}_display")())
            obj = getattr(obj, part, None)
        if isinstance(obj, models.Model):
            return str(obj)
        if isinstance(obj, bool):
            return _("是") if obj else _("否")
        return obj


def _field(model, path: str):
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def columns_for(model: type[models.Model], names: tuple[str, ...] = ()) -> list[Column]:
    if not names:
        sensitive = set(getattr(model, "sensitive_fields", ()))
        names = tuple(
            f.name
            for f in model._meta.concrete_fields
            if f.name not in SKIPPED_FIELDS and f.name not in sensitive
        )
    columns = []
    for name in names:
        try:
            label = str(_field(model, name).verbose_name)
        except FieldDoesNotExist:
            label = name
        columns.append(Column(name, label))
    return columns


def related_paths(model: type[models.Model], columns: list[Column]) -> list[str]:
    """The select_related() a list of these columns needs (no query per row)."""
    paths = []
    for column in columns:
        parts = column.path.split("__")
        current = model
        chain = []
        for part in parts:
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (field.many_to_one or field.one_to_one):
                break
            chain.append(part)
            current = field.related_model
        if chain:
            paths.append("__".join(chain))
    return sorted(set(paths))


def rows(queryset, columns: list[Column]):
    for obj in queryset:
        yield obj, [column.value(obj) for column in columns]


def as_text(value) -> str:
    """A cell on the page: dates as 2025-03-26, times in Beijing time, nothing as "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def as_cell_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def build_workbook(*, title: str, caption: str, queryset, columns: list[Column]):
    """A one-sheet .xlsx: a caption line (metric, unit, period, value), the headers, the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    first = WriteOnlyCell(sheet, value=caption)
    first.font = bold
    sheet.append([first])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for _obj, values in rows(queryset.iterator(chunk_size=2000), columns):
        cells = []
        for value in values:
            value = as_cell_value(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    workbook.save(output)
    output.seek(0)
    return output, count
