"""The one scoping mechanism: a user's memberships → the unit subtrees they may see or act on.

Every scoped queryset goes through :meth:`ScopedQuerySet.restrict`, which calls
:func:`scope_prefixes`. Nothing else decides visibility (docs/adr/0001-scoping.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.core.roles import role_grants


class ScopeViolation(PermissionDenied):
    """A write would put a record outside the writer's scope."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("该操作会使记录超出您的管辖范围，已取消，未作任何修改。"))


def _memberships(user) -> list[tuple[str, str]]:
    cache = getattr(user, "_fazhi_memberships", None)
    if cache is None:
        from fazhi.core.models import Membership

        cache = list(
            Membership.objects.filter(user=user, is_active=True, unit__is_active=True).values_list(
                "role", "unit__path"
            )
        )
        user._fazhi_memberships = cache
    return cache


def forget_scope(user) -> None:
    """Drop the per-object cache, e.g. after memberships changed."""
    for attr in ("_fazhi_memberships",):
        if hasattr(user, attr):
            delattr(user, attr)


def scope_prefixes(user, permission: str) -> list[str]:
    """Path prefixes of the subtrees in which ``user`` holds ``permission``; empty means nothing.

    Fails closed: anonymous or inactive users, and users without a matching membership, get [].
    ``is_superuser`` grants nothing here on purpose: only memberships do.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    paths = sorted({path for role, path in _memberships(user) if role_grants(role, permission)})
    minimal: list[str] = []
    for path in paths:  # sorted, so an ancestor comes before its descendants
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return minimal


def has_permission_on_unit(user, permission: str, unit) -> bool:
    return any(unit.path.startswith(prefix) for prefix in scope_prefixes(user, permission))


def has_permission_anywhere(user, permission: str) -> bool:
    return bool(scope_prefixes(user, permission))


def covers_root(user, permission: str) -> bool:
    """True when the user's scope for ``permission`` includes a top-level unit (depth 0)."""
    from fazhi.core.models import OrgUnit

    roots = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    prefixes = scope_prefixes(user, permission)
    return any(root.startswith(prefix) for root in roots for prefix in prefixes)


def path_under(prefix: str, *lookups: str) -> Q:
    """Rows where any of ``lookups`` (paths of units, e.g. ``"unit__path"``) lies in the subtree ``prefix``."""
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__startswith": prefix})
    return condition


def under_any(prefixes, *lookups: str) -> Q:
    """Rows where any of ``lookups`` lies in one of the subtrees ``prefixes`` (callers pass a non-empty list:
    an empty ``Q()`` matches every row)."""
    condition = Q()
    for prefix in prefixes:
        condition |= path_under(prefix, *lookups)
    return condition


def units_with_permission(user, permission: str):
    """The organisation units in which ``user`` holds ``permission`` (a queryset, possibly empty)."""
    from fazhi.core.models import OrgUnit

    prefixes = scope_prefixes(user, permission)
    if not prefixes:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(under_any(prefixes, "path"), is_active=True)
