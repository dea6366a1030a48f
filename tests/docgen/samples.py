"""Samples of the docgen engine's scoped models for the generated scoping suite."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from fazhi.docgen.models import DocumentTemplate
from tests.docgen.documents import NOTICE
from tests.docgen.helpers import docx_bytes
from tests.scoping_samples import register_sample


@register_sample(DocumentTemplate)
def make_document_template(unit) -> DocumentTemplate:
    existing = DocumentTemplate.objects.filter(unit=unit, doc_key=NOTICE).first()
    if existing is not None:
        return existing
    content = docx_bytes(["申请人：{{申请人}}"])
    record = DocumentTemplate(
        unit=unit,
        doc_key=NOTICE,
        original_name="样本模板.docx",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    record.file.save("template.docx", ContentFile(content), save=False)
    record.save()
    return record
