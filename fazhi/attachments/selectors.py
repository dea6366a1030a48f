"""Reads of attachments, always through restricted querysets (the attachment's and the parent record's)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.attachments.models import Attachment, is_attachable


def record_type_of(record: models.Model) -> str:
    return record._meta.label_lower


def resolve_record(
    *, user, record_type: str | None, record_id: str | None, action: str = "view"
) -> models.Model:
    """The record named by ``app_label.model`` and its id, if ``user`` may ``action`` it; else Http404.

    A type that cannot carry attachments, a malformed id and a record out of scope all read as "not
    found", so nothing is revealed about records the user cannot see.
    """
    not_found = Http404(_("未找到该记录。"))
    if not record_type or not record_id or record_type.count(".") != 1:
        raise not_found
    app_label, model_name = record_type.lower().split(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        raise not_found from None
    if model is None or not is_attachable(model):
        raise not_found
    try:
        record = model._default_manager.restrict(user, action).filter(pk=record_id).first()
    except (ValidationError, ValueError):
        raise not_found from None
    if record is None:
        raise not_found
    return record


def attachments_of(*, user, record: models.Model):
    """The attachments of ``record`` that ``user`` may see, newest first."""
    content_type = ContentType.objects.get_for_model(type(record))
    return (
        Attachment.objects.restrict(user, "view")
        .filter(content_type=content_type, object_id=str(record.pk))
        .select_related("uploaded_by")
        .order_by("-created_at")
    )


def can_attach(*, user, record: models.Model) -> bool:
    model = type(record)
    return (
        is_attachable(model) and model._default_manager.restrict(user, "change").filter(pk=record.pk).exists()
    )


def parent_visible(*, user, attachment: Attachment) -> bool:
    """The exact check behind a download: the parent record itself is in the user's view scope."""
    model = attachment.content_type.model_class()
    if model is None:
        return False
    try:
        return model._default_manager.restrict(user, "view").filter(pk=attachment.object_id).exists()
    except (ValidationError, ValueError):
        return False
