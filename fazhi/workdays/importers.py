"""A year's 放假 and 调休上班 days from .xlsx (columns 日期, 类型, 名称[, 备注]), and the blank template.

Reading and validating only: :func:`read_schedule` returns every row or every problem, never half;
:func:`fazhi.workdays.services.calendar_import` writes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from fazhi.workdays.calendar import Calendar
from fazhi.workdays.choices import DayKind

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 400  # a year has at most 366 days
COLUMNS = ("日期", "类型", "名称", "备注")
REQUIRED = ("日期", "类型", "名称")
KIND_BY_LABEL = {"放假": DayKind.HOLIDAY, "调休上班": DayKind.WORKDAY}
WEEKDAYS = "一二三四五六日"
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True)
class ImportedDay:
    row: int
    date: datetime.date
    kind: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class RowError:
    row: int | None  # the sheet's row number; None for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("第%(row)s行“%(column)s”：%(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("第%(row)s行：%(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """Nothing was saved; ``errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        super().__init__("；".join(str(e) for e in errors))
        self.errors = errors


def weekday_label(day: datetime.date) -> str:
    return _("周%(day)s") % {"day": WEEKDAYS[day.weekday()]}


def workday_problem(day: datetime.date, kind: str, calendar: Calendar) -> str | None:
    """Why a 调休上班 entry makes no sense: the day is a working day already (ignoring entered days)."""
    if kind != DayKind.WORKDAY:
        return None
    base = Calendar(complete_years=calendar.complete_years)  # the package and Monday–Friday only
    if base.is_workday(day):
        return _("%(date)s是%(weekday)s，本来就是工作日，无需登记为调休上班。") % {
            "date": day.isoformat(),
            "weekday": weekday_label(day),
        }
    return None


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = _DATE_TEXT.match(value)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def read_schedule(upload, *, year: int, calendar: Calendar) -> list[ImportedDay]:
    """Every row of the first sheet, validated; raises :class:`ImportRejected` listing all problems."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportRejected(
            [RowError(None, "", _("文件超过 2 MB，节假日安排表不应这么大，请检查是否选错了文件。"))]
        )
    try:
        upload.seek(0)
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRejected(
            [RowError(None, "", _("无法读取该文件：请上传 .xlsx 格式的 Excel 工作簿（可先下载模板）。"))]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header_cells = next(rows, None)
        header = [_text(cell.value) for cell in header_cells] if header_cells else []
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ImportRejected(
                [
                    RowError(
                        None,
                        "",
                        _("第一个工作表的首行缺少列：%(columns)s（应为 日期、类型、名称，可选 备注）。")
                        % {"columns": "、".join(missing)},
                    )
                ]
            )
        index = {name: header.index(name) for name in COLUMNS if name in header}
        days: list[ImportedDay] = []
        errors: list[RowError] = []
        seen: dict[datetime.date, int] = {}
        for number, cells in enumerate(rows, start=2):
            values = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
            if all(cell is None or _text(cell.value) == "" for cell in values.values()):
                continue
            if len(days) + len(errors) >= MAX_ROWS:
                errors.append(
                    RowError(
                        None,
                        "",
                        _("数据超过 %(max)s 行，一个年度不会有这么多节假日安排。") % {"max": MAX_ROWS},
                    )
                )
                break
            row_errors = _check_row(number, values, year, calendar, seen)
            if row_errors:
                errors.extend(row_errors)
                continue
            day = _row_day(number, values)
            seen[day.date] = number
            days.append(day)
    finally:
        workbook.close()
    if not days and not errors:
        errors.append(RowError(None, "", _("文件中没有数据行。")))
    if errors:
        raise ImportRejected(errors)
    return days


def _check_row(number, values, year, calendar, seen) -> list[RowError]:
    errors = []
    for name, cell in values.items():
        if cell is not None and getattr(cell, "data_type", None) == "f":
            errors.append(RowError(number, name, _("不接受公式，请复制后“粘贴为数值”。")))
    if errors:
        return errors
    raw_date = values["日期"].value if values.get("日期") is not None else None
    day = _as_date(raw_date)
    if raw_date in (None, ""):
        errors.append(RowError(number, "日期", _("不能为空。")))
    elif day is None:
        errors.append(
            RowError(
                number,
                "日期",
                _("“%(value)s”不是有效日期，应为 2027-01-01 这样的日期。") % {"value": raw_date},
            )
        )
    elif day.year != year:
        errors.append(
            RowError(
                number, "日期", _("%(date)s不属于%(year)s年度。") % {"date": day.isoformat(), "year": year}
            )
        )
    elif day in seen:
        errors.append(
            RowError(
                number, "日期", _("%(date)s与第%(row)s行重复。") % {"date": day.isoformat(), "row": seen[day]}
            )
        )
    kind_label = _text(values["类型"].value if values.get("类型") is not None else None)
    kind = KIND_BY_LABEL.get(kind_label)
    if kind is None:
        errors.append(
            RowError(
                number,
                "类型",
                _("只能填“放假”或“调休上班”，收到的是“%(value)s”。") % {"value": kind_label}
                if kind_label
                else _("不能为空，应填“放假”或“调休上班”。"),
            )
        )
    name = _text(values["名称"].value if values.get("名称") is not None else None)
    if not name:
        errors.append(RowError(number, "名称", _("不能为空，如“春节”“国庆节调休上班”。")))
    elif len(name) > 50:
        errors.append(RowError(number, "名称", _("不能超过 50 个字。")))
    note = _text(values["备注"].value if values.get("备注") is not None else None)
    if len(note) > 200:
        errors.append(RowError(number, "备注", _("不能超过 200 个字。")))
    if day is not None and kind is not None and not errors:
        problem = workday_problem(day, kind, calendar)
        if problem:
            errors.append(RowError(number, "类型", problem))
    return errors


def _row_day(number, values) -> ImportedDay:
    note_cell = values.get("备注")
    return ImportedDay(
        row=number,
        date=_as_date(values["日期"].value),
        kind=KIND_BY_LABEL[_text(values["类型"].value)],
        name=_text(values["名称"].value),
        note=_text(note_cell.value if note_cell is not None else None),
    )


def template_workbook() -> bytes:
    """The blank import sheet, and a second sheet explaining how to fill it in with an example."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("节假日安排")
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (14, 12, 20, 30), strict=True):
        sheet.column_dimensions[column].width = width
    for row in range(2, MAX_ROWS + 2):
        sheet.cell(row=row, column=1).number_format = "yyyy-mm-dd"
    guide = workbook.create_sheet(_("填写说明"))
    guide.column_dimensions["A"].width = 100
    lines = [
        _("按国务院办公厅当年的放假通知，每个放假日、每个调休上班日各填一行，填在“节假日安排”工作表中。"),
        _("日期：Excel 日期或 2027-01-01 格式的文字，所有日期须属于导入时选择的年度。"),
        _("类型：只能填“放假”或“调休上班”。放假期间的周六、周日也可以列入；调休上班日应是周六或周日。"),
        _("名称：如“春节”“国庆节”“春节调休上班”。备注可不填。"),
        _("导入会整体替换该年度此前人工录入的安排；任何一行有误，整份文件都不会导入，并逐行列出错误。"),
        _("导入后请核对，再在节假日页面把该年度“标记为数据完整”，此前按周一至周五估算的期限随即重新计算。"),
        "",
        _("示例（虚构数据，请勿照抄）："),
        "日期\t类型\t名称",
        "2027-01-01\t放假\t元旦",
        "2027-02-06\t调休上班\t春节调休上班",
    ]
    for line in lines:
        guide.append([line])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
