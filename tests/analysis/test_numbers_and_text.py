"""Numerals, qualifiers, normalisation that keeps offsets, input decoding and formats."""

from __future__ import annotations

import io

import pytest

from fazhi.analysis.engine import analyze_text, read_bytes
from fazhi.analysis.engine.normalize import normalize
from fazhi.analysis.engine.numerals import parse_chinese, parse_number
from fazhi.analysis.engine.textio import UnreadableInput


@pytest.mark.parametrize(
    ("text", "value"),
    [("一百二十", 120), ("两千零五", 2005), ("十一", 11), ("三万五千", 35000), ("两亿", 200_000_000),
     ("一万零一", 10001), ("二〇一七", 2017), ("九", 9), ("十", 10)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert parse_chinese(text) == value


def test_arabic_numbers_with_separators_and_multipliers():
    assert parse_number("109,380") == 109380
    assert parse_number("3.5万") == 35000
    assert parse_number("99.04") == 99.04


def test_normalisation_keeps_length_and_maps_width_spaces_and_traditional():
    text = "受理１１１７件，作其他處理的44\u00a0件\u3000綜合糾錯率４０．５％"
    norm = normalize(text)
    assert len(norm) == len(text)
    assert norm == "受理1117件,作其他处理的44 件 综合纠错率40.5%"


def _figures(text):
    return [(f.metric, f.value, f.unit, f.qualifier) for f in analyze_text(text).reports[0].figures]


def test_qualifiers_and_chinese_numerals_in_figures():
    text = "2022年,全年市政府法律顾问出具合法性审查意见书190余份。全年共调解案件两千零五宗。接近30%的事项可包邮。"
    figs = _figures(text)
    assert ("advisors.opinions", 190, "份", "余") in figs
    assert ("mediation.cases", 2005, "宗", "") in figs
    assert any(f[1] == 30 and f[2] == "%" and f[3] == "近" for f in figs)


def test_ordinals_dates_and_document_numbers_are_not_figures():
    text = "2019年,印发《通知》(振政办发〔2017〕30号),第一批事项于2019-01-10公布,一是加强领导。"
    assert _figures(text) == []


def test_figure_offsets_point_into_the_original_text():
    text = "2018年工作情况\n全年共收到行政復議申請９１８宗，其中受理８９８宗。"
    report = analyze_text(text).reports[0]
    received = next(f for f in report.figures if f.metric == "reconsideration.received")
    assert text[received.start : received.end] == "９１８宗"
    assert (
        text[received.quote_start : received.quote_end] == received.quote == "全年共收到行政復議申請９１８宗"
    )


def test_partial_year_and_previous_year_periods():
    text = (
        "2017年工作报告\n截至11月底,共收到行政复议申请657宗,受理623宗。\n"
        "办结522宗,撤销17宗,终止117宗,综合纠错率26.6%,比例较去年的26%略有上升。"
    )
    report = analyze_text(text).reports[0]
    received = next(f for f in report.figures if f.metric == "reconsideration.received")
    assert (received.period, received.period_text) == ("partial", "截至11月底")
    last_year = next(f for f in report.figures if f.value == 26)
    assert (last_year.metric, last_year.period) == ("reconsideration.correction_rate", "previous_year")


def test_a_number_without_its_unit_takes_the_unit_of_its_paragraph():
    text = "2016年报告\n受理的行政复议案件中,共办结475其中复议决定维持333宗,撤销17宗。"
    report = analyze_text(text).reports[0]
    closed = next(f for f in report.figures if f.metric == "reconsideration.closed")
    assert (closed.value, closed.unit) == (475, "宗")
    assert "补" in closed.note


def test_zero_stated_as_none():
    report = analyze_text("2017年报告\n行政应诉9件,无败诉案件。").reports[0]
    assert ("litigation.lost", 0, "件") in [(f.metric, f.value, f.unit) for f in report.figures]


def test_subordinate_scope_and_breakdowns_are_not_the_governments_figure():
    text = (
        "2013年报告\n2013年全省共收到行政复议申请1161件,受理1117件。"
        "省本级全年共收到行政复议申请134件,受理119件。晋城市综合纠错率达到61%。"
        "全年审查规范性文件草案85件(政府58件、部门7件)。"
    )
    report = analyze_text(text).reports[0]
    keyed = [(f.metric, f.value) for f in report.figures if f.keyed]
    assert keyed == [
        ("reconsideration.received", 1161),
        ("reconsideration.accepted", 1117),
        ("normative.reviewed", 85),
    ]
    notes = {f.value: f.note for f in report.figures}
    assert "本级" in notes[134] and "下级" in notes[61] and "括号" in notes[58]


def test_one_number_for_several_named_rates():
    report = analyze_text("2019年报告\n规范性文件报备率、报备及时率达100%。").reports[0]
    assert sorted(f.metric for f in report.figures) == [
        "normative.filing_rate",
        "normative.filing_timely_rate",
    ]


def test_decoding_gb18030_and_utf8_bom():
    text = "振兴区2017年度法治政府建设工作报告\n行政应诉9件。"
    assert read_bytes(text.encode("gb18030")).encoding == "gb18030"
    assert read_bytes(b"\xef\xbb\xbf" + text.encode()).text == text


def test_html_navigation_is_dropped():
    html = (
        "<html><head><title>t</title><script>var x=1;</script></head><body>"
        "<div class='nav'><a href='/'>首页</a><a href='/a'>信息公开</a></div>"
        "<ul><li><a href='/1'>政务动态共有99件新闻</a></li></ul>"
        "<div class='content'><p>2018年报告</p><p>全年共收到行政复议申请918宗。</p></div>"
        "<div id='footer'>版权所有 共3件</div></body></html>"
    )
    doc = read_bytes(html.encode())
    assert doc.format == "html"
    assert "首页" not in doc.text and "版权" not in doc.text and "99件" not in doc.text
    assert "全年共收到行政复议申请918宗" in doc.text


def test_rss_items_are_reports():
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>法治政府建设情况报告</title>'
        "<item><title>甲区2018年度法治政府建设工作报告</title><description><![CDATA[<p>全年共收到行政复议申请918宗。</p>]]>"
        "</description><pubDate>18 Jun 2019 08:19:00 GMT</pubDate></item>"
        "<item><title>甲区2017年度法治政府建设工作报告</title><description><![CDATA[<p>共收到行政复议申请657宗。</p>]]>"
        "</description></item></channel></rss>"
    )
    from fazhi.analysis.engine import analyze_documents

    analysis = analyze_documents([("feed.xml", read_bytes(rss.encode()))])
    assert [(r.government, r.year) for r in analysis.reports] == [
        ("甲区人民政府", 2018),
        ("甲区人民政府", 2017),
    ]
    assert analysis.reports[0].published == "2019-06-18"


def test_docx_is_read():
    import docx

    document = docx.Document()
    for line in ["罗定市2022年法治政府建设年度报告", "全年共调解案件2487宗,调解成功2440宗。"]:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    doc = read_bytes(buf.getvalue())
    assert doc.format == "docx" and "调解成功2440宗" in doc.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "旧版 Word"),
        (b"PK\x03\x04garbage", "压缩文件"),
        (bytes(range(128, 256)) * 4, "编码"),
        (b"hello world, no Chinese here", "没有中文"),
    ],
)
def test_unreadable_inputs_have_chinese_messages(data, message):
    with pytest.raises(UnreadableInput, match=message):
        read_bytes(data)


