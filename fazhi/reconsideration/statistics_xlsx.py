"""The statistics page's tables as .xlsx (openpyxl through fazhi.excel.writer), one Chinese-named sheet each."""

from __future__ import annotations

import io

from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout
from fazhi.reconsideration.statistics import Breakdown, Statistics

SHEETS = ("主要指标", "按被申请人", "按案件类别", "按结案方式", "按月趋势")


def _number(value):
    """A figure as a spreadsheet number (None for no data or “—”)."""
    if value.value is None or value.not_applicable:
        return None
    return int(value.value) if value.metric.kind == "count" else float(value.value)


def _breakdown_sheet(workbook, title: str, first: str, breakdown: Breakdown, basis: str) -> None:
    sheet = add_sheet(workbook, title)
    set_layout(sheet, (40, 12, 12, 12, 12, 12))
    sheet.append(
        header_cells(
            sheet,
            [first, "收到申请（件）", "审结（件）", "纠错（件）", "纠错率口径分母（件）", "纠错率（%）"],
        )
    )
    rows = [*breakdown.rows, breakdown.total]
    sheet.write_rows(
        [
            r.label,
            r.received,
            r.closed,
            r.corrected,
            r.base,
            None if r.rate is None else float(r.rate),
        ]
        for r in rows
    )
    sheet.append([f"纠错率口径：{basis}"])


def statistics_workbook(stats: Statistics) -> bytes:
    workbook = new_workbook()
    caption = f"{stats.unit.name}（含下级）· {stats.period.label}"

    sheet = add_sheet(workbook, SHEETS[0])
    set_layout(sheet, (14, 22, 10, 16, 22, 16, 70))
    sheet.append(
        header_cells(
            sheet,
            [
                "分类",
                "指标",
                "计量单位",
                stats.period.label,
                f"{stats.previous.label}（上年同期）",
                "增减",
                "口径",
            ],
        )
    )
    sheet.write_rows(
        [
            heading,
            str(f.metric.label),
            f.metric.unit,
            _number(f.current),
            _number(f.previous),
            f.change,
            f.basis,
        ]
        for heading, figures in stats.groups
        for f in figures
    )
    sheet.append([caption])

    _breakdown_sheet(workbook, SHEETS[1], "被申请人", stats.respondents, stats.basis_text)
    _breakdown_sheet(workbook, SHEETS[2], "案件类别", stats.categories, stats.basis_text)

    sheet = add_sheet(workbook, SHEETS[3])
    set_layout(sheet, (24, 12))
    sheet.append(header_cells(sheet, ["结案方式", "审结（件）"]))
    sheet.write_rows([label, n] for label, n in stats.decisions)
    sheet.append(["合计", sum(n for _label, n in stats.decisions)])

    sheet = add_sheet(workbook, SHEETS[4])
    set_layout(sheet, (16, 14, 12))
    sheet.append(header_cells(sheet, ["月份", "收到申请（件）", "审结（件）"]))
    sheet.write_rows([m["label"], m["received"], m["closed"]] for m in stats.months)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
