"""Writes of 执法事项 (权责清单) and 裁量基准: create, change, retire, delete — keyword-only, atomic, audited.

Rules kept here:
- an item's code is unique within its unit; its body is the unit's own or one above it;
- an item a case has used is never deleted (the case keeps pointing at it): it is retired (已取消), after
  which new cases cannot choose it (``selectors_items.ensure_item_selectable``); a band a case used is
  deactivated instead of deleted, for the same reason;
- a band's fine range: no negative amount, 下限 ≤ 上限, and a 不予处罚 band sets no fine (处罚法 第33条).
  Bands of one item may overlap, even for the same severity: two 违法情形 of the same gravity often carry
  the same range, and the case's officers pick the band by its 情形, not by the amount.

A refusal is a Chinese ``ValidationError`` (keyed by field where one field is wrong) and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.enforcement.cases.choices import ItemKind, ItemStatus, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.selectors_items import item_in_use, standard_in_use
from fazhi.enforcement.models import EnforcementBody

ITEM_FIELDS = ("body", "code", "name", "kind", "legal_basis", "penalty_basis")
STANDARD_FIELDS = ("code", "severity", "circumstance", "sanction", "fine_min", "fine_max", "active")


def _refuse(message, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


def _require_in_scope(actor, obj, action: str) -> None:
    if not type(obj)._default_manager.restrict(actor, action).filter(pk=obj.pk).exists():
        raise ScopeViolation()


# --- checks shared with the forms and the import ---------------------------------------------------


def item_problems(
    *, unit, body: EnforcementBody | None, code: str, name: str, legal_basis: str, exclude=None
) -> dict[str, list[str]]:
    """Field → messages for an item's own rules (empty when it may be saved)."""
    errors: dict[str, list[str]] = {}
    code = (code or "").strip()
    if not code:
        errors.setdefault("code", []).append(_("请填写事项编码。"))
    elif unit is not None:
        taken = EnforcementItem.objects.filter(unit=unit, code=code)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if taken.exists():
            errors.setdefault("code", []).append(
                _("本单位已有编码为“%(code)s”的执法事项，事项编码在单位内不能重复。") % {"code": code}
            )
    if not (name or "").strip():
        errors.setdefault("name", []).append(_("请填写事项名称。"))
    if not (legal_basis or "").strip():
        errors.setdefault("legal_basis", []).append(_("请填写设定依据（违反的法律、法规、规章条款）。"))
    if body is not None and unit is not None and body.unit_id not in unit.lineage_ids(include_self=True):
        errors.setdefault("body", []).append(
            _("执法主体“%(body)s”不属于“%(unit)s”或其上级单位。") % {"body": body.name, "unit": unit.name}
        )
    return errors


def fine_problems(
    *, severity: str, fine_min: Decimal | None, fine_max: Decimal | None
) -> dict[str, list[str]]:
    """Field → messages for a band's fine range."""
    errors: dict[str, list[str]] = {}
    for field, value in (("fine_min", fine_min), ("fine_max", fine_max)):
        if value is not None and value < 0:
            errors.setdefault(field, []).append(_("罚款金额不能为负数。"))
    if fine_min is not None and fine_max is not None and fine_min > fine_max and not errors:
        errors.setdefault("fine_max", []).append(
            _("罚款上限（%(max)s 元）不能低于下限（%(min)s 元）。") % {"max": fine_max, "min": fine_min}
        )
    if severity == Severity.EXEMPT and ((fine_min or 0) > 0 or (fine_max or 0) > 0):
        errors.setdefault("severity", []).append(
            _("“不予处罚”的裁量阶次不能设定罚款幅度（《行政处罚法》第三十三条）。")
        )
    return errors


