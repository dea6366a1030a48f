"""What an import works with and reports: rows, cell errors, the upload, the result."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.excel.registers import (
    Column,
    Register,
)

#: the column an error sheet adds; ignored when the corrected error sheet is imported again
ERROR_COLUMN = gettext_lazy("错误说明")
#: errors listed on the page (all of them are in the error sheet)
ERRORS_SHOWN = 200

#: report(percent, message), as the jobs engine hands it to a handler
Progress = Callable[[int, str], None]
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
