"""The 行政执法 statistics page's tables as .xlsx (openpyxl through fazhi.excel.writer), one Chinese-named sheet each."""

from __future__ import annotations

import io

from fazhi.enforcement.statistics import Statistics
from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout

SHEETS = ("主要指标", "按月立案与决定", "按执法部门", "按处理决定与处罚种类", "法制审核")


def _number(value):
    """A figure as a spreadsheet number (None for no data or “—”)."""
    if value.value is None or value.not_applicable:
        return None
    return int(value.value) if value.metric.kind == "count" else float(value.value)


def statistics_workbook(stats: Statistics) -> bytes:
    workbook = new_workbook()
    caption = f"{stats.unit.name}（含下级）· {stats.period.label}"

    sheet = add_sheet(workbook, SHEETS[0])
    set_layout(sheet, (16, 26, 10, 16, 22, 16, 12, 40))
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
                "来源",
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
            f.current.source_label,
            f.basis,
        ]
        for heading, figures in stats.groups
        for f in figures
    )
    sheet.append([caption])

    sheet = add_sheet(workbook, SHEETS[1])
    set_layout(sheet, (14, 12, 14, 14, 12, 12, 12))
    sheet.append(
        header_cells(
            sheet,
            ["月份", "立案（件）", "作出决定（件）", "应公示（件）", "按时公示", "逾期公示", "尚未公示"],
        )
    )
    sheet.write_rows(
        [m["label"], m["filed"], m["decided"], m["due"], m["timely"], m["late"], m["unpublished"]]
        for m in stats.months
    )
    sheet.append(
        [
            "合计",
            *(
                sum(m[k] for m in stats.months)
                for k in ("filed", "decided", "due", "timely", "late", "unpublished")
            ),
        ]
    )

    sheet = add_sheet(workbook, SHEETS[2])
    set_layout(sheet, (30, 12, 14, 12, 14, 16, 12, 12, 12, 14))
    sheet.append(
        header_cells(
            sheet,
            [
                "执法部门",
                "立案（件）",
                "作出决定（件）",
                "当场处罚",
                "给予处罚",
                "罚没金额（万元）",
                "重大案件",
                "应公示",
                "按时公示",
                "公示及时率（%）",
            ],
        )
    )
    sheet.write_rows(
        [
            r.label,
            r.filed,
            r.decided,
            r.summary,
            r.penalties,
            float(round(r.fines / 10000, 2)),
            r.major,
            r.due,
            r.timely,
            None if r.timely_rate is None else float(r.timely_rate),
        ]
        for r in [*stats.departments.rows, stats.departments.total]
    )

    sheet = add_sheet(workbook, SHEETS[3])
    set_layout(sheet, (40, 14))
    sheet.append(header_cells(sheet, ["处理决定", "件数"]))
    sheet.write_rows([label, n] for label, n in stats.decisions)
    sheet.append([])
    sheet.append(header_cells(sheet, ["处罚种类（一案多种的分别计入）", "件数"]))
    sheet.write_rows([label, n] for label, n in stats.penalty_kinds)
    sheet.append([])
    sheet.append(header_cells(sheet, ["执法事项类别（按立案）", "件数"]))
    sheet.write_rows([label, n] for label, n in stats.item_kinds)

    sheet = add_sheet(workbook, SHEETS[4])
    set_layout(sheet, (24, 12))
    sheet.append(header_cells(sheet, ["审核结论", "件数"]))
    sheet.write_rows([label, n] for label, n in stats.reviews)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
