from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document


def docx_bytes(paragraphs: list[str] | None = None, document=None) -> bytes:
    if document is None:
        document = Document()
        for text in paragraphs or []:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "模板.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def read(content: bytes):
    return Document(io.BytesIO(content))


def all_text(document) -> str:
    from fazhi.docgen.fill import all_paragraphs

    return "\n".join(p.text for p in all_paragraphs(document))
