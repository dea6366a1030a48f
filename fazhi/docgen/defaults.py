"""Default templates shipped with the engine, built with the 公文 helper."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from fazhi.docgen.gongwen import gongwen_document

NOTICE_FIELDS = {
    "标题": "文书标题，如“关于……的通知”",
    "文号": "发文字号",
    "主送": "主送机关或当事人",
    "正文": "正文（换行处另起一行）",
    "落款": "发文机关署名",
    "日期": "成文日期，如 2026年11月23日",
}


def generic_notice_template():
    """通知书（通用）: title, number, addressee, body, signature and date — one placeholder each."""
    document = gongwen_document()
    document.add_paragraph("{{标题}}", style="Title")
    number = document.add_paragraph("{{文号}}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph("")
    addressee = document.add_paragraph("{{主送}}：")
    addressee.paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph("{{正文}}")
    document.add_paragraph("")
    for text in ("{{落款}}", "{{日期}}"):
        line = document.add_paragraph(text)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.first_line_indent = Pt(0)
        line.paragraph_format.right_indent = Pt(64)  # 右空四字
    return document
