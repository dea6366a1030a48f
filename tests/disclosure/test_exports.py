""".docx and .xlsx of the tables, read back; the .xlsx imported again (round trip) and its refusals."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from fazhi.disclosure.exports import report_docx, report_xlsx
from fazhi.disclosure.importing import report_import_xlsx
from fazhi.disclosure.models import DisclosureCell
from fazhi.disclosure.services import report_create, report_values
from tests.disclosure.factories import balanced_values


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.clerk_a, unit=tree.dept_a, year=2025, values=balanced_values())


def stored(report) -> dict:
    return {c.code: c.value for c in DisclosureCell.objects.filter(report=report)}


# --- .docx ------------------------------------------------------------------------------------------


def test_docx_has_the_forms_headings_and_three_tables(report):
    document = Document(io.BytesIO(report_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "清河县市场监督管理局2025年政府信息公开工作年度报告"
    assert document.paragraphs[0].style.name == "Title"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    t2, t3, t4 = document.tables
    assert len(t2.rows) == 14 and len(t2.columns) == 4
    assert t2.cell(0, 0).text == "第二十条第（一）项"
    assert t2.cell(3, 1).text == "4"  # 行政规范性文件 本年制发件数
    assert t2.cell(13, 0).text == "行政事业性收费"
    assert t2.cell(13, 1).text == "12.3456"
    assert t2.cell(13, 3).text == "12.3456"  # merged across the three value columns
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    assert t3.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert t3.cell(0, 9).text == "申请人情况"
    assert t3.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    assert [t3.cell(3, c).text for c in range(3, 10)] == ["10", "3", "0", "0", "1", "0", "14"]
    assert t3.cell(9, 0).text == "三、本年度办理结果"  # merged down the 22 rows
    assert t3.cell(9, 1).text == "（三）不予公开"
    assert t3.cell(9, 2).text == "3.危及“三安全一稳定”"
    assert t3.cell(26, 1).text == "（七）总计"
    assert [t3.cell(26, c).text for c in range(3, 10)] == ["11", "3", "0", "0", "0", "0", "14"]
    assert t3.cell(27, 0).text == "四、结转下年度继续办理"
    assert len(t4.rows) == 4 and len(t4.columns) == 15
    assert t4.cell(0, 4).text == "行政复议"
    assert t4.cell(1, 7).text == "未经复议直接起诉"
    assert t4.cell(2, 14).text == "总计"
    assert [t4.cell(3, c).text for c in range(15)] == [
        "2", "1", "0", "1", "4", "1", "0", "0", "0", "1", "0", "0", "1", "0", "1",
    ]  # fmt: skip


def test_docx_is_a_gongwen_page(report):
    document = Document(io.BytesIO(report_docx(report)))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28


# --- .xlsx ------------------------------------------------------------------------------------------


def test_xlsx_one_sheet_per_table_with_merged_headings(report):
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    assert workbook.sheetnames == ["表二", "表三", "表四", "说明"]
    t3 = workbook["表三"]
    assert t3["A1"].value == "三、收到和处理政府信息公开申请情况"
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A7:A28", "B9:B16"} <= merged
    assert t3["A5"].value == "一、本年新收政府信息公开申请数量"
    assert [t3.cell(row=5, column=c).value for c in range(4, 11)] == [10, 3, 0, 0, 1, 0, 14]
    assert t3["B28"].value == "（七）总计"
    assert t3["J28"].value == 14
    t4 = workbook["表四"]
    assert {"A2:E2", "F2:O2", "A3:A4", "F3:J3", "K3:O3"} <= {str(r) for r in t4.merged_cells.ranges}
    assert [t4.cell(row=5, column=c).value for c in range(1, 6)] == [2, 1, 0, 1, 4]
    t2 = workbook["表二"]
    assert t2["B15"].value == pytest.approx(12.3456)
    info = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row and row[0]}
    assert info["单位代码"] == "qh-scj"
    assert info["报告年度"] == 2025


# --- import -----------------------------------------------------------------------------------------


def edited(report, **cells) -> bytes:
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    for ref, value in cells.items():
        sheet, address = ref.split("_")
        workbook[sheet][address] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_import_round_trip(report, people, tree):
    # 自然人: one more application, disclosed (D5 新收, D7 予以公开), totals left blank to be computed
    data = edited(
        report, 表三_D5=11, 表三_D7=7, 表三_J5=None, 表三_J7=None, 表三_D28=None, 表三_J28=None, 表二_B15=3.5
    )
    result = report_import_xlsx(actor=people.clerk_a, report=report, data=data, filename="年报.xlsx")
    assert {c.code for c in result.changed} == {"t3.new.natural", "t3.disclosed.natural", "t2.fees.amount"}
    values = report_values(report)
    assert values["t3.new.total"] == 15
    assert values["t3.handled.natural"] == 12
    assert values["t2.fees.amount"] == Decimal("3.5")
    # and the unchanged export imports as no change at all
    again = report_import_xlsx(actor=people.clerk_a, report=report, data=report_xlsx(report))
    assert again.changed == []


def test_import_refuses_a_total_that_disagrees_naming_row_column_and_excel_cell(report, people):
    before = stored(report)
    data = edited(report, 表三_D5=11, 表三_D7=7)  # the totals J5 and D28 still say 14 and 11
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data=data)
    errors = exc.value.message_dict
    assert errors["t3.handled.natural"] == [
        "表三 第“三（七）总计”行“自然人”列填写的数（11）不等于（一）至（六）各项之和（12）（Excel 表三 D28 单元格）"
    ]
    assert errors["t3.new.total"][0].startswith(
        "表三 第“一、本年新收政府信息公开申请数量”行“总计”列填写的数（14）"
    )
    assert stored(report) == before


def test_import_refuses_a_broken_balance(report, people):
    before = stored(report)
    data = edited(report, 表三_D5=11, 表三_J5=None, 表三_D28=None, 表三_J28=None)
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data=data)
    assert exc.value.message_dict["t3.carried_over.natural"] == [
        "表三 第“一、本年新收政府信息公开申请数量”行加“二、上年结转政府信息公开申请数量”行之和（13）"
        "不等于“三（七）总计”行加“四、结转下年度继续办理”行之和（12）：“自然人”列（Excel 表三 D29 单元格）"
    ]
    assert stored(report) == before


def test_import_refuses_bad_values_per_cell(report, people):
    before = stored(report)
    data = edited(report, 表二_B4=-2, 表四_A5="两件")
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data=data)
    errors = exc.value.message_dict
    assert errors["t2.rules.issued"] == [
        "表二 第二十条第（一）项 第“规章”行“本年制发件数”列：不能为负数（-2）（Excel 表二 B4 单元格）"
    ]
    assert errors["t4.review.upheld"][0].startswith("表四 “行政复议”栏“结果维持”列：“两件”不是数字")
    assert stored(report) == before


def test_import_refuses_another_reports_file(report, people, tree):
    other = report_create(actor=people.clerk_a, unit=tree.dept_a_child, year=2025, values=balanced_values())
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data=report_xlsx(other))
    assert exc.value.messages == [
        "文件是单位代码“qh-scj-cg”2025年度的年报表，与本表（清河县市场监督管理局，单位代码“qh-scj”，2025年度）不符。"
    ]


def test_import_refuses_a_file_with_rows_moved(report, people):
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    workbook["表三"].insert_rows(6)
    out = io.BytesIO()
    workbook.save(out)
    before = stored(report)
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data=out.getvalue())
    assert any("“表三”工作表的行列与表格格式不符" in m for m in exc.value.messages)
    assert stored(report) == before


def test_import_refuses_what_is_not_an_xlsx(report, people):
    with pytest.raises(ValidationError) as exc:
        report_import_xlsx(actor=people.clerk_a, report=report, data="单位,年度\n".encode())
    assert "不是 Excel 工作簿" in exc.value.messages[0]
