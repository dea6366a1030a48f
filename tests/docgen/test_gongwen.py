"""The GB/T 9704 helper, read back from a saved file."""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from fazhi.docgen.gongwen import gongwen_document
from tests.docgen.helpers import docx_bytes, read


def _saved():
    return read(docx_bytes(document=gongwen_document()))


def test_page_size_and_margins():
    section = _saved().sections[0]
    # Word stores lengths in twips: A4 is 11906 × 16838; 37/35/28/26 mm round to 2098/1984/1587/1474
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert section.page_width == Emu(7560310) and section.page_height == Emu(10692130)
    assert section.top_margin == Twips(2098) == Emu(1332230)
    assert section.bottom_margin == Twips(1984) == Emu(1259840)
    assert section.left_margin == Twips(1587) == Emu(1007745)
    assert section.right_margin == Twips(1474) == Emu(935990)
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length - Mm(mm)) <= Twips(1)


def _fonts(style):
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {name: fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "asciiTheme")}


def test_styles_fonts_sizes_and_line_spacing():
    styles = _saved().styles
    normal = styles["Normal"]
    assert _fonts(normal) == {
        "ascii": "仿宋_GB2312",
        "hAnsi": "仿宋_GB2312",
        "eastAsia": "仿宋_GB2312",
        "asciiTheme": None,
    }
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Twips(579)  # 28.95 pt
    assert normal.paragraph_format.first_line_indent == Pt(32)
    assert _fonts(styles["Title"])["eastAsia"] == "方正小标宋简体"
    assert styles["Title"].font.size == Pt(22)
    assert _fonts(styles["Heading 1"]) == {
        "ascii": "黑体",
        "hAnsi": "黑体",
        "eastAsia": "黑体",
        "asciiTheme": None,
    }
    assert styles["Heading 1"].font.size == Pt(16)
    assert _fonts(styles["Heading 2"])["eastAsia"] == "楷体_GB2312"
    assert styles["Heading 2"].font.size == Pt(16)
    assert styles["Heading 1"].font.bold is False


def test_footers_have_a_page_field_between_dashes():
    document = _saved()
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        paragraph = footer.paragraphs[0]
        assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert paragraph.text == "— 1 —"
        types = [f.get(qn("w:fldCharType")) for f in paragraph._p.iter(qn("w:fldChar"))]
        assert types == ["begin", "separate", "end"]


def test_font_table_records_fallbacks():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    blob = _saved().part.part_related_by(RT.FONT_TABLE).blob.decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in blob
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in blob
