"""Sign-in with account lockout, and the password rule (等保 2.0 三级: length, complexity, lockout)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a Chinese message: 5.2's catalogue lags a changed English message."""

    def get_error_message(self) -> str:
        return _("密码太短，至少包含 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少包含 %(n)d 个字符。") % {"n": self.min_length}


class LettersAndDigitsValidator:
    """A password must contain both letters and digits."""

    def validate(self, password: str, user=None) -> None:
        if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
            raise ValidationError(_("密码必须同时包含字母和数字。"), code="password_letters_digits")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字。")


class AccountLocked(PermissionDenied):
    def __init__(self, until: datetime.datetime):
        self.until = until
        local = timezone.localtime(until)
        super().__init__(
            _("该账号因连续登录失败已被锁定，请于 %(time)s 后再试，或联系系统管理员解锁。")
            % {"time": local.strftime("%H:%M")}
        )


def _login_unit(user):
    membership = user.current_membership()
    return membership.unit if membership else None


def record_failure(user, *, reason: str) -> None:
    """Count a failure; the fifth in a row locks the account. Each failure and the lock are audited."""
    from fazhi.core.services.audit import audit_record

    limit = settings.FAZHI_LOGIN_FAILURE_LIMIT
    with transaction.atomic():
        User = get_user_model()
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        unit = _login_unit(user)
        audit_record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            obj=user,
            unit=unit,
            note=_("%(reason)s（连续第 %(n)d 次）") % {"reason": reason, "n": user.failed_login_count},
        )
        if user.failed_login_count >= limit:
            until = timezone.now() + datetime.timedelta(minutes=settings.FAZHI_LOGIN_LOCK_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
            user.locked_until = until
            audit_record(
                actor=user,
                action=AuditAction.LOCKED,
                obj=user,
                unit=unit,
                note=_("连续 %(n)d 次登录失败，锁定 %(m)d 分钟")
                % {"n": limit, "m": settings.FAZHI_LOGIN_LOCK_MINUTES},
            )


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses locked accounts and counts failures per account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from fazhi.core.services.audit import audit_record

        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check: no timing oracle
            audit_record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                actor_name=str(username)[:150],
                note=_("用户名不存在"),
            )
            return None
        if user.is_locked:
            audit_record(
                actor=user,
                action=AuditAction.LOGIN_FAILED,
                obj=user,
                unit=_login_unit(user),
                note=_("账号锁定期间尝试登录"),
            )
            raise AccountLocked(user.locked_until)
        if not self.user_can_authenticate(user):
            audit_record(
                actor=user,
                action=AuditAction.LOGIN_FAILED,
                obj=user,
                unit=_login_unit(user),
                note=_("账号已停用"),
            )
            return None
        if user.check_password(password):
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
                user.failed_login_count, user.locked_until = 0, None
            return user
        record_failure(user, reason=_("密码错误"))
        if user.is_locked:
            raise AccountLocked(user.locked_until)
        return None
