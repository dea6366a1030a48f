"""Which template is in effect for a unit, and its bytes."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.models import OrgUnit
from fazhi.core.selectors import nearest_in_lineage
from fazhi.docgen.models import DocumentTemplate
from fazhi.docgen.registry import DocumentType, get_document_type


@dataclass(frozen=True)
class EffectiveTemplate:
    document: DocumentType
    #: the unit whose own template applies (the unit itself or an ancestor); None for the default
    source: OrgUnit | None
    record: DocumentTemplate | None

    def read(self) -> bytes:
        if self.record is None:
            return self.document.default_bytes()
        with self.record.file.open("rb") as handle:
            return handle.read()


def effective_template(*, unit: OrgUnit, key: str) -> EffectiveTemplate:
    """The unit's own template, else its nearest ancestor's, else the default the module registered."""
    document = get_document_type(key)
    found = nearest_in_lineage(DocumentTemplate.objects.filter(doc_key=key), unit)
    if found is None:
        return EffectiveTemplate(document, None, None)
    return EffectiveTemplate(document, found.unit, found)
