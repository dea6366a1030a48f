"""The report as a .docx laid out as a 公文 (GB/T 9704-2012), on ``fazhi.docgen.gongwen``.

- Title in the ``Title`` style (方正小标宋简体 2号, centred), then one empty line (标题下空一行, §7.3.3).
- Opening paragraphs and every body paragraph in ``Normal`` (仿宋_GB2312 3号, first line indented two
  characters).
- Headings by level (§7.3.3 结构层次序数 "一、" "（一）" "1." "（1）"): level 1 in ``Heading 1`` (黑体),
  level 2 in ``Heading 2`` (楷体_GB2312), level 3 and below in ``Heading 3``, which this module sets to
  the body font, not bold — so Word's navigation pane still shows the outline.
- Signature and date at the end (§7.3.5.1, the layout for a sealed document): one empty line after the
  text, the date 右空四字 and the issuing organ's name centred above the date; both right-aligned with
  the right indent computed from the width of the two lines.
- Figures a drafter still has to supply (``document.missing``) are highlighted in yellow, so they stand
  out in Word; filed reports have none.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.shared import Pt

from fazhi.docgen.fill import clean_value
from fazhi.docgen.gongwen import BODY_FONT, BODY_SIZE, gongwen_document, set_font
from fazhi.reporting.document import Figure, Paragraph, ReportDocument, Section
from fazhi.reporting.output.layout import signature_indents

HEADING_STYLES = {1: "Heading 1", 2: "Heading 2"}
LEVEL3_STYLE = "Heading 3"


def _prepare_level3_style(document) -> None:
    style = document.styles[LEVEL3_STYLE]
    set_font(style, BODY_FONT, BODY_SIZE)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = None
    fmt = style.paragraph_format
    normal = document.styles["Normal"].paragraph_format
    fmt.line_spacing_rule = normal.line_spacing_rule
    fmt.line_spacing = normal.line_spacing
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = BODY_SIZE * 2
    fmt.keep_with_next = True


def _add_paragraph(document, paragraph: Paragraph, missing: frozenset[str]) -> None:
    target = document.add_paragraph(style="Normal")
    text: list[str] = []

    def flush():
        if text:
            target.add_run(clean_value("".join(text)))
            text.clear()

    for part in paragraph.parts:
        if isinstance(part, Figure) and part.key in missing:
            flush()
            target.add_run(clean_value(part.text)).font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            text.append(part if isinstance(part, str) else part.text)
    flush()


def _add_section(document, section: Section, missing: frozenset[str]) -> None:
    style = HEADING_STYLES.get(section.level, LEVEL3_STYLE)
    document.add_paragraph(clean_value(section.heading), style=style)
    for paragraph in section.paragraphs:
        _add_paragraph(document, paragraph, missing)
    for child in section.children:
        _add_section(document, child, missing)


def _add_signature(document, signature: str, signed_on: str) -> None:
    document.add_paragraph(style="Normal")  # 正文下空一行
    name_indent, date_indent = signature_indents(signature, signed_on)
    lines = [(signature, name_indent), (signed_on, date_indent)]
    for text, indent in (line for line in lines if line[0]):
        paragraph = document.add_paragraph(clean_value(text), style="Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * indent)


def render_docx(document: ReportDocument) -> bytes:
    doc = gongwen_document()
    _prepare_level3_style(doc)
    doc.core_properties.title = clean_value(document.title)
    doc.core_properties.author = clean_value(document.signature)
    doc.core_properties.language = "zh-CN"
    doc.add_paragraph(clean_value(document.title), style="Title")
    doc.add_paragraph(style="Normal")  # 标题下空一行
    missing = frozenset(document.missing)
    for paragraph in document.opening:
        _add_paragraph(doc, paragraph, missing)
    for section in document.sections:
        _add_section(doc, section, missing)
    if document.signature or document.signed_on:
        _add_signature(doc, document.signature, document.signed_on)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
