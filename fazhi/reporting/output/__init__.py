"""The report's files: .docx in 公文 format, a standalone HTML page, and PDF where LibreOffice is installed.

``render(document, fmt)`` is the one entry point (the export view and ``fazhi report`` call it); it
writes nothing and audits nothing — the caller does what its action requires. See docs/reporting-output.md.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.reporting.document import Figure, ReportDocument
from fazhi.reporting.output.pdf import PdfConversionFailed, PdfUnavailable, unavailable_reason

__all__ = [
    "FORMATS",
    "PdfConversionFailed",
    "PdfUnavailable",
    "UnknownFormat",
    "figures",
    "filename_for",
    "pdf_unavailable_reason",
    "render",
]

#: format → (content type, file extension)
FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}

#: characters Windows, macOS or a browser refuse in a file name
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


class UnknownFormat(ValidationError):
    pass


def pdf_unavailable_reason() -> str | None:
    """Why PDF cannot be offered on this server (pages hide or explain the PDF button), or None."""
    return unavailable_reason()


def filename_for(document: ReportDocument, fmt: str) -> str:
    """The report's title as a file name: "清河县人民政府2025年法治政府建设情况报告.docx"."""
    stem = _UNSAFE_FILENAME.sub("", document.title).strip(" .") or _("法治政府建设情况报告")
    return f"{stem[:120]}.{FORMATS[fmt][1]}"


def figures(document: ReportDocument) -> list[Figure]:
    """Every figure quoted in the report, in reading order (repeats included)."""
    paragraphs = list(document.opening)
    for section in document.walk():
        paragraphs.extend(section.paragraphs)
    return [part for paragraph in paragraphs for part in paragraph.parts if isinstance(part, Figure)]


def render(
    document: ReportDocument, fmt: str, *, base_url: str = "", links: bool = True
) -> tuple[bytes, str, str]:
    """``(content, content_type, filename)`` of the report in ``fmt`` (docx, html or pdf).

    Raises :class:`UnknownFormat` for another format and, for PDF, :class:`PdfUnavailable` when
    LibreOffice is not installed or :class:`PdfConversionFailed` when it fails (all ValidationErrors
    with a Chinese message). HTML only: ``base_url`` is put before the drill-down paths; ``links=False``
    leaves figures unlinked (the public cannot open drill-down pages).
    """
    if fmt not in FORMATS:
        raise UnknownFormat(
            _("不支持的格式：%(fmt)s（可选：%(choices)s）。") % {"fmt": fmt, "choices": "、".join(FORMATS)}
        )
    if fmt == "html":
        from fazhi.reporting.output.html import render_html

        content = render_html(document, base_url=base_url, links=links)
    else:
        from fazhi.reporting.output.docx import render_docx

        if fmt == "pdf" and (reason := unavailable_reason()):
            raise PdfUnavailable(reason)  # before building the .docx for nothing
        content = render_docx(document)
        if fmt == "pdf":
            from fazhi.reporting.output.pdf import docx_to_pdf

            content = docx_to_pdf(content)
    return content, FORMATS[fmt][0], filename_for(document, fmt)
