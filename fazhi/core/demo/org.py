"""The core demo step: the organisation tree and the demo logins, all written through the services."""

from __future__ import annotations

from fazhi.core.demo import codes
from fazhi.core.demo.bootstrap import bootstrap_first_admin
from fazhi.core.demo.org_data import PROVINCE, QINGHE, UnitSpec
from fazhi.core.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, FIRST_ADMIN, PersonSpec
from fazhi.core.demo.registry import DemoContext
from fazhi.core.services.units import unit_create
from fazhi.core.services.users import membership_add, user_create

#: 身份证号 of the demo people start with the demo county's (fictional) area code
PERSON_AREA = QINGHE.division_code


def _unit_fields(spec: UnitSpec, context: DemoContext, sort_order: int) -> dict:
    return {
        "code": spec.code,
        "name": spec.name,
        "short_name": spec.short_name,
        "kind": spec.kind,
        "level": spec.level,
        "division_code": spec.division_code,
        "sort_order": sort_order,
        "credit_code": codes.credit_code(context.rng, division=spec.division_code),
    }


def _person_fields(spec: PersonSpec, context: DemoContext, index: int) -> dict:
    return {
        "username": spec.username,
        "full_name": spec.full_name,
        "password": DEMO_PASSWORD,
        "title": spec.title,
        "phone": f"1380000{index:04d}",  # the conventional placeholder range, never a real subscriber
        "id_number": codes.id_number(
            context.rng, area=PERSON_AREA, born_between=(1968, 1996), male=spec.male
        ),
    }


def _create_children(context: DemoContext, parent_spec: UnitSpec) -> None:
    parent = context.units[parent_spec.code]
    for position, spec in enumerate(parent_spec.children, start=1):
        context.units[spec.code] = unit_create(
            actor=context.actor, parent=parent, **_unit_fields(spec, context, position * 10)
        )
        _create_children(context, spec)


def build_organisation(context: DemoContext) -> None:
    people = {spec.username: (index, spec) for index, spec in enumerate(DEMO_PEOPLE, start=1)}
    index, first = people[FIRST_ADMIN]
    root, admin = bootstrap_first_admin(
        unit_fields=_unit_fields(PROVINCE, context, 10), **_person_fields(first, context, index)
    )
    context.actor = admin
    context.units[root.code] = root
    context.users[admin.username] = admin
    _create_children(context, PROVINCE)
    for index, spec in people.values():
        if spec.username == FIRST_ADMIN:
            continue
        (unit_code, role), *more = spec.memberships
        user = user_create(
            actor=admin, unit=context.units[unit_code], role=role, **_person_fields(spec, context, index)
        )
        for unit_code, role in more:
            membership_add(actor=admin, user=user, unit=context.units[unit_code], role=role)
        context.users[user.username] = user
