import pytest
from django.core.exceptions import ValidationError

from fazhi.core.choices import UnitKind, UnitLevel
from fazhi.core.models import Membership, OrgUnit, UnitChange
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.units import unit_create, unit_delete, unit_move, unit_set_active, unit_update


def _fields(code, name="新单位"):
    return {
        "code": code,
        "name": name,
        "short_name": name[:2],
        "kind": UnitKind.DEPARTMENT,
        "level": UnitLevel.COUNTY,
    }


def test_create_under_a_unit_in_scope(people, tree):
    unit = unit_create(actor=people.admin, parent=tree.county, **_fields("qh-new", "清河县数据局"))
    assert unit.path == tree.county.path + unit.id.hex + "/"
    assert unit.depth == tree.county.depth + 1


def test_create_outside_scope_is_refused_and_nothing_saved(people, tree):
    count = OrgUnit.objects.count()
    with pytest.raises(ScopeViolation):
        unit_create(actor=people.admin_a, parent=tree.dept_b, **_fields("qh-x"))
    assert OrgUnit.objects.count() == count


def test_create_validates_codes_in_chinese(people, tree):
    with pytest.raises(ValidationError) as exc:
        unit_create(
            actor=people.admin,
            parent=tree.county,
            **{**_fields("qh-y"), "division_code": "12ab", "credit_code": "123"},
        )
    assert "行政区划代码应为 6 位或 9 位数字" in str(exc.value.message_dict["division_code"])
    assert "统一社会信用代码应为 18 位" in str(exc.value.message_dict["credit_code"])


def test_rename_keeps_history(people, tree):
    unit_update(
        actor=people.admin, unit=tree.dept_a, name="清河县市场监管局", short_name="清市", reason="机构改革"
    )
    changes = {c.kind: (c.old_value, c.new_value) for c in UnitChange.objects.filter(unit=tree.dept_a)}
    assert changes == {
        UnitChange.Kind.RENAME: ("清河县市场监督管理局", "清河县市场监管局"),
        UnitChange.Kind.SHORT_NAME: ("清市监", "清市"),
    }


def test_move_rewrites_the_subtree(people, tree):
    unit_move(actor=people.admin, unit=tree.dept_a, new_parent=tree.dept_b, reason="划转")
    tree.dept_a.refresh_from_db()
    tree.dept_a_child.refresh_from_db()
    assert tree.dept_a.path == tree.dept_b.path + tree.dept_a.id.hex + "/"
    assert tree.dept_a_child.path == tree.dept_a.path + tree.dept_a_child.id.hex + "/"
    assert tree.dept_a_child.depth == tree.dept_b.depth + 2
    move = UnitChange.objects.get(unit=tree.dept_a, kind=UnitChange.Kind.MOVE)
    assert (move.old_value, move.new_value) == ("清河县人民政府", "清河县公安局")
    # clerk_a's membership follows the unit: still sees their unit and its child
    visible = set(OrgUnit.objects.restrict(people.clerk_a).values_list("pk", flat=True))
    assert visible == {tree.dept_a.pk, tree.dept_a_child.pk}


def test_move_into_own_subtree_is_refused(people, tree):
    with pytest.raises(ValidationError) as exc:
        unit_move(actor=people.admin, unit=tree.dept_a, new_parent=tree.dept_a_child)
    assert "不能把单位移到它自己或它的下级单位之下" in exc.value.messages[0]


def test_delete_of_referenced_unit_is_refused_with_reason(people, tree):
    with pytest.raises(ValidationError) as exc:
        unit_delete(actor=people.admin, unit=tree.dept_b)
    assert "仍被以下记录引用" in exc.value.messages[0]
    assert "任职 1 条" in exc.value.messages[0]
    assert OrgUnit.objects.filter(pk=tree.dept_b.pk).exists()


def test_delete_of_unit_with_children_is_refused(people, tree):
    Membership.objects.filter(unit=tree.dept_a).delete()
    with pytest.raises(ValidationError) as exc:
        unit_delete(actor=people.admin, unit=tree.dept_a)
    assert "组织机构 1 条" in exc.value.messages[0]


def test_delete_of_unreferenced_unit(people, tree):
    unit = unit_create(actor=people.admin, parent=tree.county, **_fields("qh-tmp", "临时单位"))
    unit_update(actor=people.admin, unit=unit, name="临时单位二")
    unit_delete(actor=people.admin, unit=unit)
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()


def test_deactivate_requires_children_inactive(people, tree):
    with pytest.raises(ValidationError):
        unit_set_active(actor=people.admin, unit=tree.dept_a, active=False)
    unit_set_active(actor=people.admin, unit=tree.dept_a_child, active=False)
    unit_set_active(actor=people.admin, unit=tree.dept_a, active=False)
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.is_active is False


def test_membership_on_inactive_unit_grants_nothing(people, tree):
    from fazhi.core.models import User

    unit_set_active(actor=people.admin, unit=tree.dept_a_child, active=False)
    unit_set_active(actor=people.admin, unit=tree.dept_a, active=False)
    clerk = User.objects.get(pk=people.clerk_a.pk)
    assert OrgUnit.objects.restrict(clerk).count() == 0


def test_clerk_cannot_manage_units(people, tree):
    with pytest.raises(ScopeViolation):
        unit_create(actor=people.clerk_a, parent=tree.dept_a, **_fields("qh-z"))
