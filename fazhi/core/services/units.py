"""Services for organisation units: create, update (rename with history), move, deactivate, delete."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DO_NOTHING, ProtectedError, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit, UnitChange
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed

EDITABLE_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "division_code",
    "credit_code",
    "sort_order",
)


def _validate(unit: OrgUnit) -> None:
    unit.full_clean(exclude=["path", "depth"])


@transaction.atomic
def unit_create(*, actor, parent: OrgUnit | None, **fields) -> OrgUnit:
    """Create a unit under ``parent``; only a top-level administrator may create a root."""
    if parent is None:
        from fazhi.core.scoping import covers_root

        has_roots = OrgUnit.objects.exists()
        if has_roots and not covers_root(actor, "manage"):
            raise ValidationError(_("只有顶层单位的系统管理员可以新建顶级单位，请选择上级单位。"))
    else:
        ensure_unit_allowed(user=actor, unit=parent, model=OrgUnit, action="add")
    unit = OrgUnit(parent=parent, **fields)
    unit.path = unit.compute_path()
    unit.depth = parent.depth + 1 if parent else 0
    _validate(unit)
    unit.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=unit, changes=diff({}, snapshot(unit)))
    if parent is not None:
        ensure_in_scope(user=actor, obj=unit, action="add")
    return unit


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, reason: str = "", **fields) -> OrgUnit:
    """Change a unit's attributes; a new name or short name is recorded in the unit's history."""
    unit = OrgUnit.objects.restrict(actor, "change").get(pk=unit.pk)
    before = snapshot(unit)
    old_name, old_short = unit.name, unit.short_name
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise ValueError(f"字段 {key} 不能在此修改")
        setattr(unit, key, value)
    _validate(unit)
    unit.save()
    changes = diff(before, snapshot(unit))
    if not changes:
        return unit
    if unit.name != old_name:
        UnitChange.objects.create(
            unit=unit,
            kind=UnitChange.Kind.RENAME,
            old_value=old_name,
            new_value=unit.name,
            changed_by=actor,
            reason=reason,
        )
    if unit.short_name != old_short:
        UnitChange.objects.create(
            unit=unit,
            kind=UnitChange.Kind.SHORT_NAME,
            old_value=old_short,
            new_value=unit.short_name,
            changed_by=actor,
            reason=reason,
        )
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=unit, changes=changes, note=reason)
    return unit


@transaction.atomic
def unit_move(*, actor, unit: OrgUnit, new_parent: OrgUnit, reason: str = "") -> OrgUnit:
    """Put a unit (and its subtree) under another parent; paths of the whole subtree follow."""
    unit = OrgUnit.objects.restrict(actor, "change").get(pk=unit.pk)
    ensure_unit_allowed(user=actor, unit=new_parent, model=OrgUnit, action="change")
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(_("不能把单位移到它自己或它的下级单位之下。"))
    if unit.parent_id == new_parent.pk:
        return unit
    old_parent = unit.parent
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.id.hex}/"
    depth_shift = new_parent.depth + 1 - unit.depth
    subtree = OrgUnit.objects.filter(path__startswith=old_path)
    from django.db.models import F

    subtree.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_shift,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.MOVE,
        old_value=old_parent.name if old_parent else "",
        new_value=new_parent.name,
        changed_by=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=unit,
        note=reason,
        changes={"parent": [str(old_parent.pk) if old_parent else None, str(new_parent.pk)]},
    )
    ensure_in_scope(user=actor, obj=unit, action="change")
    return unit


@transaction.atomic
def unit_set_active(*, actor, unit: OrgUnit, active: bool, reason: str = "") -> OrgUnit:
    unit = OrgUnit.objects.restrict(actor, "change").get(pk=unit.pk)
    if unit.is_active == active:
        return unit
    if not active and unit.descendants().filter(is_active=True).exists():
        raise ValidationError(_("该单位还有启用中的下级单位，请先停用下级单位。"))
    unit.is_active = active
    unit.save(update_fields=["is_active", "updated_at"])
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.REACTIVATE if active else UnitChange.Kind.DEACTIVATE,
        changed_by=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=unit,
        changes={"is_active": [str(not active), str(active)]},
        note=reason,
    )
    return unit


def unit_references(unit: OrgUnit) -> list[tuple[str, int]]:
    """(verbose name, count) of every kind of record that still points at ``unit``."""
    result = []
    for rel in unit._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if rel.related_model is UnitChange or rel.on_delete is DO_NOTHING:
            continue
        count = rel.related_model._base_manager.filter(**{rel.field.name: unit}).count()
        if count:
            result.append((str(rel.related_model._meta.verbose_name), count))
    return result


@transaction.atomic
def unit_delete(*, actor, unit: OrgUnit) -> None:
    """Delete a unit no record refers to; otherwise refuse and say what still refers to it."""
    unit = OrgUnit.objects.restrict(actor, "delete").get(pk=unit.pk)
    refs = unit_references(unit)
    if refs:
        listed = "、".join(f"{name} {count} 条" for name, count in refs)
        raise ValidationError(
            _("“%(unit)s”仍被以下记录引用，不能删除：%(refs)s。如该单位已撤销，请改为停用。")
            % {"unit": unit.name, "refs": listed}
        )
    audit_record(actor=actor, action=AuditAction.DELETE, obj=unit, changes=diff(snapshot(unit), {}))
    UnitChange.objects.filter(unit=unit).delete()
    try:
        unit.delete()
    except ProtectedError as exc:  # a reference created meanwhile
        raise ValidationError(_("“%(unit)s”仍被其他记录引用，不能删除。") % {"unit": unit.name}) from exc
