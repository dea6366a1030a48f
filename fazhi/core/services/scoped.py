"""Helpers every service uses to keep writes inside the writer's scope."""

from __future__ import annotations

from django.db import models

from fazhi.core.scoping import ScopeViolation


def ensure_in_scope(*, user, obj: models.Model, action: str) -> None:
    """Re-read ``obj`` through the restricted queryset; raise (rolling back the transaction) if absent.

    Called after the write, inside the same transaction, as NetBox does: whatever the form or
    serializer allowed, a record the writer could not see afterwards is never committed.
    """
    model = type(obj)
    if not model._default_manager.restrict(user, action).filter(pk=obj.pk).exists():
        raise ScopeViolation()


def ensure_unit_allowed(*, user, unit, model: type[models.Model], action: str) -> None:
    """Before a write: the target unit must lie inside the writer's scope for this model and action."""
    from fazhi.core.scoping import has_permission_on_unit

    if unit is None or not has_permission_on_unit(user, model.scope_permission(action), unit):
        raise ScopeViolation()
