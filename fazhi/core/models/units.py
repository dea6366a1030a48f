"""Organisation units (组织机构): a tree stored as materialised paths, portable to SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission, UnitKind, UnitLevel
from fazhi.core.models.base import ScopedManager, ScopedMixin

division_code_validator = RegexValidator(
    r"^\d{6}(\d{3})?$", _("行政区划代码应为 6 位或 9 位数字（GB/T 2260）。")
)
credit_code_validator = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    _("统一社会信用代码应为 18 位（数字与大写字母，不含 I、O、Z、S、V）。"),
)
code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{2,40}$", _("机构代码只能由 2–40 位字母、数字、下划线或连字符组成。")
)


class OrgUnit(ScopedMixin, models.Model):
    """A government, department, town or office. Visible to a user when inside one of their subtrees."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    #: ancestors' ids and its own, each 32 hex characters followed by "/"; a prefix selects a subtree
    path = models.CharField(max_length=512, unique=True, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    code = models.CharField(
        _("机构代码"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("系统内唯一，用于命令行与导入，如 qhx-sfj。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=20, help_text=_("用于文号、案号，如“清司”。"))
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("层级"), max_length=20, choices=UnitLevel.choices)
    division_code = models.CharField(
        _("行政区划代码"), max_length=9, blank=True, validators=[division_code_validator]
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[credit_code_validator]
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager()

    scope_path_field = "path"
    scope_unit_attr = None  # the unit is the record itself
    scope_actions = {
        "view": Permission.VIEW,
        "add": Permission.MANAGE,
        "change": Permission.MANAGE,
        "delete": Permission.MANAGE,
    }

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "sort_order"])]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_path(self) -> str:
        return self.path

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.id.hex}/"

    def lineage_ids(self, include_self: bool = True) -> list[uuid.UUID]:
        """The ids from the top of the tree down to this unit, read from the path (no query)."""
        ids = [uuid.UUID(part) for part in self.path.strip("/").split("/")]
        return ids if include_self else ids[:-1]

    def ancestors(self) -> models.QuerySet:
        return OrgUnit.objects.filter(id__in=self.lineage_ids(include_self=False)).order_by("depth")

    def descendants(self, include_self: bool = False) -> models.QuerySet:
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_descendant_of(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path) and self.pk != other.pk


class UnitChange(ScopedMixin, models.Model):
    """History of renames and moves, so a unit's former names and parents remain known."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("更名")
        SHORT_NAME = "short_name", _("简称变更")
        MOVE = "move", _("调整上级")
        DEACTIVATE = "deactivate", _("停用")
        REACTIVATE = "reactivate", _("启用")

    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="changes", verbose_name=_("机构")
    )
    kind = models.CharField(_("变更类型"), max_length=20, choices=Kind.choices)
    old_value = models.CharField(_("原值"), max_length=200, blank=True)
    new_value = models.CharField(_("新值"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("变更时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    objects = ScopedManager()
    scope_actions = {"view": Permission.VIEW}

    class Meta:
        verbose_name = _("机构变更记录")
        verbose_name_plural = _("机构变更记录")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.get_kind_display()}"
