"""Services for users and memberships. A user always enters with a first membership so someone can see them."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import Membership, OrgUnit, User
from fazhi.core.scoping import forget_scope
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed

USER_EDITABLE_FIELDS = ("full_name", "email", "phone", "id_number", "title")


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    password: str,
    unit: OrgUnit,
    role: str,
    email: str = "",
    phone: str = "",
    id_number: str = "",
    title: str = "",
) -> User:
    ensure_unit_allowed(user=actor, unit=unit, model=Membership, action="add")
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        id_number=id_number.upper(),
        title=title,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password", "active_membership"])
    user.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=user, unit=unit, changes=diff({}, snapshot(user))
    )
    membership_add(actor=actor, user=user, unit=unit, role=role)
    ensure_in_scope(user=actor, obj=user, action="add")
    return user


def _first_unit(user: User):
    membership = user.current_membership()
    return membership.unit if membership else None


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    user = User.objects.restrict(actor, "change").get(pk=user.pk)
    before = snapshot(user)
    for key, value in fields.items():
        if key not in USER_EDITABLE_FIELDS:
            raise ValueError(f"字段 {key} 不能在此修改")
        setattr(user, key, value.upper() if key == "id_number" and value else value)
    user.full_clean(exclude=["password", "active_membership"])
    user.save()
    changes = diff(before, snapshot(user))
    if changes:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=user, unit=_first_unit(user), changes=changes
        )
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    user = User.objects.restrict(actor, "change").get(pk=user.pk)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("不能停用自己的账号。"))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=user,
            unit=_first_unit(user),
            changes={"is_active": [str(not active), str(active)]},
        )
    return user


@transaction.atomic
def user_unlock(*, actor, user: User) -> User:
    user = User.objects.restrict(actor, "change").get(pk=user.pk)
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)
    user.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.UNLOCKED, obj=user, unit=_first_unit(user))
    return user


@transaction.atomic
def user_reset_password(*, actor, user: User, password: str) -> User:
    """An administrator sets a new password for someone in their scope."""
    user = User.objects.restrict(actor, "change").get(pk=user.pk)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action=AuditAction.PASSWORD_CHANGE,
        obj=user,
        unit=_first_unit(user),
        note=_("管理员重置密码"),
    )
    return user


@transaction.atomic
def user_change_own_password(*, user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action=AuditAction.PASSWORD_CHANGE,
        obj=user,
        unit=_first_unit(user),
        note=_("本人修改密码"),
    )
    return user


@transaction.atomic
def user_reveal_sensitive(*, actor, user: User) -> User:
    """The full 身份证号/手机号 are shown only through this call, which is audited."""
    user = User.objects.restrict(actor, "view").get(pk=user.pk)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW_SENSITIVE,
        obj=user,
        unit=_first_unit(user),
        note=_("查看完整身份证号和手机号"),
    )
    return user


@transaction.atomic
def membership_add(*, actor, user: User, unit: OrgUnit, role: str) -> Membership:
    ensure_unit_allowed(user=actor, unit=unit, model=Membership, action="add")
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=membership, changes=diff({}, snapshot(membership))
    )
    ensure_in_scope(user=actor, obj=membership, action="add")
    forget_scope(user)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    membership = (
        Membership.objects.restrict(actor, "delete").select_related("user", "unit").get(pk=membership.pk)
    )
    user = membership.user
    others = Membership.objects.filter(user=user).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _("这是该用户唯一的任职，移除后任何人都无法再管理该账号。如该人员已离开，请停用账号。")
        )
    if user.pk == actor.pk and membership.role == "admin" and not others.filter(role="admin").exists():
        raise ValidationError(_("不能移除自己唯一的系统管理员任职，以免失去管理权限。"))
    audit_record(
        actor=actor, action=AuditAction.DELETE, obj=membership, changes=diff(snapshot(membership), {})
    )
    if user.active_membership_id == membership.pk:
        User.objects.filter(pk=user.pk).update(active_membership=None)
    membership.delete()
    forget_scope(user)


@transaction.atomic
def membership_switch(*, user: User, membership_id) -> Membership:
    """Choose which of one's own memberships the top bar shows and new records default to."""
    try:
        membership = user.memberships.select_related("unit").get(pk=membership_id, is_active=True)
    except (Membership.DoesNotExist, ValueError, ValidationError) as exc:
        raise ValidationError(_("该身份不存在或已失效。")) from exc
    User.objects.filter(pk=user.pk).update(active_membership=membership)
    user.active_membership = membership
    return membership
