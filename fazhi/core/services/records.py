"""Generic audited create/update/delete for scoped records edited through a plain form or serializer."""

from __future__ import annotations

from django.db import models, transaction

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed


@transaction.atomic
def record_create(*, actor, instance: models.Model) -> models.Model:
    model = type(instance)
    unit_attr = model.scope_unit_attr
    if unit_attr:
        ensure_unit_allowed(user=actor, unit=getattr(instance, unit_attr), model=model, action="add")
    instance.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=instance, changes=diff({}, snapshot(instance)))
    ensure_in_scope(user=actor, obj=instance, action="add")
    return instance


@transaction.atomic
def record_update(*, actor, instance: models.Model, before: dict) -> models.Model:
    """``before`` is :func:`snapshot` of the stored row, taken before the form changed the instance."""
    model = type(instance)
    if not model._default_manager.restrict(actor, "change").filter(pk=instance.pk).exists():
        from fazhi.core.scoping import ScopeViolation

        raise ScopeViolation()
    instance.save()
    changes = diff(before, snapshot(instance))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=instance, changes=changes)
    ensure_in_scope(user=actor, obj=instance, action="change")
    return instance


@transaction.atomic
def record_delete(*, actor, instance: models.Model) -> None:
    model = type(instance)
    instance = model._default_manager.restrict(actor, "delete").get(pk=instance.pk)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=instance, changes=diff(snapshot(instance), {}))
    instance.delete()
