"""The report document as HTML for the app's pages: figures linked to their drill-down, gaps marked."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from fazhi.reporting.document import Figure, Paragraph


def is_gap(figure: Figure) -> bool:
    return figure.text.startswith("【")


def paragraph_html(paragraph: Paragraph, *, links: bool = True) -> SafeString:
    pieces = []
    for part in paragraph.parts:
        if isinstance(part, str):
            pieces.append(format_html("{}", part))
        elif is_gap(part):
            pieces.append(
                format_html('<mark class="fz-gap text-danger" data-key="{}">{}</mark>', part.key, part.text)
            )
        elif links and part.drilldown_url:
            pieces.append(format_html('<a class="fz-figure" data-key="{}" href="{}" title="查看数据来源">{}</a>',
                                      part.key, part.drilldown_url, part.text))  # fmt: skip
        else:
            pieces.append(format_html('<span class="fz-figure" data-key="{}">{}</span>', part.key, part.text))
    return format_html_join("", "{}", ((p,) for p in pieces))


def paragraphs_html(paragraphs, *, links: bool = True) -> SafeString:
    return format_html_join(
        "", '<p class="fz-report-p">{}</p>', ((paragraph_html(p, links=links),) for p in paragraphs)
    )
