"""Evidence files (附件) attached to any scoped record, in the unit of that record."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import OrgUnit, ScopedModel
from fazhi.core.models.base import ScopedManager, ScopedMixin, ScopedQuerySet
from fazhi.core.scoping import scope_prefixes


def attachable_models() -> list[type[models.Model]]:
    """Scoped models whose records can carry attachments: one owning unit, a view and a change action."""
    found = []
    for model in apps.get_models():
        if not (model.__module__.startswith("fazhi.") and issubclass(model, ScopedMixin)):
            continue
        if not getattr(model, "attachments_allowed", True):
            continue
        if model is not OrgUnit and not model.scope_unit_attr:
            continue
        if not {"view", "change"} <= set(model.scope_actions):
            continue
        found.append(model)
    return found


def is_attachable(model: type[models.Model]) -> bool:
    return model in attachable_models()


class AttachmentQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view") -> AttachmentQuerySet:
        """The attachment's own scope and, on top, the parent's: an attachment of a record shows only to
        those who may view that kind of record in its unit (a membership's files need ``manage``, as the
        membership does). The unit is the parent's, copied when attaching, so this is exact for records
        scoped by their unit; the pages additionally re-read the parent through its own restrict()."""
        qs = super().restrict(user, action)
        groups: dict[str, list[int]] = {}
        models_ = attachable_models()
        for model, ct in ContentType.objects.get_for_models(*models_).items():
            groups.setdefault(model.scope_permission("view"), []).append(ct.pk)
        condition = None
        for permission, ct_ids in groups.items():
            prefixes = scope_prefixes(user, permission)
            if not prefixes:
                continue
            paths = Q()
            for prefix in prefixes:
                paths |= Q(unit__path__startswith=prefix)
            part = Q(content_type_id__in=ct_ids) & paths
            condition = part if condition is None else condition | part
        qs = qs.none() if condition is None else qs.filter(condition)
        qs._restricted = True
        return qs


class AttachmentManager(ScopedManager.from_queryset(AttachmentQuerySet)):
    pass


def attachment_upload_to(attachment: Attachment, filename: str) -> str:
    """``attachments/2026/05/<id>.pdf``: the original name is kept in the row, never in the storage path."""
    return f"attachments/{timezone.localtime():%Y/%m}/{filename}"


class Attachment(ScopedModel):
    """A file kept as evidence for a record; checked by content and hashed when uploaded."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("记录类型")
    )
    object_id = models.CharField(_("记录编号"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=500)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_type = models.CharField(_("文件类型"), max_length=20)
    mime_type = models.CharField(_("MIME 类型"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    description = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AttachmentManager()

    # Attaching or removing evidence changes the record; reading follows the record (see restrict()).
    scope_actions = {"view": Permission.VIEW, "add": Permission.CHANGE, "delete": Permission.CHANGE}
    attachments_allowed = False

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachments_record")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def record_type(self) -> str:
        """``app_label.model``, as the pages and the API name a record's type."""
        return f"{self.content_type.app_label}.{self.content_type.model}"
