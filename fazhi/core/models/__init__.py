from fazhi.core.models.audit import AuditChainHead, AuditEvent
from fazhi.core.models.base import ScopedManager, ScopedMixin, ScopedModel, ScopedQuerySet
from fazhi.core.models.units import OrgUnit, UnitChange
from fazhi.core.models.users import Membership, User

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "Membership",
    "OrgUnit",
    "ScopedManager",
    "ScopedMixin",
    "ScopedModel",
    "ScopedQuerySet",
    "UnitChange",
    "User",
]
