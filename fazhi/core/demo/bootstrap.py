"""The first unit and its first administrator, on an empty database.

Every other write needs an actor whose membership allows it; the very first membership has no
such actor, so this is the one place that writes a membership without ``membership_add``. Each
record is still audited, in the same transaction, as done by “系统初始化”.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import Membership, OrgUnit, User
from fazhi.core.scoping import forget_scope
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.units import unit_create


@transaction.atomic
def bootstrap_first_admin(
    *,
    unit_fields: dict,
    username: str,
    full_name: str,
    password: str,
    title: str = "",
    phone: str = "",
    id_number: str = "",
    email: str = "",
) -> tuple[OrgUnit, User]:
    """Create the top-level unit and a system administrator holding it; refused once any unit exists."""
    if OrgUnit.objects.exists():
        raise ValidationError(_("数据库中已有组织机构，不能再初始化顶级单位和首位管理员。"))
    system = _("系统初始化")
    user = User(
        username=username,
        full_name=full_name,
        title=title,
        phone=phone,
        id_number=id_number.upper(),
        email=email,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password", "active_membership"])
    user.save()
    audit_record(
        actor=None,
        actor_name=system,
        action=AuditAction.CREATE,
        obj=user,
        changes=diff({}, snapshot(user)),
        note=_("创建首位系统管理员"),
    )
    root = unit_create(actor=user, parent=None, **unit_fields)
    membership = Membership(user=user, unit=root, role=Role.ADMIN)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=None,
        actor_name=system,
        action=AuditAction.CREATE,
        obj=membership,
        changes=diff({}, snapshot(membership)),
        note=_("授予首位系统管理员顶级单位的管理权限"),
    )
    forget_scope(user)
    return root, user
