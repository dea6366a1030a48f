"""Users and their memberships (user × unit × role)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission, Role
from fazhi.core.models.base import ScopedMixin, ScopedModel, ScopedQuerySet
from fazhi.core.validators import validate_id_number, validate_mobile


class UserQuerySet(ScopedQuerySet):
    pass


class FazhiUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(ScopedMixin, AbstractUser):
    """A person who signs in. Visible to those who manage a unit where the user holds a membership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        _("用户名"),
        max_length=150,
        unique=True,
        validators=[AbstractUser.username_validator],
        help_text=_("150 个字符以内，只能包含字母、数字和 @ . + - _。"),
        error_messages={"unique": _("该用户名已被使用。")},
    )
    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    title = models.CharField(_("职务"), max_length=50, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0, editable=False)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True, editable=False)
    active_membership = models.ForeignKey(
        "core.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("当前身份"),
    )

    objects = FazhiUserManager()

    REQUIRED_FIELDS = ["full_name"]
    scope_path_field = "memberships__unit__path"
    scope_needs_distinct = True
    scope_unit_attr = None
    scope_actions = {
        "view": Permission.MANAGE,
        "add": Permission.MANAGE,
        "change": Permission.MANAGE,
        "delete": Permission.MANAGE,
    }
    #: shown masked in lists; in full only on an audited detail view
    sensitive_fields = ("phone", "id_number")

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    def current_membership(self):
        """The membership chosen in the top bar, else the first active one."""
        membership = self.active_membership
        if membership is not None and membership.is_active and membership.user_id == self.pk:
            return membership
        return (
            self.memberships.filter(is_active=True)
            .select_related("unit")
            .order_by("unit__depth", "role")
            .first()
        )


class Membership(ScopedModel):
    """User × unit × role. Covers the unit and all its descendants."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("有效"), default=True)

    scope_actions = {
        "view": Permission.MANAGE,
        "add": Permission.MANAGE,
        "change": Permission.MANAGE,
        "delete": Permission.MANAGE,
    }

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="core_membership_unique_user_unit_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
