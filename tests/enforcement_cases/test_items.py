"""执法事项 and 裁量基准: the services, their refusals (each changing nothing) and the selectors cases use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import ItemKind, ItemStatus, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.selectors_items import (
    ensure_item_selectable,
    fine_within,
    items_selectable,
    standards_for,
)
from fazhi.enforcement.cases.services import items as s
from tests.enforcement.factories import make_body
from tests.enforcement_cases.factories import make_case, make_item, make_standard

pytestmark = pytest.mark.django_db


def state():
    """Every item and band row and the audit log's length: equal before and after = nothing changed."""
    return (
        list(EnforcementItem.objects.order_by("pk").values()),
        list(DiscretionStandard.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def body(tree):
    return make_body(tree.dept_a, name="清河县市场监督管理局")


def create(actor, unit, body, **extra):
    values = {
        "code": "330217001000",
        "name": "对食品经营者未按规定公示食品经营许可证的处罚",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条第一款",
        "penalty_basis": "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款",
        "kind": ItemKind.PENALTY,
    } | extra
    return s.item_create(actor=actor, unit=unit, body=body, **values)


# --- items ---------------------------------------------------------------------------------------


def test_item_create_is_audited(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    assert item.unit == tree.dept_a
    assert item.status == ItemStatus.ACTIVE
    event = AuditEvent.objects.get(object_id=str(item.pk))
    assert event.action == "create"
    assert event.changes["code"] == [None, "330217001000"]


def test_item_code_is_unique_per_unit_refused_clearly(people, tree, body):
    create(people.clerk_a, tree.dept_a, body)
    before = state()
    with pytest.raises(ValidationError) as refused:
        create(people.clerk_a, tree.dept_a, body, name="另一个事项")
    assert refused.value.message_dict["code"] == [
        "本单位已有编码为“330217001000”的执法事项，事项编码在单位内不能重复。"
    ]
    assert state() == before


def test_the_same_code_in_another_unit_is_allowed(people, tree, body):
    create(people.clerk_a, tree.dept_a, body)
    other = make_body(tree.dept_b, name="清河县公安局")
    item = create(people.admin, tree.dept_b, other)
    assert item.code == "330217001000"


def test_item_body_must_be_the_units_or_above_it(people, tree, body):
    other = make_body(tree.dept_b, name="清河县公安局")
    before = state()
    with pytest.raises(ValidationError) as refused:
        create(people.admin, tree.dept_a, other)
    assert "不属于“清河县市场监督管理局”或其上级单位" in refused.value.message_dict["body"][0]
    assert state() == before
    # a sub-unit's item may name its bureau's body
    item = create(people.admin, tree.dept_a_child, body)
    assert item.body == body


def test_item_create_out_of_scope_is_refused(people, tree, body):
    before = state()
    with pytest.raises(PermissionDenied):
        create(people.clerk_a, tree.dept_b, body)
    assert state() == before


def test_item_update_and_its_refusal(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    other = create(
        people.clerk_a, tree.dept_a, body, code="330217002000", name="对未按规定建立进货查验记录的处罚"
    )
    s.item_update(actor=people.clerk_a, item=item, name="对未按要求公示食品经营许可证的处罚")
    item.refresh_from_db()
    assert item.name == "对未按要求公示食品经营许可证的处罚"
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="update").count() == 1
    before = state()
    with pytest.raises(ValidationError):
        s.item_update(actor=people.clerk_a, item=other, code=item.code)
    with pytest.raises(ValidationError):
        s.item_update(actor=people.clerk_a, item=other, legal_basis="  ")
    with pytest.raises(PermissionDenied):
        s.item_update(actor=people.clerk_b, item=other, name="越权修改")
    assert state() == before


def test_retire_and_restore(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    s.item_retire(actor=people.clerk_a, item=item, reason="法律依据已修改")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETIRED
    event = AuditEvent.objects.filter(object_id=str(item.pk), action="transition").get()
    assert event.note == "取消执法事项：法律依据已修改"
    before = state()
    with pytest.raises(ValidationError) as refused:
        s.item_retire(actor=people.clerk_a, item=item)
    assert refused.value.messages == ["该执法事项已经取消。"]
    assert state() == before
    s.item_restore(actor=people.clerk_a, item=item)
    item.refresh_from_db()
    assert item.status == ItemStatus.ACTIVE
    before = state()
    with pytest.raises(ValidationError):
        s.item_restore(actor=people.clerk_a, item=item)
    assert state() == before


def test_a_retired_item_cannot_be_chosen_by_new_cases(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    kept = create(people.clerk_a, tree.dept_a, body, code="X-2", name="对其他违法行为的处罚")
    s.item_retire(actor=people.clerk_a, item=item)
    assert list(items_selectable(queryset=EnforcementItem.objects.filter(unit=tree.dept_a))) == [kept]
    with pytest.raises(ValidationError) as refused:
        ensure_item_selectable(EnforcementItem.objects.get(pk=item.pk))
    assert refused.value.messages == [
        "执法事项“对食品经营者未按规定公示食品经营许可证的处罚”已取消，新立案件不能选用。"
    ]
    ensure_item_selectable(kept)


def test_an_item_in_use_cannot_be_deleted(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    make_standard(item)
    make_case(tree.dept_a, item)
    before = state()
    with pytest.raises(ValidationError) as refused:
        s.item_delete(actor=people.admin_a, item=item)
    assert refused.value.messages == ["已有执法案件适用该事项，不能删除；如该事项已不再实施，请将其“取消”。"]
    assert state() == before


def test_an_unused_item_is_deleted_with_its_bands(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    band = make_standard(item)
    s.item_delete(actor=people.admin_a, item=item)
    assert not EnforcementItem.objects.filter(pk=item.pk).exists()
    assert not DiscretionStandard.objects.filter(pk=band.pk).exists()
    assert set(AuditEvent.objects.filter(action="delete").values_list("object_id", flat=True)) == {
        str(item.pk),
        str(band.pk),
    }


def test_delete_needs_the_delete_permission(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    before = state()
    with pytest.raises(PermissionDenied):
        s.item_delete(actor=people.clerk_b, item=item)
    assert state() == before


# --- standards -----------------------------------------------------------------------------------


def band(actor, item, **extra):
    values = {
        "code": "01",
        "severity": Severity.ORDINARY,
        "circumstance": "拒不改正，首次被发现",
        "sanction": "处五千元以上二万元以下罚款",
        "fine_min": Decimal("5000"),
        "fine_max": Decimal("20000"),
    } | extra
    return s.standard_create(actor=actor, item=item, **values)


def test_standard_create_is_audited(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    standard = band(people.clerk_a, item)
    assert standard.unit == tree.dept_a
    assert AuditEvent.objects.filter(object_id=str(standard.pk), action="create").count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"fine_min": Decimal("30000")}, "fine_max", "罚款上限（20000 元）不能低于下限（30000 元）。"),
        ({"fine_min": Decimal("-1")}, "fine_min", "罚款金额不能为负数。"),
        ({"fine_max": Decimal("-5")}, "fine_max", "罚款金额不能为负数。"),
        (
            {"severity": Severity.EXEMPT},
            "severity",
            "“不予处罚”的裁量阶次不能设定罚款幅度（《行政处罚法》第三十三条）。",
        ),
        ({"circumstance": " "}, "circumstance", "请填写违法情形。"),
        ({"code": ""}, "code", "请填写基准编码。"),
    ],
)
def test_standard_refusals_change_nothing(people, tree, body, extra, field, message):
    item = create(people.clerk_a, tree.dept_a, body)
    before = state()
    with pytest.raises(ValidationError) as refused:
        band(people.clerk_a, item, **extra)
    assert refused.value.message_dict[field] == [message]
    assert state() == before


def test_standard_code_unique_within_the_item(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    band(people.clerk_a, item)
    before = state()
    with pytest.raises(ValidationError) as refused:
        band(people.clerk_a, item, severity=Severity.HEAVIER)
    assert refused.value.message_dict["code"] == ["该事项已有编码为“01”的裁量基准。"]
    assert state() == before


def test_overlapping_bands_are_allowed(people, tree, body):
    """Two 情形 of the same gravity may carry the same range (see services/items.py)."""
    item = create(people.clerk_a, tree.dept_a, body)
    band(people.clerk_a, item)
    second = band(people.clerk_a, item, code="02", circumstance="违法经营时间较短")
    assert second.fine_min == Decimal("5000")


def test_standard_update_and_deactivate(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    standard = band(people.clerk_a, item)
    s.standard_update(actor=people.clerk_a, standard=standard, active=False)
    standard.refresh_from_db()
    assert standard.active is False
    with pytest.raises(ValidationError) as refused:
        ensure_item_selectable(item, standard)
    assert refused.value.messages == ["裁量基准“01”已停用，不能选用。"]
    before = state()
    with pytest.raises(ValidationError):
        s.standard_update(actor=people.clerk_a, standard=standard, fine_max=Decimal("100"))
    with pytest.raises(PermissionDenied):
        s.standard_update(actor=people.clerk_b, standard=standard, sanction="越权")
    assert state() == before


def test_a_band_in_use_cannot_be_deleted(people, tree, body):
    item = create(people.clerk_a, tree.dept_a, body)
    standard = band(people.clerk_a, item)
    make_case(tree.dept_a, item, standard=standard)
    before = state()
    with pytest.raises(ValidationError) as refused:
        s.standard_delete(actor=people.admin_a, standard=standard)
    assert refused.value.messages == ["已有执法案件适用该裁量基准，不能删除；如不再适用，请将其停用。"]
    assert state() == before
    unused = band(people.clerk_a, item, code="02")
    s.standard_delete(actor=people.admin_a, standard=unused)
    assert not DiscretionStandard.objects.filter(pk=unused.pk).exists()


def test_a_band_of_another_item_is_not_selectable(tree):
    item, other = make_item(tree.dept_a), make_item(tree.dept_a)
    with pytest.raises(ValidationError) as refused:
        ensure_item_selectable(item, make_standard(other, code="Z-1"))
    assert refused.value.messages == ["裁量基准“Z-1”不属于所选执法事项。"]


# --- selectors -----------------------------------------------------------------------------------


def test_standards_for_lists_bands_in_force_mildest_first(tree):
    item = make_item(tree.dept_a)
    heavier = make_standard(
        item, Severity.HEAVIER, code="03", fine_min=Decimal("30000"), fine_max=Decimal("50000")
    )
    lighter = make_standard(
        item, Severity.LIGHTER, code="01", fine_min=Decimal("5000"), fine_max=Decimal("10000")
    )
    ordinary = make_standard(item, Severity.ORDINARY, code="02")
    exempt = make_standard(
        item, Severity.EXEMPT, code="00", fine_min=None, fine_max=None, sanction="不予处罚"
    )
    retired = make_standard(item, Severity.ORDINARY, code="04", active=False)
    assert list(standards_for(item)) == [exempt, lighter, ordinary, heavier]
    assert list(standards_for(item, include_inactive=True)) == [exempt, lighter, ordinary, retired, heavier]


@pytest.mark.parametrize(
    ("fine_min", "fine_max", "amount", "within"),
    [
        ("5000", "10000", "5000", True),
        ("5000", "10000", "10000", True),
        ("5000", "10000", "7500.50", True),
        ("5000", "10000", "4999.99", False),
        ("5000", "10000", "10000.01", False),
        ("5000", "10000", None, False),
        ("5000", "10000", "-1", False),
        (None, "5000", "3000", True),
        (None, "5000", None, True),
        ("20000", None, "1000000", True),
        ("20000", None, "19999", False),
        (None, None, "100", False),
        (None, None, None, True),
        (None, None, "0", True),
    ],
)
def test_fine_within(tree, fine_min, fine_max, amount, within):
    standard = DiscretionStandard(
        severity=Severity.ORDINARY,
        fine_min=Decimal(fine_min) if fine_min else None,
        fine_max=Decimal(fine_max) if fine_max else None,
    )
    assert fine_within(standard, Decimal(amount) if amount is not None else None) is within
