"""Which permissions each role grants over the units a membership covers (the unit and its descendants)."""

from fazhi.core.choices import Permission as P
from fazhi.core.choices import Role

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({P.VIEW, P.ADD, P.CHANGE, P.DELETE, P.APPROVE, P.MANAGE, P.AUDIT}),
    # The rule-of-law office works across the units below its own (its membership is held at the
    # government it serves), so it gets the full set of record permissions but not user management.
    Role.LEGAL_STAFF: frozenset({P.VIEW, P.ADD, P.CHANGE, P.DELETE, P.APPROVE}),
    Role.CLERK: frozenset({P.VIEW, P.ADD, P.CHANGE}),
    Role.LEADER: frozenset({P.VIEW, P.APPROVE}),
    Role.AUDITOR: frozenset({P.AUDIT}),
}


def role_grants(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
