"""Factories for the foundation's records. Later modules add theirs beside their own tests."""

from __future__ import annotations

import itertools

import factory

from fazhi.core.choices import Role, UnitKind, UnitLevel
from fazhi.core.models import Membership, OrgUnit, User

PASSWORD = "Test2026pass"
_codes = itertools.count(1)


def make_unit(
    name: str,
    *,
    parent: OrgUnit | None = None,
    kind: str = UnitKind.DEPARTMENT,
    level: str = UnitLevel.COUNTY,
    code: str | None = None,
    short_name: str | None = None,
) -> OrgUnit:
    """Create a unit directly (tests only; the product goes through services.units.unit_create)."""
    unit = OrgUnit(
        parent=parent,
        name=name,
        short_name=short_name or name[:2],
        kind=kind,
        level=level,
        code=code or f"u{next(_codes):04d}",
    )
    unit.path = unit.compute_path()
    unit.depth = parent.depth + 1 if parent else 0
    unit.save()
    return unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:03d}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(username: str, unit: OrgUnit | None = None, role: str = Role.CLERK, **fields) -> User:
    user = UserFactory(username=username, **fields)
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user
