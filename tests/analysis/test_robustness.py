"""Variants made from the seeds give the same figures: HTML with navigation, GB18030, traditional
characters, full-width digits and punctuation, NBSP and ideographic spaces, .docx."""

from __future__ import annotations

import html
import io

import pytest

from fazhi.analysis.engine import analyze_documents
from fazhi.analysis.engine.textio import read_bytes
from fazhi.analysis.seeds import REPORT_FILES

from .conftest import keyed


def _to_traditional(text: str) -> str:
    from zhconv import zhconv

    table = {
        ord(s): t for s, t in zhconv.getdict("zh-hant").items() if len(s) == 1 and len(t) == 1 and s != t
    }
    return text.translate(table)


def _full_width(text: str) -> str:
    table = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789%,;:()."}
    return text.translate(table)


def _spaces(text: str) -> str:
    return text.replace("\n", "\n\u3000\u3000").replace(" ", "\u00a0")


def _html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>报告</title><style>p{}</style></head><body>"
        "<div class='top-nav'><a href='/'>首页</a> <a href='/x'>政务公开</a> <a href='/y'>办事服务</a></div>"
        "<div class='breadcrumb'>当前位置：<a href='/'>首页</a> &gt; <a href='/z'>计划总结</a></div>"
        f"<div class='article'>{body}</div>"
        "<div class='footer'>主办单位：某某人民政府办公室 网站标识码1234567890 共有5个栏目</div>"
        "<script>var visits = 100;</script></body></html>"
    )
    return page.encode("utf-8")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from .pdf import make_pdf

    return make_pdf(text.split("\n"))


VARIANTS = {
    "pdf": _pdf,
    "gb18030": lambda t: t.encode("gb18030"),
    "traditional": lambda t: _to_traditional(t).encode("utf-8"),
    "full_width": lambda t: _full_width(t).encode("utf-8"),
    "spaces": lambda t: _spaces(t).encode("utf-8"),
    "html": _html,
    "docx": _docx,
    "all_text_variants_gb18030": lambda t: _spaces(_full_width(_to_traditional(t))).encode("gb18030"),
}


def _reports(data_by_name):
    analysis = analyze_documents([(n, read_bytes(d)) for n, d in data_by_name], shared=False)
    return {(r.government, r.year): keyed(r) for r in analysis.reports}


@pytest.fixture(scope="module")
def originals():
    return _reports([(p.name, p.read_bytes()) for p in REPORT_FILES])


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variant_gives_the_same_figures(variant, originals):
    made = VARIANTS[variant]
    data = [(p.name, made(p.read_text(encoding="utf-8"))) for p in REPORT_FILES]
    found = _reports(data)
    assert set(found) == set(originals)
    for key, figures in originals.items():
        assert found[key] == figures, (variant, key)
