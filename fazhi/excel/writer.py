"""Streaming .xlsx writing: openpyxl's write-only workbook, with plain data rows serialised directly.

openpyxl builds every cell as an object and serialises it through an XML element tree, about 10 µs
a cell here (9,000 rows/s for 11 columns, without lxml); exports must reach 20,000 rows/s. So the
workbook, styles, column widths, frozen header and data validations stay openpyxl's, and only the
``<row>`` elements of plain values (text, numbers, dates, booleans) are written as XML text into
openpyxl's own stream. That stream is the pure-Python one because ``fazhi/__init__.py`` sets
``OPENPYXL_LXML=False`` (openpyxl would otherwise use lxml, which python-docx installs); where it is not,
rows go through openpyxl's ordinary cells: the same file, five times slower.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
REQUIRED_FONT = Font(bold=True, color="B3242B")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
ERROR_FONT = Font(color="9C0006")

_EPOCH = datetime.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
_FIRST_EXACT = datetime.date(1900, 3, 1)  # Excel's serials agree with the calendar from here on
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class FastSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose :meth:`write_rows` serialises plain rows as XML text."""

    def __init__(self, parent, title):
        super().__init__(parent, title)
        self._date_style = None
        self._datetime_style = None
        self._raw = None
        self.rows_written = 0

    def _style_id(self, number_format: str) -> int:
        cell = WriteOnlyCell(self, value=None)
        cell.number_format = number_format
        return cell.style_id

    def _write_rows(self):
        """openpyxl's generator, also remembering the raw writer of the pure-Python XML stream."""
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        raw = getattr(xf, "_file", None)
        self._raw = raw if callable(raw) else None
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    row = yield
                    if isinstance(row, _RawRow):
                        self._raw(row.xml)
                    else:
                        self._writer.write_row(xf, self._values_to_row(row, row_idx), row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def write_rows(self, rows: Iterable[Sequence]) -> int:
        """Append plain rows (text, numbers, Decimal, dates, datetimes without tzinfo, bool, None)."""
        if self._rows is None:
            raise RuntimeError("先写表头行（append），再写数据行")
        if self._date_style is None:
            self._date_style = self._style_id(DATE_FORMAT)
            self._datetime_style = self._style_id(DATETIME_FORMAT)
        count = 0
        if self._raw is None:
            for values in rows:
                self.append(self._as_cells(values))
                count += 1
        else:
            send = self._rows.send
            serialise = self._row_xml
            row_idx = self._next_row
            for values in rows:
                send(_RawRow(serialise(values, row_idx)))
                row_idx += 1
                count += 1
            self._next_row = row_idx
        self.rows_written += count
        return count

    _next_row = 1

    def append(self, row):
        super().append(row)
        self._next_row += 1

    def _as_cells(self, values: Sequence) -> list:
        """The slow path: openpyxl cells, with text that starts with '=' kept as text, not a formula."""
        cells = []
        for value in values:
            if isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(self, value)
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell = WriteOnlyCell(self, value)
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(self, value)
                cell.data_type = "s"
            else:
                cell = value
            cells.append(cell)
        return cells

    def _row_xml(self, values: Sequence, row_idx: int) -> str:
        parts = [f'<row r="{row_idx}">']
        append = parts.append
        letters = _LETTERS
        for col, value in enumerate(values):
            if value is None:
                continue
            ref = f"{letters[col]}{row_idx}"
            if isinstance(value, str):
                if value == "":
                    continue
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
            elif isinstance(value, bool):
                append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                append(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, float):
                append(f'<c r="{ref}"><v>{value!r}</v></c>')
            elif isinstance(value, Decimal):
                append(f'<c r="{ref}"><v>{value:f}</v></c>')
            elif isinstance(value, datetime.datetime):
                if value.tzinfo is not None:
                    raise TypeError("Excel 单元格不支持带时区的时间，请先转换为北京时间并去掉时区")
                serial = to_excel(value) if value.date() < _FIRST_EXACT else (value - _EPOCH) / _DAY
                append(f'<c r="{ref}" s="{self._datetime_style}"><v>{serial!r}</v></c>')
            elif isinstance(value, datetime.date):
                serial = to_excel(value) if value < _FIRST_EXACT else (value - _EPOCH_DATE).days
                append(f'<c r="{ref}" s="{self._date_style}"><v>{serial}</v></c>')
            else:
                text = str(value)
                append(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(text)}</t></is></c>')
        append("</row>")
        return "".join(parts)


class _RawRow:
    __slots__ = ("xml",)

    def __init__(self, xml: str):
        self.xml = xml


_DAY = datetime.timedelta(days=1)
_LETTERS = [get_column_letter(i) for i in range(1, 16385)]


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str) -> FastSheet:
    sheet = FastSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def header_cells(sheet, titles: Sequence[str], required: Sequence[bool] | None = None, comments=None) -> list:
    cells = []
    for index, title in enumerate(titles):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = REQUIRED_FONT if required and required[index] else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if comments and comments[index] is not None:
            cell.comment = comments[index]
        cells.append(cell)
    return cells


def set_layout(sheet, widths: Sequence[float], *, freeze: bool = True) -> None:
    """Column widths and the frozen header row; must come before the first row is written."""
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = "A2"
