"""Writes of attachments: add a checked file to a record, delete one. Keyword-only, atomic, audited."""

from __future__ import annotations

import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext as _

from fazhi.attachments.detection import check_upload
from fazhi.attachments.models import Attachment, is_attachable
from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed

logger = logging.getLogger(__name__)


def record_unit(record: models.Model) -> OrgUnit | None:
    if isinstance(record, OrgUnit):
        return record
    attr = type(record).scope_unit_attr
    return getattr(record, attr, None) if attr else None


def record_label(record: models.Model) -> str:
    return f"{record._meta.verbose_name}“{record}”"


def _ensure_may_change(actor, record: models.Model) -> None:
    model = type(record)
    if not is_attachable(model):
        raise ValidationError(_("“%(type)s”类记录不能添加附件。") % {"type": model._meta.verbose_name})
    if not model._default_manager.restrict(actor, "change").filter(pk=record.pk).exists():
        raise ScopeViolation()


@transaction.atomic
def attachment_add(*, actor, record: models.Model, file, description: str = "") -> Attachment:
    """Check ``file`` by content and size, store it through the storage API and attach it to ``record``.

    The actor must be allowed to change the record. The attachment takes the record's unit.
    """
    _ensure_may_change(actor, record)
    unit = record_unit(record)
    ensure_unit_allowed(user=actor, unit=unit, model=Attachment, action="add")
    if not isinstance(file, File):
        file = File(file, name=getattr(file, "name", None))
    checked = check_upload(file)
    attachment = Attachment(
        id=uuid.uuid4(),
        unit=unit,
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=str(record.pk),
        original_name=checked.name,
        size=checked.size,
        sha256=checked.sha256,
        file_type=checked.file_type.key,
        mime_type=checked.file_type.mime,
        uploaded_by=actor,
        description=(description or "").strip()[:500],
    )
    file.seek(0)
    attachment.file.save(f"{attachment.id.hex}.{checked.file_type.extensions[0]}", file, save=False)
    stored = attachment.file.name
    try:
        attachment.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=attachment,
            changes=diff({}, snapshot(attachment)),
            note=_("为%(record)s上传附件“%(name)s”（SHA-256：%(sha256)s）")
            % {"record": record_label(record), "name": checked.name, "sha256": checked.sha256},
        )
        ensure_in_scope(user=actor, obj=attachment, action="add")
    except BaseException:
        _delete_stored(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    """Remove an attachment (the actor must be allowed to change its record); the file goes after commit."""
    attachment = (
        Attachment.objects.restrict(actor, "delete").select_related("content_type").get(pk=attachment.pk)
    )
    record = attachment_record(attachment)
    if record is not None:
        _ensure_may_change(actor, record)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=attachment,
        changes=diff(snapshot(attachment), {}),
        note=_("删除附件“%(name)s”（SHA-256：%(sha256)s）")
        % {"name": attachment.original_name, "sha256": attachment.sha256},
    )
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: _delete_stored(stored))


def attachment_record(attachment: Attachment) -> models.Model | None:
    """The record an attachment belongs to, unrestricted (callers check the scope), or None if gone."""
    model = attachment.content_type.model_class()
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=attachment.object_id).first()
    except (ValidationError, ValueError):
        return None


def _delete_stored(name: str) -> None:
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete stored attachment %s", name)
