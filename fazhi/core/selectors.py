"""Reads for the foundation's pages; every one goes through restrict()."""

from __future__ import annotations

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User
from fazhi.core.scoping import has_permission_anywhere

RECORD_ACTIONS = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.TRANSITION)


def recent_activity(*, user, limit: int = 15):
    events = (
        AuditEvent.objects.restrict(user, "activity")
        .filter(action__in=RECORD_ACTIONS)
        .select_related("unit")
        .order_by("-seq")
    )
    return list(events[:limit])


def home_counts(*, user) -> list[dict]:
    """The figures on the home page, each only over the units the user may see."""
    units = OrgUnit.objects.restrict(user, "view")
    counts = [
        {"label": "可见单位", "value": units.count(), "url_name": "units:list"},
        {"label": "其中镇街", "value": units.filter(kind="town").count(), "url_name": "units:list"},
    ]
    if has_permission_anywhere(user, "manage"):
        counts.append(
            {"label": "用户", "value": User.objects.restrict(user, "view").count(), "url_name": "users:list"}
        )
        counts.append(
            {
                "label": "任职",
                "value": Membership.objects.restrict(user, "view").count(),
                "url_name": "users:list",
            }
        )
    if has_permission_anywhere(user, "audit"):
        counts.append(
            {
                "label": "审计记录",
                "value": AuditEvent.objects.restrict(user, "view").count(),
                "url_name": "audit:list",
            }
        )
    return counts


def nearest_in_lineage(queryset, unit, *, include_self: bool = True):
    """The row of ``queryset`` (records with a ``unit``) held by ``unit`` or its nearest ancestor.

    How per-unit settings inherit down the tree (number templates, document templates): a unit's own
    row wins, else its parent's, and so on up to the top.
    """
    return (
        queryset.filter(unit_id__in=unit.lineage_ids(include_self=include_self))
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )
