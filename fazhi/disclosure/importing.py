"""Import of the .xlsx this app exports (round trip): every figure of every table, all or nothing.

The file is checked as every upload is (fazhi.excel.package: size, type, encryption, zip bombs), then
each sheet's labels must be the form's — a file with rows added or moved is refused rather than misread —
and the 说明 sheet must name this report's unit and year. The figures then go through
:func:`fazhi.disclosure.services.report_save` with the totals as stated in the file: a blank total is
computed, a total that disagrees with its items is refused. Every refusal names the table, the row and
the column, and the Excel cell (表三 D5).
"""

from __future__ import annotations

import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from fazhi.disclosure.exports import GRID_ROW_OFFSET, INFO_SHEET, cell_refs
from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.services import SaveResult, report_save
from fazhi.excel.package import ImportRefused, check_signature, check_size, open_package

MAX_LABEL_ERRORS = 5
_SPACE = re.compile(r"\s+")


def _norm(value) -> str:
    return _SPACE.sub("", "" if value is None else str(value))


def read_workbook(report: DisclosureReport, data: bytes) -> dict:
    """``{cell code: raw value}`` for every figure of the file; ValidationError (a list) if the file is
    not this report's tables in the exported layout."""
    fileobj = io.BytesIO(data)
    try:
        check_size(len(data))
        check_signature(fileobj)
        open_package(fileobj)
    except ImportRefused as exc:
        raise ValidationError(exc.message) from None
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(
            _("文件无法作为 Excel 工作簿读取（%(error)s）。") % {"error": type(exc).__name__}
        ) from None
    layout = report.table_layout
    problems: list[str] = []
    if INFO_SHEET in workbook.sheetnames:
        info = {
            _norm(row[0]): row[1] for row in workbook[INFO_SHEET].iter_rows(values_only=True) if len(row) > 1
        }
        code, year = _norm(info.get("单位代码")), _norm(info.get("报告年度"))
        if code != report.unit.code or year != str(report.year):
            problems.append(
                _(
                    "文件是单位代码“%(code)s”%(year)s年度的年报表，与本表（%(unit)s，单位代码“%(own)s”，%(own_year)d年度）不符。"
                )
                % {
                    "code": code,
                    "year": year,
                    "unit": report.unit.name,
                    "own": report.unit.code,
                    "own_year": report.year,
                }
            )
    else:
        problems.append(_("文件中没有“%(sheet)s”工作表，请使用本页导出的表格填写。") % {"sheet": INFO_SHEET})
    raw: dict = {}
    for table in layout.tables:
        if table.number not in workbook.sheetnames:
            problems.append(_("文件中没有“%(sheet)s”工作表。") % {"sheet": table.number})
            continue
        sheet = workbook[table.number]
        wrong = 0
        for g in table.grid:
            row, col = g.r + GRID_ROW_OFFSET, g.c + 1
            found = sheet.cell(row=row, column=col).value
            if g.code:
                raw[g.code] = found
            elif _norm(found) != _norm(g.text):
                wrong += 1
                if wrong <= MAX_LABEL_ERRORS:
                    problems.append(
                        _("“%(sheet)s”工作表 %(ref)s 单元格应为“%(text)s”，文件中是“%(found)s”。")
                        % {
                            "sheet": table.number,
                            "ref": f"{sheet.cell(row=row, column=col).coordinate}",
                            "text": g.text,
                            "found": "" if found is None else str(found)[:40],
                        }
                    )
        if wrong:
            problems.append(
                _("“%(sheet)s”工作表的行列与表格格式不符（%(n)d 处），请使用本页导出的表格，不要增删行列。")
                % {"sheet": table.number, "n": wrong}
            )
    if problems:
        raise ValidationError(problems)
    return raw


def report_import_xlsx(*, actor, report: DisclosureReport, data: bytes, filename: str = "") -> SaveResult:
    """Replace the report's figures by the file's; refused entirely if any cell or check fails."""
    raw = read_workbook(report, data)
    try:
        return report_save(
            actor=actor, report=report, values=raw, note=_("Excel 导入：%(name)s") % {"name": filename[:100]}
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        refs = cell_refs(report.table_layout)
        raise ValidationError(
            {
                code: [f"{m}（Excel {refs[code]} 单元格）" if code in refs else m for m in messages]
                for code, messages in exc.message_dict.items()
            }
        ) from None
