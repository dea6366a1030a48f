"""The tables as .xlsx (one sheet per table, merged headings like the form, plus a 说明 sheet) and as
.docx (Word tables under the form's headings, in a GB/T 9704 document). Both are drawn from the
layout's grid (tables.py), the same grid the pages render; the .xlsx is also the import template."""

from __future__ import annotations

import io
from decimal import Decimal

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.services import report_values
from fazhi.disclosure.tables import AMOUNT, Layout, Table, format_value

INFO_SHEET = "说明"
#: the table's heading is on the sheet's first row; the grid starts on the second
GRID_ROW_OFFSET = 2
INFO_FIELDS = ("单位代码", "单位名称", "报告年度", "表格格式")


def title_of(report: DisclosureReport) -> str:
    return f"{report.unit.name}{report.year}年政府信息公开工作年度报告"


def sheet_ref(table: Table, r: int, c: int) -> str:
    """The Excel address of grid position (r, c) on the table's sheet: D5."""
    return f"{get_column_letter(c + 1)}{r + GRID_ROW_OFFSET}"


def cell_refs(layout: Layout) -> dict[str, str]:
    """Cell code → "表三 D5" (where a figure sits in the exported workbook)."""
    refs = {}
    for table in layout.tables:
        for g in table.grid:
            if g.code:
                refs[g.code] = f"{table.number} {sheet_ref(table, g.r, g.c)}"
    return refs


# --- .xlsx ------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_COMPUTED_FILL = PatternFill("solid", fgColor="E7EEF7")
_WIDTHS = {"t2": (30, 22, 22, 22), "t3": (8, 16, 40, *([11] * 7)), "t4": tuple([10] * 15)}


def _write_sheet(sheet, table: Table, values: dict[str, Decimal], layout: Layout) -> None:
    sheet.cell(row=1, column=1, value=table.heading).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    for index, width in enumerate(_WIDTHS.get(table.code, ()), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for g in table.grid:
        row, col = g.r + GRID_ROW_OFFSET, g.c + 1
        for rr in range(row, row + g.rowspan):
            for cc in range(col, col + g.colspan):
                sheet.cell(row=rr, column=cc).border = _BORDER
        target = sheet.cell(row=row, column=col)
        if g.code:
            cell = layout.cells[g.code]
            value = values.get(g.code, Decimal(0))
            target.value = float(value) if cell.kind == AMOUNT else int(value)
            target.number_format = "0.00##" if cell.kind == AMOUNT else "0"
            target.alignment = Alignment(horizontal="center", vertical="center")
            if cell.computed:
                target.fill = _COMPUTED_FILL
        else:
            target.value = g.text
            target.alignment = Alignment(
                horizontal="center" if g.header else "left",
                vertical="center",
                wrap_text=True,
            )
            if g.header:
                target.font = Font(bold=True)
                target.fill = _HEADER_FILL
        if g.rowspan > 1 or g.colspan > 1:
            sheet.merge_cells(
                start_row=row, start_column=col, end_row=row + g.rowspan - 1, end_column=col + g.colspan - 1
            )
    if table.header_rows:
        sheet.freeze_panes = sheet.cell(row=GRID_ROW_OFFSET + table.header_rows, column=1)


def report_xlsx(report: DisclosureReport) -> bytes:
    layout = report.table_layout
    values = report_values(report)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in layout.tables:
        _write_sheet(workbook.create_sheet(table.number), table, values, layout)
    info = workbook.create_sheet(INFO_SHEET)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 60
    rows = [
        ("单位代码", report.unit.code),
        ("单位名称", report.unit.name),
        ("报告年度", report.year),
        ("表格格式", f"{layout.label}（{layout.basis}）"),
        ("状态", report.get_status_display()),
        (),
        ("填写说明", "在“表二”“表三”“表四”工作表的数字格内填写，不要增删行列、不要改动文字。"),
        ("", "件数填非负整数；表二“本年收费金额”以万元为单位，最多保留4位小数；空白按0计。"),
        (
            "",
            "蓝底格为合计（三（七）总计行、总计列、表四各栏总计），可留空由系统计算；如填写，须与各项之和一致。",
        ),
        ("", "表三每一列：第一项加第二项之和，应等于第三项（七）总计加第四项之和。"),
        ("", "导入时整表校验：任何一格不符合，全部不导入，并逐格列出原因。"),
    ]
    for row in rows:
        info.append(list(row))
    for cell in info["A"]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- .docx ------------------------------------------------------------------------------------------

_DOCX_FONT_SIZE = {"t2": Pt(12), "t3": Pt(9), "t4": Pt(9)}
_DOCX_WIDTHS_MM = {
    "t2": (45, 37, 37, 37),
    "t3": (12, 16, 44, *([12] * 7)),
    "t4": tuple([10.4] * 15),
}


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _fill(cell, text: str, *, size, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    from fazhi.docgen.gongwen import BODY_FONT, set_font

    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0
    fmt.space_before = fmt.space_after = Pt(0)
    run = paragraph.add_run(text)
    set_font(run, BODY_FONT, size)
    run.bold = bold
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(document, table: Table, values: dict[str, Decimal], layout: Layout) -> None:
    """Append ``table`` under its heading (Heading 1, as the form: 二、主动公开政府信息情况)."""
    document.add_paragraph(table.heading, style="Heading 1")
    word = document.add_table(rows=table.height, cols=table.width)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    widths = _DOCX_WIDTHS_MM.get(table.code)
    if widths:  # the grid's columns (LibreOffice reads these) and every cell's own width (Word's)
        for index, column in enumerate(word.columns):
            column.width = Mm(widths[index])
        for row in word.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Mm(widths[index])
    size = _DOCX_FONT_SIZE.get(table.code, Pt(10.5))
    for g in table.grid:
        cell = word.cell(g.r, g.c)
        if g.rowspan > 1 or g.colspan > 1:
            cell = cell.merge(word.cell(g.r + g.rowspan - 1, g.c + g.colspan - 1))
        if g.code:
            _fill(cell, format_value(layout.cells[g.code], values.get(g.code, Decimal(0))), size=size)
        else:
            align = WD_ALIGN_PARAGRAPH.CENTER if g.header else WD_ALIGN_PARAGRAPH.LEFT
            _fill(cell, g.text, size=size, bold=g.header, align=align)
    for index in range(table.header_rows):
        _repeat_header(word.rows[index])
    document.add_paragraph()


def add_report_tables(document, report: DisclosureReport) -> None:
    """The three tables of ``report`` appended to any python-docx document (the yearly report's own
    drafting may call this to place them in sections 二 to 四)."""
    layout = report.table_layout
    values = report_values(report)
    for table in layout.tables:
        add_table(document, table, values, layout)


def report_docx(report: DisclosureReport) -> bytes:
    from fazhi.docgen.gongwen import gongwen_document

    document = gongwen_document()
    document.add_paragraph(title_of(report), style="Title")
    layout = report.table_layout
    note = document.add_paragraph(
        f"（统计表，{layout.label}格式，依据{layout.basis}；{report.get_status_display()}）"
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.paragraph_format.first_line_indent = Pt(0)
    add_report_tables(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
