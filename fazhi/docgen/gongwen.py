"""A python-docx Document laid out as a 党政机关公文 (GB/T 9704-2012).

- A4 (210 × 297 mm); margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (GB/T 9704 §5.2.1 gives
  the text block 156 × 225 mm at 37 mm from the top and 28 mm from the left). Word stores margins in
  twentieths of a point, so they read back rounded to the twip: 37 mm → 2098 twips (37.007 mm).
- Body ("Normal"): 仿宋_GB2312, 16 pt (3号), first-line indent of two characters, line spacing fixed at
  28.95 pt — the usual setting for 22 lines on the 225 mm text block (225 mm = 637.8 pt; 637.8 / 22 ≈
  28.99 pt; Word's layout of 22 lines with 28.95 pt leaves a little room for rounding).
- "Title": 方正小标宋简体, 22 pt (2号), centred, no indent. "Heading 1": 黑体 16 pt. "Heading 2":
  楷体_GB2312 16 pt. All black, not bold, not italic; the theme fonts of python-docx's template removed.
- Page numbers (§7.5): "— 1 —" in 宋体 14 pt (4号); odd pages right-aligned and even pages left-aligned,
  one character in from the edge, as a PAGE field.

Fonts: each run style names the font in ``w:ascii``/``w:hAnsi`` and in ``w:eastAsia`` (Word picks the
East-Asian font for Chinese characters from ``w:eastAsia`` only). Where a font is missing, Word on
Windows substitutes 仿宋_GB2312 → 仿宋 (FangSong), 楷体_GB2312 → 楷体 (KaiTi), 方正小标宋简体 → 宋体;
the font table written here records these as ``w:altName``. On Linux (LibreOffice, server-side PDF
conversion) install the fonts, or let fontconfig map them to "Noto Serif CJK SC" (仿宋/宋体/小标宋) and
"Noto Sans CJK SC" (黑体) — see docs/docgen.md.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_SPACING = Pt(28.95)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

#: what Word may use when a font is not installed (written to the font table as w:altName)
FONT_FALLBACKS = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
}


def set_font(target, name: str, size=None) -> None:
    """Name ``name`` for Latin and East-Asian text on a style or run; drop theme fonts that override it."""
    font = target.font
    font.name = name
    if size is not None:
        font.size = size
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _plain(style, name: str, size) -> None:
    set_font(style, name, size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _add_page_number(paragraph) -> None:
    """The page number "— PAGE —", with a real PAGE field (Word and LibreOffice compute it)."""

    def run(text: str | None = None):
        r = paragraph.add_run(text)
        set_font(r, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        return r

    run("— ")
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run()._r.append(separate)
    run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._r.append(end)
    run(" —")


def _record_fallbacks(document) -> None:
    """Add the 公文 fonts to the font table with their w:altName, when the package has a font table."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    from docx.oxml.parser import parse_xml

    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in (BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT, PAGE_NUMBER_FONT):
        if name in present:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if name in FONT_FALLBACKS:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), FONT_FALLBACKS[name])
            font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def gongwen_document():
    """A new, empty python-docx Document with the GB/T 9704 page, styles and page-number footers."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits about 7 mm below the text block

    styles = document.styles
    normal = styles["Normal"]
    _plain(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.first_line_indent = BODY_SIZE * 2
    normal.paragraph_format.widow_control = False

    title = styles["Title"]
    _plain(title, TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(35)  # two-line titles keep the 2号 characters unclipped
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)

    for style_name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        heading = styles[style_name]
        _plain(heading, font, BODY_SIZE)
        heading.paragraph_format.first_line_indent = BODY_SIZE * 2
        heading.paragraph_format.keep_with_next = True

    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    odd.paragraph_format.first_line_indent = Pt(0)
    _add_page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    even.paragraph_format.first_line_indent = Pt(0)
    _add_page_number(even)
    _record_fallbacks(document)
    return document
