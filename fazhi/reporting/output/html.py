"""The report as one standalone, printable HTML page (inline CSS, no external assets).

Rendered with a Django template (autoescaped: every text of the document is escaped). A figure with a
drill-down path becomes a link to it; only a path within the site ("/…") or an http(s) address is
linked, anything else (``javascript:`` …) is shown as plain text. ``base_url`` (e.g. the platform's
address) is put before a path, so links still work from a downloaded file. ``links=False`` leaves all
figures unlinked (a page for the public, who cannot open the drill-down pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from fazhi.reporting.document import Figure, Paragraph, ReportDocument, Section
from fazhi.reporting.output.layout import signature_indents

TEMPLATE = "reporting/output/report.html"


@dataclass(frozen=True)
class _Part:
    text: str
    figure: bool = False
    key: str = ""
    href: str = ""
    missing: bool = False


def _href(url: str, base_url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        return f"{base_url.rstrip('/')}{url}"
    if url.startswith(("https://", "http://")):
        return url
    return ""


def _parts(paragraph: Paragraph, missing: frozenset[str], base_url: str | None) -> list[_Part]:
    parts = []
    for part in paragraph.parts:
        if isinstance(part, Figure):
            parts.append(
                _Part(
                    part.text,
                    figure=True,
                    key=part.key,
                    href="" if base_url is None else _href(part.drilldown_url, base_url),
                    missing=part.key in missing,
                )
            )
        else:
            parts.append(_Part(part))
    return parts


def _sections(sections: tuple[Section, ...], missing: frozenset[str], base_url: str | None) -> list[dict]:
    return [
        {
            "level": min(section.level, 3),
            "heading": section.heading,
            "paragraphs": [_parts(p, missing, base_url) for p in section.paragraphs],
            "children": _sections(section.children, missing, base_url),
        }
        for section in sections
    ]


def missing_labels(keys) -> list[str]:
    """The metric labels of the keys still to be supplied ("行政复议申请数（reconsideration.received）")."""
    from fazhi.metrics.registry import UnknownMetric, resolve

    labels = []
    for key in keys:
        try:
            labels.append(f"{resolve(key).label}（{key}）")
        except UnknownMetric:
            labels.append(key)
    return labels


def render_html(document: ReportDocument, *, base_url: str = "", links: bool = True) -> bytes:
    missing = frozenset(document.missing)
    base_url = base_url if links else None
    name_indent, date_indent = signature_indents(document.signature, document.signed_on)
    context = {
        "title": document.title,
        "opening": [_parts(p, missing, base_url) for p in document.opening],
        "sections": _sections(document.sections, missing, base_url),
        "signature": document.signature,
        "signed_on": document.signed_on,
        "signature_indent": f"{name_indent:g}",
        "date_indent": f"{date_indent:g}",
        "missing": missing_labels(document.missing),
    }
    return render_to_string(TEMPLATE, context).encode("utf-8")
