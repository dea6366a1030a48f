"""The report's renderers on a hand-made document: .docx read back with python-docx, HTML, errors."""

from __future__ import annotations

import io
import stat
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from fazhi.reporting.document import Figure, Paragraph, ReportDocument, Section
from fazhi.reporting.output import (
    FORMATS,
    PdfConversionFailed,
    PdfUnavailable,
    UnknownFormat,
    figures,
    filename_for,
    render,
)
from fazhi.reporting.output.layout import signature_indents, width_in_characters
from fazhi.reporting.output.pdf import docx_to_pdf

RECEIVED = Figure("reconsideration.received", "918宗", "/metrics/drilldown/?key=reconsideration.received")
RATE = Figure("reconsideration.correction_rate", "40.5%", "https://fazhi.example.gov.cn/metrics/?k=1&p=2")
COMPARISON = Figure("reconsideration.correction_rate", "较上年的27.9%明显上升", "javascript:alert(1)")
MISSING = Figure("training.sessions", "【待补充：学法·集体学法次数】")


def sample_document(**overrides) -> ReportDocument:
    values = {
        "title": "清河县人民政府2025年度法治政府建设情况报告",
        "opening": (
            Paragraph(("2025年，清河县人民政府深入学习贯彻习近平法治思想。",)),
            Paragraph(("现将有关情况报告如下：",)),
        ),
        "sections": (
            Section(
                1,
                "一、",
                "主要举措和成效",
                children=(
                    Section(
                        2,
                        "（一）",
                        "依法有效化解社会矛盾纠纷",
                        paragraphs=(
                            Paragraph(("全年共收到行政复议申请", RECEIVED, "。")),
                            Paragraph(("综合纠错率", RATE, "，", COMPARISON, "。")),
                        ),
                        children=(
                            Section(
                                3, "1.", "行政复议", paragraphs=(Paragraph(("集体学法", MISSING, "。")),)
                            ),
                        ),
                    ),
                ),
            ),
            Section(
                1,
                "二、",
                "存在的不足和原因",
                paragraphs=(Paragraph(("<script>alert('x')</script> & “引号”",)),),
            ),
        ),
        "signature": "清河县人民政府",
        "signed_on": "2026年2月20日",
        "missing": ("training.sessions",),
    }
    values.update(overrides)
    return ReportDocument(**values)


def read_docx(content: bytes):
    return Document(io.BytesIO(content))


def fonts_of(style) -> dict:
    element = style.element.rPr.find(qn("w:rFonts"))
    return {name: element.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "asciiTheme")}


# --- .docx -------------------------------------------------------------------------------------------


def test_docx_paragraphs_styles_and_text_in_reading_order():
    content, content_type, filename = render(sample_document(), "docx")
    assert content_type == FORMATS["docx"][0]
    assert filename == "清河县人民政府2025年度法治政府建设情况报告.docx"
    rows = [(p.style.name, p.text) for p in read_docx(content).paragraphs]
    assert rows == [
        ("Title", "清河县人民政府2025年度法治政府建设情况报告"),
        ("Normal", ""),
        ("Normal", "2025年，清河县人民政府深入学习贯彻习近平法治思想。"),
        ("Normal", "现将有关情况报告如下："),
        ("Heading 1", "一、主要举措和成效"),
        ("Heading 2", "（一）依法有效化解社会矛盾纠纷"),
        ("Normal", "全年共收到行政复议申请918宗。"),
        ("Normal", "综合纠错率40.5%，较上年的27.9%明显上升。"),
        ("Heading 3", "1.行政复议"),
        ("Normal", "集体学法【待补充：学法·集体学法次数】。"),
        ("Heading 1", "二、存在的不足和原因"),
        ("Normal", "<script>alert('x')</script> & “引号”"),
        ("Normal", ""),
        ("Normal", "清河县人民政府"),
        ("Normal", "2026年2月20日"),
    ]
    text = "\n".join(p.text for p in read_docx(content).paragraphs)
    for figure in figures(sample_document()):
        assert figure.text in text


