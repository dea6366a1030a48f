import itertools

import pytest
from django.db import connection, transaction

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditChainHead, AuditEvent
from fazhi.core.models.audit import GENESIS_HASH, AppendOnlyError
from fazhi.core.services.audit import audit_record, verify_chain
from fazhi.core.services.units import unit_update


def test_chain_links_each_record_to_its_predecessor(people, tree):
    unit_update(actor=people.admin, unit=tree.dept_a, name="清河县市场监管局")
    unit_update(actor=people.admin, unit=tree.dept_b, short_name="公安")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert verify_chain().ok
    assert verify_chain().checked == len(events)


def test_update_records_before_and_after_values(people, tree):
    unit_update(actor=people.admin, unit=tree.dept_a, name="清河县市场监管局", reason="机构改革")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(tree.dept_a.pk))
    assert event.changes == {"name": ["清河县市场监督管理局", "清河县市场监管局"]}
    assert event.actor == people.admin
    assert event.unit == tree.dept_a
    assert event.note == "机构改革"


def test_verify_names_the_altered_record(people, tree):
    for name in ("甲", "乙", "丙"):
        unit_update(actor=people.admin, unit=tree.dept_a, name=name)
    target = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET object_repr = %s WHERE seq = %s", ["篡改", target.seq])
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == target.seq
    assert "已被改动" in report.reason


def test_verify_detects_a_deleted_record(people, tree):
    for name in ("甲", "乙", "丙"):
        unit_update(actor=people.admin, unit=tree.dept_a, name=name)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [2])
    report = verify_chain()
    assert not report.ok
    assert report.broken_seq == 2


def test_verify_detects_a_deleted_last_record(people, tree):
    for name in ("甲", "乙"):
        unit_update(actor=people.admin, unit=tree.dept_a, name=name)
    last = AuditEvent.objects.order_by("-seq").first().seq
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq = %s", [last])
    assert not verify_chain().ok


def test_records_are_append_only(people, tree):
    event = audit_record(actor=people.admin, action=AuditAction.EXPORT, unit=tree.county, note="导出")
    event.note = "改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="改")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "导出"


def test_audit_row_is_rolled_back_with_the_change(people, tree):
    count = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        unit_update(actor=people.admin, unit=tree.dept_a, name="不会保存")
        raise RuntimeError("abort")
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.name == "清河县市场监督管理局"
    assert AuditEvent.objects.count() == count
    assert verify_chain().ok


def test_sensitive_fields_are_masked_in_audit(people, tree):
    from fazhi.core.services.users import user_update

    user_update(actor=people.admin, user=people.clerk_a, phone="13912345678", id_number="11010519491231002X")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(people.clerk_a.pk)).get()
    assert event.changes["phone"] == ["", "139****5678"]
    assert event.changes["id_number"] == ["", "110***********002X"]
    assert "13912345678" not in str(event.changes)


def test_auditor_sees_only_events_of_units_in_scope(people, tree):
    audit_record(actor=people.admin, action=AuditAction.EXPORT, unit=tree.dept_a, note="A")
    audit_record(actor=people.admin_other, action=AuditAction.EXPORT, unit=tree.other_county, note="其他县")
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, actor_name="ghost", note="无单位")
    notes = set(AuditEvent.objects.restrict(people.auditor).values_list("note", flat=True))
    assert "A" in notes
    assert "其他县" not in notes
    assert "无单位" not in notes
    root_notes = set(AuditEvent.objects.restrict(people.root_admin).values_list("note", flat=True))
    assert {"A", "其他县", "无单位"} <= root_notes
    assert AuditEvent.objects.restrict(people.clerk_a).count() == 0
