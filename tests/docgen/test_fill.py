"""The placeholder filler: split runs, tables, headers and footers, formatting kept."""

from __future__ import annotations

from docx import Document

from fazhi.docgen.fill import fill_document, placeholders_in
from tests.docgen.helpers import all_text


def _split_paragraph(document, pieces, bold_index=None):
    paragraph = document.add_paragraph()
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        if i == bold_index:
            run.bold = True
    return paragraph


def test_placeholder_split_across_runs_is_filled_with_the_first_runs_formatting():
    document = Document()
    paragraph = _split_paragraph(document, ["申请人：", "{{", "申请", "人}", "}，特此通知。"], bold_index=1)
    assert placeholders_in(document) == ["申请人"]
    fill_document(document, {"申请人": "张三"})
    assert paragraph.text == "申请人：张三，特此通知。"
    runs = [(r.text, r.bold) for r in paragraph.runs]
    assert runs == [("申请人：", None), ("张三", True), ("", None), ("", None), ("，特此通知。", None)]


def test_several_placeholders_in_one_run_and_spaces_inside_braces():
    document = Document()
    paragraph = document.add_paragraph("{{案号}}：{{ 申请人 }}与{{申请人}}")
    fill_document(document, {"案号": "清复〔2026〕1号", "申请人": "李四"})
    assert paragraph.text == "清复〔2026〕1号：李四与李四"


def test_unknown_and_unmatched_braces_are_left_alone():
    document = Document()
    paragraph = document.add_paragraph("{{其他}} {{申请人 {单}}")
    fill_document(document, {"申请人": "王五"})
    assert paragraph.text == "{{其他}} {{申请人 {单}}"


def test_tables_nested_tables_headers_and_footers_are_filled():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "{{申请人}}"
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(1, 0).text = "合并：{{案号}}"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "内层{{案号}}"
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉{{案号}}"
    _split_paragraph(section.footer, ["页脚{{申", "请人}}"])
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "首页{{申请人}}"
    fill_document(document, {"申请人": "赵六", "案号": "1号"})
    assert table.cell(0, 0).text == "赵六"
    assert table.cell(1, 1).text == "合并：1号"
    assert inner.cell(0, 0).text == "内层1号"
    assert section.header.paragraphs[0].text == "页眉1号"
    assert section.footer.paragraphs[-1].text == "页脚赵六"
    assert section.first_page_header.paragraphs[0].text == "首页赵六"
    assert "{{" not in all_text(document)


def test_values_with_line_breaks_and_control_characters():
    document = Document()
    paragraph = document.add_paragraph("{{正文}}")
    fill_document(document, {"正文": "第一行\n第二行\x0b\x00"})
    assert paragraph.text == "第一行\n第二行"
    assert len(paragraph._p.xpath(".//w:br")) == 1