def standard_problems(
    *,
    item: EnforcementItem,
    code: str,
    severity: str,
    circumstance: str,
    sanction: str,
    fine_min: Decimal | None,
    fine_max: Decimal | None,
    exclude=None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    code = (code or "").strip()
    if not code:
        errors.setdefault("code", []).append(_("请填写基准编码。"))
    else:
        taken = DiscretionStandard.objects.filter(item=item, code=code)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        if taken.exists():
            errors.setdefault("code", []).append(_("该事项已有编码为“%(code)s”的裁量基准。") % {"code": code})
    if severity not in Severity.values:
        errors.setdefault("severity", []).append(_("请选择裁量阶次。"))
    if not (circumstance or "").strip():
        errors.setdefault("circumstance", []).append(_("请填写违法情形。"))
    if not (sanction or "").strip():
        errors.setdefault("sanction", []).append(_("请填写处罚标准。"))
    for field, messages in fine_problems(severity=severity, fine_min=fine_min, fine_max=fine_max).items():
        errors.setdefault(field, []).extend(messages)
    return errors


# --- items ---------------------------------------------------------------------------------------


@transaction.atomic
def item_create(
    *,
    actor,
    unit,
    body: EnforcementBody,
    code: str,
    name: str,
    legal_basis: str,
    kind: str = ItemKind.PENALTY,
    penalty_basis: str = "",
) -> EnforcementItem:
    ensure_unit_allowed(user=actor, unit=unit, model=EnforcementItem, action="add")
    errors = item_problems(unit=unit, body=body, code=code, name=name, legal_basis=legal_basis)
    if errors:
        raise ValidationError(errors)
    item = EnforcementItem.objects.create(
        unit=unit,
        body=body,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        legal_basis=legal_basis.strip(),
        penalty_basis=(penalty_basis or "").strip(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=item, changes=diff({}, snapshot(item)))
    ensure_in_scope(user=actor, obj=item, action="add")
    return item


@transaction.atomic
def item_update(*, actor, item: EnforcementItem, **fields) -> EnforcementItem:
    """Change an item's own fields (``ITEM_FIELDS``); its unit and status change by other means."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"item_update: unknown fields {sorted(unknown)}")
    _require_in_scope(actor, item, "change")
    item = EnforcementItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    before = snapshot(item)
    values = {name: getattr(item, name) for name in ITEM_FIELDS} | fields
    errors = item_problems(
        unit=item.unit,
        body=values["body"],
        code=values["code"],
        name=values["name"],
        legal_basis=values["legal_basis"],
        exclude=item,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.save()
    changes = diff(before, snapshot(item))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, changes=changes)
    ensure_in_scope(user=actor, obj=item, action="change")
    return item


@transaction.atomic
def item_retire(*, actor, item: EnforcementItem, reason: str = "") -> EnforcementItem:
    """取消: the item leaves the 权责清单; cases that used it keep it, new cases cannot choose it."""
    _require_in_scope(actor, item, "change")
    item = EnforcementItem.objects.select_for_update().get(pk=item.pk)
    if item.status == ItemStatus.RETIRED:
        raise _refuse(_("该执法事项已经取消。"), code="invalid_transition")
    item.status = ItemStatus.RETIRED
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=item,
        changes={"status": [ItemStatus.ACTIVE.value, ItemStatus.RETIRED.value]},
        note=(_("取消执法事项") + (f"：{reason.strip()}" if reason and reason.strip() else ""))[:500],
    )
    ensure_in_scope(user=actor, obj=item, action="change")
    return item


@transaction.atomic
def item_restore(*, actor, item: EnforcementItem) -> EnforcementItem:
    """恢复: a retired item back on the list (e.g. retired by mistake)."""
    _require_in_scope(actor, item, "change")
    item = EnforcementItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.RETIRED:
        raise _refuse(_("该执法事项未被取消，无需恢复。"), code="invalid_transition")
    item.status = ItemStatus.ACTIVE
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=item,
        changes={"status": [ItemStatus.RETIRED.value, ItemStatus.ACTIVE.value]},
        note=_("恢复执法事项"),
    )
    ensure_in_scope(user=actor, obj=item, action="change")
    return item


@transaction.atomic
def item_delete(*, actor, item: EnforcementItem) -> None:
    """Delete an item entered by mistake, with its bands; refused once a case has used it."""
    _require_in_scope(actor, item, "delete")
    item = EnforcementItem.objects.select_for_update().get(pk=item.pk)
    if item_in_use(item):
        raise _refuse(
            _("已有执法案件适用该事项，不能删除；如该事项已不再实施，请将其“取消”。"), code="in_use"
        )
    standards = list(item.standards.all())
    for standard in standards:
        audit_record(
            actor=actor, action=AuditAction.DELETE, obj=standard, changes=diff(snapshot(standard), {})
        )
    audit_record(actor=actor, action=AuditAction.DELETE, obj=item, changes=diff(snapshot(item), {}))
    item.delete()


# --- standards -----------------------------------------------------------------------------------


@transaction.atomic
def standard_create(
    *,
    actor,
    item: EnforcementItem,
    code: str,
    severity: str,
    circumstance: str,
    sanction: str,
    fine_min: Decimal | None = None,
    fine_max: Decimal | None = None,
    active: bool = True,
) -> DiscretionStandard:
    _require_in_scope(actor, item, "change")
    ensure_unit_allowed(user=actor, unit=item.unit, model=DiscretionStandard, action="add")
    errors = standard_problems(
        item=item,
        code=code,
        severity=severity,
        circumstance=circumstance,
        sanction=sanction,
        fine_min=fine_min,
        fine_max=fine_max,
    )
    if errors:
        raise ValidationError(errors)
    standard = DiscretionStandard.objects.create(
        unit=item.unit,
        item=item,
        code=code.strip(),
        severity=severity,
        circumstance=circumstance.strip(),
        sanction=sanction.strip(),
        fine_min=fine_min,
        fine_max=fine_max,
        active=active,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=standard, changes=diff({}, snapshot(standard)))
    ensure_in_scope(user=actor, obj=standard, action="add")
    return standard


@transaction.atomic
def standard_update(*, actor, standard: DiscretionStandard, **fields) -> DiscretionStandard:
    """Change a band (``STANDARD_FIELDS``; ``active=False`` takes it out of use for new cases)."""
    unknown = set(fields) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"standard_update: unknown fields {sorted(unknown)}")
    _require_in_scope(actor, standard, "change")
    standard = DiscretionStandard.objects.select_for_update().select_related("item").get(pk=standard.pk)
    before = snapshot(standard)
    values = {name: getattr(standard, name) for name in STANDARD_FIELDS} | fields
    errors = standard_problems(
        item=standard.item,
        code=values["code"],
        severity=values["severity"],
        circumstance=values["circumstance"],
        sanction=values["sanction"],
        fine_min=values["fine_min"],
        fine_max=values["fine_max"],
        exclude=standard,
    )
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(standard, name, value.strip() if isinstance(value, str) else value)
    standard.save()
    changes = diff(before, snapshot(standard))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=standard, changes=changes)
    ensure_in_scope(user=actor, obj=standard, action="change")
    return standard


@transaction.atomic
def standard_delete(*, actor, standard: DiscretionStandard) -> None:
    """Delete a band entered by mistake; refused once a case applied it (停用 it instead)."""
    _require_in_scope(actor, standard, "delete")
    standard = DiscretionStandard.objects.select_for_update().get(pk=standard.pk)
    if standard_in_use(standard):
        raise _refuse(_("已有执法案件适用该裁量基准，不能删除；如不再适用，请将其停用。"), code="in_use")
    audit_record(actor=actor, action=AuditAction.DELETE, obj=standard, changes=diff(snapshot(standard), {}))
    standard.delete()
