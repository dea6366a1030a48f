"""Fill ``{{字段名}}`` placeholders in a .docx with python-docx — plain text substitution, no code.

Word often splits what one typed as ``{{申请人}}`` over several runs (spell-check marks, editing
sessions, formatting changes). The filler works on a paragraph's runs together: for each placeholder it
finds the runs holding its first and last characters, puts the value into the first of them (so the
value takes that run's formatting), and removes the placeholder's remaining characters from the others.
Text outside placeholders keeps its own runs and formatting.

Covered: body paragraphs, tables (nested too), and every section's headers and footers (default, first
page, even pages). Not covered: text boxes, footnotes, comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: a field name: Chinese characters, letters, digits, underscores
FIELD_NAME_RE = re.compile(r"[\w\u3400-\u9fff]+")
#: a placeholder; spaces inside the braces are allowed (``{{ 申请人 }}``)
PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
# XML 1.0 refuses most control characters; tabs and line breaks are kept (python-docx writes them as
# <w:tab/> and <w:br/>).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _paragraphs_of(container) -> Iterator[Paragraph]:
    yield from container.paragraphs
    for table in container.tables:
        yield from _table_paragraphs(table)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            # a merged cell appears once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield from _paragraphs_of(cell)


def all_paragraphs(document: DocumentObject) -> Iterator[Paragraph]:
    """Every paragraph the filler touches: body, tables, and all headers and footers."""
    yield from _paragraphs_of(document)
    seen = set()
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            element = part._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            yield from _paragraphs_of(part)


def _runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs in reading order, including those inside hyperlinks and tracked insertions."""
    elements = paragraph._p.xpath("./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r")
    return [Run(r, paragraph) for r in elements]


def placeholders_in(document: DocumentObject) -> list[str]:
    """The field names the document's placeholders use, in order of first appearance."""
    found: dict[str, None] = {}
    for paragraph in all_paragraphs(document):
        text = "".join(run.text for run in _runs(paragraph))
        for match in PLACEHOLDER_RE.finditer(text):
            found.setdefault(match.group(1), None)
    return list(found)


def clean_value(value) -> str:
    if value is None:
        return ""
    return _CONTROL_RE.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")


def _fill_paragraph(paragraph: Paragraph, values: dict[str, str]) -> None:
    runs = _runs(paragraph)
    texts = [run.text for run in runs]
    full = "".join(texts)
    if "{{" not in full:
        return
    matches = [m for m in PLACEHOLDER_RE.finditer(full) if m.group(1) in values]
    if not matches:
        return
    original = list(texts)
    starts = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text)

    def locate(offset: int) -> int:
        index = 0
        for i, start in enumerate(starts):
            if start <= offset and original[i]:
                index = i
            if start > offset:
                break
        return index

    # right to left, so the offsets of earlier placeholders stay valid
    for match in reversed(matches):
        first, last = locate(match.start()), locate(match.end() - 1)
        value = values[match.group(1)]
        head = texts[first][: match.start() - starts[first]]
        if first == last:
            tail = texts[first][match.end() - starts[first] :]
            texts[first] = head + value + tail
        else:
            texts[first] = head + value
            for i in range(first + 1, last):
                texts[i] = ""
            texts[last] = texts[last][match.end() - starts[last] :]
    for run, text, before in zip(runs, texts, original, strict=True):
        if text != before:
            run.text = text


def fill_document(document: DocumentObject, values: dict) -> DocumentObject:
    """Replace every ``{{name}}`` whose name is in ``values``; other text is left as it is."""
    cleaned = {name: clean_value(value) for name, value in values.items()}
    for paragraph in list(all_paragraphs(document)):
        _fill_paragraph(paragraph, cleaned)
    return document