def test_docx_page_and_fonts_follow_gb_t_9704():
    document = read_docx(render(sample_document(), "docx")[0])
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))  # A4
    assert (section.top_margin, section.bottom_margin) == (Twips(2098), Twips(1984))  # 37 / 35 mm
    assert (section.left_margin, section.right_margin) == (Twips(1587), Twips(1474))  # 28 / 26 mm
    styles = document.styles
    expected = {
        "Title": ("方正小标宋简体", Pt(22)),
        "Normal": ("仿宋_GB2312", Pt(16)),
        "Heading 1": ("黑体", Pt(16)),
        "Heading 2": ("楷体_GB2312", Pt(16)),
        "Heading 3": ("仿宋_GB2312", Pt(16)),
    }
    for name, (font, size) in expected.items():
        style = styles[name]
        assert fonts_of(style) == {"ascii": font, "hAnsi": font, "eastAsia": font, "asciiTheme": None}, name
        assert style.font.size == size, name
        assert not style.font.bold and not style.font.italic, name
    level3 = styles["Heading 3"].paragraph_format
    assert level3.first_line_indent == Pt(32)  # two characters of 3号
    assert level3.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert level3.line_spacing == Twips(579)  # 28.95 pt, as the body
    assert styles["Normal"].paragraph_format.first_line_indent == Pt(32)
    footer = section.footer.paragraphs[0]
    assert footer.text == "— 1 —"
    assert [i.text for i in footer._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert document.core_properties.title == "清河县人民政府2025年度法治政府建设情况报告"


def test_docx_signature_and_date_right_aligned_the_name_centred_on_the_date():
    paragraphs = read_docx(render(sample_document(), "docx")[0]).paragraphs
    organ, date = paragraphs[-2], paragraphs[-1]
    assert organ.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert organ.paragraph_format.first_line_indent == date.paragraph_format.first_line_indent == Pt(0)
    # the date 右空四字 (4 × 16 pt); "2026年2月20日" is 6.5 characters wide, "清河县人民政府" 7:
    # the name's centre sits on the date's, 4 + (6.5 − 7) / 2 = 3.75 characters in
    assert date.paragraph_format.right_indent == Pt(64)
    assert organ.paragraph_format.right_indent == Pt(60)


def test_signature_indents():
    assert width_in_characters("2026年2月20日") == 6.5
    assert signature_indents("清河县人民政府", "2026年2月20日") == (3.75, 4)
    assert signature_indents("某某省某某市某某县某某镇人民政府办公室", "2026年2月20日") == (0, 4)
    assert signature_indents("司法局", "") == (4, 4)


def test_docx_highlights_figures_still_to_be_supplied_and_only_those():
    paragraphs = read_docx(render(sample_document(), "docx")[0]).paragraphs
    highlighted = [
        r.text for p in paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert highlighted == ["【待补充：学法·集体学法次数】"]


def test_docx_drops_characters_xml_cannot_hold():
    document = sample_document(title="报告\x01标题", opening=(Paragraph(("第一段\x0b文字",)),), sections=())
    paragraphs = read_docx(render(document, "docx")[0]).paragraphs
    assert [p.text for p in paragraphs[:3]] == ["报告标题", "", "第一段文字"]


def test_docx_without_signature_ends_with_the_text():
    paragraphs = read_docx(render(sample_document(signature="", signed_on=""), "docx")[0]).paragraphs
    assert paragraphs[-1].text == "<script>alert('x')</script> & “引号”"


# --- HTML --------------------------------------------------------------------------------------------


def test_html_is_standalone_escaped_and_links_figures():
    content, content_type, filename = render(sample_document(), "html")
    html = content.decode("utf-8")
    assert content_type == "text/html; charset=utf-8"
    assert filename.endswith(".html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>清河县人民政府2025年度法治政府建设情况报告</title>" in html
    # nothing loaded from elsewhere
    for marker in ("<link", "<script", "src=", "@import", "url("):
        assert marker not in html, marker
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; “引号”" in html
    assert (
        '<a class="figure" href="/metrics/drilldown/?key=reconsideration.received" '
        'data-key="reconsideration.received">918宗</a>'
    ) in html
    assert 'href="https://fazhi.example.gov.cn/metrics/?k=1&amp;p=2"' in html
    # a javascript: address is never linked
    assert "javascript:" not in html
    assert (
        '<span class="figure" data-key="reconsideration.correction_rate">较上年的27.9%明显上升</span>' in html
    )
    assert (
        '<span class="figure missing" data-key="training.sessions">【待补充：学法·集体学法次数】</span>'
        in html
    )
    assert "<p>全年共收到行政复议申请<a" in html  # no stray spaces inside Chinese text
    assert "<h2>一、主要举措和成效</h2>" in html
    assert "<h3>（一）依法有效化解社会矛盾纠纷</h3>" in html
    assert "<h4>1.行政复议</h4>" in html


def test_html_lists_the_figures_to_supply_and_names_fallback_fonts():
    html = render(sample_document(), "html")[0].decode()
    assert "以下 1 项数字待补充" in html
    assert "<li>培训（training.sessions）</li>" in html  # the catalog's label, then the key
    assert html.index('"仿宋_GB2312"') < html.index('"FangSong"') < html.index('"WenQuanYi Zen Hei"')
    assert '"黑体", "SimHei"' in html
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in html
    assert "以下" not in render(sample_document(missing=()), "html")[0].decode()


def test_html_missing_names_a_key_outside_the_catalog_as_is():
    html = render(sample_document(missing=("外部.数字<b>",)), "html")[0].decode()
    assert "<li>外部.数字&lt;b&gt;</li>" in html


def test_html_base_url_goes_before_paths_only():
    html = render(sample_document(), "html", base_url="https://fazhi.qh.gov.cn/")[0].decode()
    assert 'href="https://fazhi.qh.gov.cn/metrics/drilldown/?key=reconsideration.received"' in html
    assert 'href="https://fazhi.example.gov.cn/metrics/?k=1&amp;p=2"' in html


def test_html_without_links_for_the_public():
    html = render(sample_document(), "html", links=False)[0].decode()
    assert "<a " not in html and "href=" not in html
    assert '<span class="figure" data-key="reconsideration.received">918宗</span>' in html


def test_html_signature_centred_on_the_date():
    html = render(sample_document(), "html")[0].decode()
    assert '<p class="organ" style="padding-right: 3.75em">清河县人民政府</p>' in html
    assert '<p class="date">2026年2月20日</p>' in html


# --- formats, names, errors --------------------------------------------------------------------------


def test_unknown_format_is_refused_in_chinese():
    with pytest.raises(UnknownFormat) as exc:
        render(sample_document(), "odt")
    assert exc.value.messages == ["不支持的格式：odt（可选：docx、html、pdf）。"]
    assert isinstance(exc.value, ValidationError)


def test_filename_drops_characters_file_systems_refuse():
    document = sample_document(title='清河县/2025:"报告"?\n')
    assert filename_for(document, "pdf") == "清河县2025报告.pdf"
    assert filename_for(sample_document(title=" ... "), "docx") == "法治政府建设情况报告.docx"


def test_figures_in_reading_order():
    assert figures(sample_document()) == [RECEIVED, RATE, COMPARISON, MISSING]


def test_pdf_without_libreoffice_says_so(settings, monkeypatch):
    settings.FAZHI_SOFFICE = ""
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PdfUnavailable) as exc:
        render(sample_document(), "pdf")
    (message,) = exc.value.messages
    assert message.startswith("无法生成 PDF：本服务器未安装 LibreOffice（找不到 soffice 命令）。")
    assert "FAZHI_SOFFICE" in message


def test_pdf_with_a_wrong_fazhi_soffice_names_it(settings, tmp_path):
    settings.FAZHI_SOFFICE = str(tmp_path / "soffice")
    with pytest.raises(PdfUnavailable) as exc:
        render(sample_document(), "pdf")
    assert exc.value.messages == [
        f"无法生成 PDF：设置 FAZHI_SOFFICE 指向的 {tmp_path / 'soffice'} 不存在或不可执行。"
    ]


def fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_pdf_conversion_failure_reports_libreoffice_output(settings, tmp_path):
    settings.FAZHI_SOFFICE = fake_soffice(
        tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 1'
    )
    with pytest.raises(PdfConversionFailed) as exc:
        render(sample_document(), "pdf")
    assert exc.value.messages == [
        "LibreOffice 未能把报告转换为 PDF（退出码 1）：Error: source file could not be loaded"
    ]


def test_pdf_conversion_that_writes_no_pdf_fails(settings, tmp_path):
    # exits 0 but writes something that is not a PDF where the PDF should be
    body = 'for a; do out="$prev"; prev="$a"; done; echo junk > "$out/report.pdf"'
    settings.FAZHI_SOFFICE = fake_soffice(tmp_path, body)
    with pytest.raises(PdfConversionFailed) as exc:
        render(sample_document(), "pdf")
    assert exc.value.messages[0].startswith("LibreOffice 未能把报告转换为 PDF（退出码 0）")


def test_pdf_conversion_gets_its_own_profile_and_the_fontconfig_file(settings, tmp_path):
    log = tmp_path / "call.txt"
    body = (
        f'printf "%s\\n" "$@" > {log}; echo "FONTCONFIG_FILE=$FONTCONFIG_FILE" >> {log}; '
        'for a; do out="$prev"; prev="$a"; done; printf "%%PDF-1.7 fake" > "$out/report.pdf"'
    )
    settings.FAZHI_SOFFICE = fake_soffice(tmp_path, body)
    content, content_type, filename = render(sample_document(), "pdf")
    assert (content, content_type) == (b"%PDF-1.7 fake", "application/pdf")
    assert filename == "清河县人民政府2025年度法治政府建设情况报告.pdf"
    lines = log.read_text().splitlines()
    profile = next(line for line in lines if line.startswith("-env:UserInstallation=file:///"))
    assert "/fazhi-pdf-" in profile and profile.endswith("/profile")
    assert lines[lines.index("--convert-to") + 1] == "pdf:writer_pdf_Export"
    assert "--headless" in lines
    fontconfig = Path(lines[-1].removeprefix("FONTCONFIG_FILE="))
    assert fontconfig.name == "fonts.conf" and fontconfig.is_file()
    assert not Path(profile.removeprefix("-env:UserInstallation=file://")).exists()  # cleaned up


def test_pdf_conversion_is_stopped_after_its_time_limit(settings, tmp_path):
    settings.FAZHI_SOFFICE = fake_soffice(tmp_path, f"sleep 30 & echo $! > {tmp_path}/child; wait")
    with pytest.raises(PdfConversionFailed) as exc:
        docx_to_pdf(b"PK", timeout=1)
    assert exc.value.messages == ["LibreOffice 转换 PDF 超时（超过 1 秒），已终止。"]
    child = int((tmp_path / "child").read_text())
    for _ in range(50):  # the whole process group went, the shell's child too
        if not running(child):
            break
        time.sleep(0.1)
    assert not running(child)


def running(pid: int) -> bool:
    """A process that exists and is not a zombie waiting for its parent (or for PID 1) to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
