"""One sample record per scoped model, made in a given unit: the generated scoping suite uses these.

Every model deriving from ScopedMixin must have an entry; the suite fails for a model without one.
A later module adds its models here (docs/adding-a-module.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.apps import apps
from django.db import models

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, Membership, OrgUnit, UnitChange, User
from fazhi.core.models.base import ScopedMixin
from tests.factories import make_unit, make_user

_n = itertools.count(1)


def _unit(unit: OrgUnit) -> OrgUnit:
    return make_unit(f"样本下属单位{next(_n)}", parent=unit, code=f"sample-{next(_n)}")


def _unit_change(unit: OrgUnit) -> UnitChange:
    return UnitChange.objects.create(
        unit=unit, kind=UnitChange.Kind.RENAME, old_value="旧名称", new_value=unit.name
    )


def _user(unit: OrgUnit) -> User:
    return make_user(
        f"sample_user_{next(_n)}",
        unit,
        Role.CLERK,
        full_name="样本用户",
        phone="13800138000",
        id_number="11010519491231002X",
    )


def _membership(unit: OrgUnit) -> Membership:
    user = make_user(f"sample_member_{next(_n)}", None, full_name="样本任职人")
    return Membership.objects.create(user=user, unit=unit, role=Role.CLERK)


def _audit_event(unit: OrgUnit) -> AuditEvent:
    from fazhi.core.services.audit import audit_record

    return audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        unit=unit,
        object_type="sample.record",
        object_id=str(next(_n)),
        object_repr="样本记录",
    )


SAMPLES: dict[type[models.Model], Callable[[OrgUnit], models.Model]] = {
    OrgUnit: _unit,
    UnitChange: _unit_change,
    User: _user,
    Membership: _membership,
    AuditEvent: _audit_event,
}


def register_sample(model: type[models.Model]):
    """Used by ``tests/<app>/samples.py``: ``@register_sample(Model)`` on ``def make(unit) -> instance``."""

    def decorate(fn):
        SAMPLES[model] = fn
        return fn

    return decorate


def _load_app_samples() -> None:
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("*/samples.py")):
        importlib.import_module(f"tests.{path.parent.name}.samples")


def scoped_models() -> list[type[models.Model]]:
    return sorted(
        (m for m in apps.get_models() if m.__module__.startswith("fazhi.") and issubclass(m, ScopedMixin)),
        key=lambda m: m._meta.label,
    )


_load_app_samples()
