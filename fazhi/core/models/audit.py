"""The append-only, hash-chained audit log (审计日志)."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.models.base import ScopedManager, ScopedMixin, ScopedQuerySet

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")


class AuditManager(ScopedManager.from_queryset(AuditQuerySet)):
    pass


class AuditEvent(ScopedMixin, models.Model):
    """One audited act. ``hash`` covers every field and the predecessor's hash."""

    seq = models.PositiveBigIntegerField(_("序号"), primary_key=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    # No database constraint: the log outlives a deleted unit and must never block its deletion.
    unit = models.ForeignKey(
        "core.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("单位"),
    )
    action = models.CharField(_("动作"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    client_ip = models.CharField(_("客户端地址"), max_length=45, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditManager()

    # "activity": the record changes in one's own units, shown on the home page to everyone who may
    # view those units; the full log (logins, exports, every action) needs the audit permission.
    scope_actions = {"view": Permission.AUDIT, "activity": Permission.VIEW}

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        """Events not tied to a unit (e.g. a failed login for an unknown name) only for the top level."""
        from fazhi.core.scoping import covers_root

        if not covers_root(user, permission):
            return None
        from fazhi.core.models import OrgUnit

        return Q(unit__isnull=True) | ~Q(unit_id__in=OrgUnit.objects.values("id"))

    def canonical(self) -> bytes:
        payload = {
            "seq": self.seq,
            "created_at": self.created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "actor": str(self.actor_id) if self.actor_id else None,
            "actor_name": self.actor_name,
            "unit": str(self.unit_id) if self.unit_id else None,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "note": self.note,
            "client_ip": self.client_ip,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class AuditChainHead(models.Model):
    """The single row holding the newest sequence number and hash; locked while appending."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
