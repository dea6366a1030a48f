"""API tokens: issuing one is a sign-in; tokens expire (FAZHI_API_TOKEN_HOURS) like sessions do."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.FAZHI_API_TOKEN_HOURS)


def token_is_expired(token: Token) -> bool:
    return token.created < timezone.now() - token_lifetime()


def _login_unit(user):
    membership = user.current_membership()
    return membership.unit if membership else None


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's token, a new one when none exists or the old one has expired; audited as a login."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    update_last_login(None, user)
    audit_record(
        actor=user, action=AuditAction.LOGIN, obj=user, unit=_login_unit(user), note=_("获取 API 令牌")
    )
    return token


@transaction.atomic
def token_revoke(*, user) -> None:
    deleted, _detail = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(
            actor=user, action=AuditAction.LOGOUT, obj=user, unit=_login_unit(user), note=_("撤销 API 令牌")
        )
