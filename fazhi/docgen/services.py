"""Upload, replace and remove a unit's own template; render a document. Writes are atomic and audited."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from docx import Document

from fazhi.attachments.detection import check_upload
from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.docgen.fill import clean_value, fill_document, placeholders_in
from fazhi.docgen.models import DocumentTemplate
from fazhi.docgen.registry import DocumentType, get_document_type
from fazhi.docgen.selectors import effective_template

_FIELDS = ["doc_key", "original_name", "size", "sha256"]


def _delete_stored(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        pass


def validate_template_file(*, document: DocumentType, file, name: str | None = None):
    """The upload checks (content, size, macros) restricted to .docx, then the placeholders.

    Returns the CheckedFile; raises a Chinese ValidationError naming the file and the problem.
    """
    checked = check_upload(file, name)
    if checked.file_type.key != "docx":
        raise ValidationError(
            _(
                "文件“%(name)s”不是 Word 文档（.docx）。文书模板只接受 .docx 文件；.doc 文件请在 Word 中另存为 .docx。"
            )
            % {"name": checked.name},
            code="not_docx",
        )
    file.seek(0)
    try:
        parsed = Document(io.BytesIO(file.read()))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise ValidationError(
            _("文件“%(name)s”无法作为 Word 文档读取，请在 Word 中重新保存后再上传。")
            % {"name": checked.name},
            code="unreadable",
        ) from exc
    finally:
        file.seek(0)
    allowed = set(document.field_names)
    unknown = [field for field in placeholders_in(parsed) if field not in allowed]
    if unknown:
        raise ValidationError(
            _("模板“%(name)s”中有%(doc)s未登记的占位符：%(unknown)s。可用的字段：%(available)s。")
            % {
                "name": checked.name,
                "doc": document.label,
                "unknown": "、".join(f"{{{{{field}}}}}" for field in unknown),
                "available": "；".join(f"{{{{{n}}}}}（{d}）" for n, d in document.fields),
            },
            code="unknown_placeholder",
        )
    return checked


@transaction.atomic
def template_upload(*, actor, unit: OrgUnit, key: str, file) -> DocumentTemplate:
    """Set ``unit``'s own template for document ``key`` (creating or replacing it); administrators only."""
    document = get_document_type(key)
    ensure_unit_allowed(user=actor, unit=unit, model=DocumentTemplate, action="change")
    try:
        checked = validate_template_file(document=document, file=file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    file.seek(0)
    content = ContentFile(file.read())
    existing = DocumentTemplate.objects.select_for_update().filter(unit=unit, doc_key=key).first()
    if existing is None:
        record = DocumentTemplate(
            unit=unit,
            doc_key=key,
            original_name=checked.name,
            size=checked.size,
            sha256=checked.sha256,
            updated_by=actor,
        )
        record.file.save("template.docx", content, save=False)
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            changes=diff({}, snapshot(record, _FIELDS)),
            note=f"SHA-256 {checked.sha256}",
        )
        return record
    before = snapshot(existing, _FIELDS)
    old_storage, old_name = existing.file.storage, existing.file.name
    existing.original_name, existing.size, existing.sha256 = checked.name, checked.size, checked.sha256
    existing.updated_by = actor
    # a fresh storage name, so the old file stays until the transaction commits
    existing.file.save("template.docx", content, save=False)
    existing.save()
    if old_name and old_name != existing.file.name:
        transaction.on_commit(lambda: _delete_stored(old_storage, old_name))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=existing,
        changes=diff(before, snapshot(existing, _FIELDS)),
        note=f"SHA-256 {checked.sha256}",
    )
    return existing


@transaction.atomic
def template_clear(*, actor, template: DocumentTemplate) -> None:
    """Remove a unit's own template: the unit falls back to its ancestor's template or the default."""
    record = (
        DocumentTemplate.objects.restrict(actor, "delete").select_for_update().filter(pk=template.pk).first()
    )
    if record is None:
        raise ScopeViolation()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=record,
        changes=diff(snapshot(record, _FIELDS), {}),
        note=f"SHA-256 {record.sha256}",
    )
    storage, name = record.file.storage, record.file.name
    record.delete()
    transaction.on_commit(lambda: _delete_stored(storage, name))


def template_download_audit(*, actor, unit: OrgUnit, key: str, effective) -> None:
    """Record who downloaded which unit's template in effect (own, inherited or default)."""
    source = effective.source.name if effective.source else _("系统默认")
    audit_record(
        actor=actor,
        action=AuditAction.DOWNLOAD,
        unit=unit,
        object_type="docgen.documenttemplate",
        object_id=str(effective.record.pk) if effective.record else key,
        object_repr=f"{effective.document.label}（{unit.name}）",
        note=_("下载在用模板，来源：%(source)s") % {"source": source},
    )


def render_document(*, key: str, unit: OrgUnit, context: dict) -> bytes:
    """The .docx for document ``key`` of ``unit``, its placeholders filled from ``context``.

    ``context`` maps registered field names to values (``str()`` is applied; None → empty). Names not
    registered for the document are an error; registered names left out are filled with "".
    """
    document_type = get_document_type(key)
    unknown = sorted(set(context) - set(document_type.field_names))
    if unknown:
        raise ValueError(f"文书 {key} 没有登记这些字段：{'、'.join(unknown)}")
    values = {name: clean_value(context.get(name)) for name in document_type.field_names}
    parsed = Document(io.BytesIO(effective_template(unit=unit, key=key).read()))
    fill_document(parsed, values)
    out = io.BytesIO()
    parsed.save(out)
    return out.getvalue()