def test_pdf_without_text_layer_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UnreadableInput, match="文字层"):
        read_bytes(buf.getvalue())


def test_figures_of_a_court_are_not_the_governments():
    text = (
        "2019年报告\n区政府支持人民法院依法受理行政案件。区政府收到一审应诉11件。"
        "区人民法院坚持监督与支持并重,全年新收行政审判案件157件、判决行政机关败诉5件。"
    )
    report = analyze_text(text).reports[0]
    assert [(f.metric, f.value) for f in report.figures if f.keyed] == [("litigation.first_instance", 11)]
    assert next(f for f in report.figures if f.value == 5).note == "审判、检察机关的数字"


def test_pdf_text_layer_is_read():
    from .pdf import make_pdf

    data = make_pdf(["甲区2018年度法治政府建设工作报告", "全年共收到行政复议申请918宗,其中受理898宗。"])
    doc = read_bytes(data)
    assert doc.format == "pdf"
    from fazhi.analysis.engine import analyze_documents

    (report,) = analyze_documents([("a.pdf", doc)]).reports
    assert (report.government, report.year) == ("甲区人民政府", 2018)
    assert [(f.metric, f.value, f.unit) for f in report.figures if f.keyed] == [
        ("reconsideration.received", 918, "宗"),
        ("reconsideration.accepted", 898, "宗"),
    ]


def test_mediation_figures_and_reconsideration_cases_closed_by_mediation():
    text = (
        "2025年报告\n全年共办结行政复议案件257件。办结的案件中，驳回26件；调解结案8件。"
        "全县各级人民调解组织全年调解矛盾纠纷1972件，调解成功1913件。开展行政调解103件。"
    )
    report = analyze_text(text).reports[0]
    keyed = [(f.metric, f.value) for f in report.figures if f.keyed]
    assert keyed == [
        ("reconsideration.closed", 257),
        ("reconsideration.rejected", 26),
        ("reconsideration.mediated", 8),
        ("mediation.cases", 1972),
        ("mediation.success", 1913),
        ("mediation.administrative_mediation", 103),
    ]
