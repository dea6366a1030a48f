"""The draw: reproducible from its recorded seed, conflicts and uncertified officers excluded, refusals
that change nothing; verification; joint tasks."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.enforcement.choices import CertificateStatus, OfficerStatus
from fazhi.enforcement.inspections import draw as drawing
from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.choices import ConflictReason, TaskStatus
from fazhi.enforcement.inspections.models import Conflict, DrawnEntity, InspectionTask
from fazhi.enforcement.inspections.selectors import verify_draw
from tests.inspections.conftest import fingerprint
from tests.inspections.factories import DRAW_DAY, D, make_entity, make_inspector, make_task

pytestmark = pytest.mark.django_db
SEED = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def by_hand(seed, codes, n):
    """The entity draw as a reader of docs/inspections.md would redo it: SHA-256 of “seed:entity:code”."""
    ranked = sorted(codes, key=lambda c: hashlib.sha256(f"{seed}:entity:{c}".encode()).hexdigest())
    return ranked[:n]


def test_draw_records_seed_and_candidates_and_is_rederived(people, pool, task):
    entities, inspectors = pool
    drawn_task = services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    assert drawn_task.status == TaskStatus.DRAWN and drawn_task.seed == SEED
    assert drawn_task.algorithm == drawing.ALGORITHM and drawn_task.drawn_on == DRAW_DAY
    assert drawn_task.entity_candidates == sorted(e.credit_code for e in entities)
    assert drawn_task.inspector_candidates == sorted(str(i.officer_id) for i in inspectors)
    rows = list(DrawnEntity.objects.filter(task=task).order_by("position"))
    assert [r.credit_code for r in rows] == by_hand(SEED, drawn_task.entity_candidates, 3)
    for row in rows:
        assert row.inspector_1_id != row.inspector_2_id
    report = verify_draw(drawn_task)
    assert report.ok and report.verdict == "一致" and report.problems == []


def test_same_seed_same_draw_other_seed_other_draw():
    codes = [f"C{i:03d}" for i in range(200)]
    people = [f"P{i}" for i in range(10)]
    one = drawing.derive(seed="a", entities=codes, inspectors=people, conflicts=[], n=20)
    assert one == drawing.derive(seed="a", entities=codes, inspectors=people, conflicts=[], n=20)
    other = drawing.derive(seed="b", entities=codes, inspectors=people, conflicts=[], n=20)
    assert [p.code for p in one] != [p.code for p in other]


def test_load_is_balanced():
    picks = drawing.derive(
        seed="x", entities=[f"C{i}" for i in range(10)], inspectors=["A", "B", "C", "D"], conflicts=[], n=10
    )
    load = Counter(i for p in picks for i in p.inspectors)
    assert sorted(load.values()) == [5, 5, 5, 5]


def test_verify_finds_a_changed_row_and_changed_candidates(people, pool, task):
    services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    row = DrawnEntity.objects.get(task=task, position=1)
    outsider = make_inspector(task.unit, name="外来者")
    DrawnEntity.objects.filter(pk=row.pk).update(inspector_2=outsider.officer)
    report = verify_draw(InspectionTask.objects.get(pk=task.pk))
    assert not report.ok and any("第 1 位" in p and "外来者" in p for p in report.problems)
    InspectionTask.objects.filter(pk=task.pk).update(entity_candidates=["91390121000000000X"])
    report = verify_draw(InspectionTask.objects.get(pk=task.pk))
    assert any("摘要不符" in p for p in report.problems)


def test_conflicted_inspector_is_never_drawn_for_that_entity(people, tree, task):
    entities = [make_entity(tree.dept_a) for _ in range(4)]
    inspectors = [make_inspector(tree.dept_a, name=f"员{i}") for i in range(3)]
    for e in entities:
        Conflict.objects.create(
            unit=tree.dept_a, inspector=inspectors[0], entity=e, reason=ConflictReason.RELATIVE
        )
    task.sample_size = 4
    task.save()
    services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    rows = DrawnEntity.objects.filter(task=task)
    assert rows.count() == 4
    assert not rows.filter(inspector_1=inspectors[0].officer).exists()
    assert not rows.filter(inspector_2=inspectors[0].officer).exists()
    assert verify_draw(InspectionTask.objects.get(pk=task.pk)).ok


def test_uncertified_suspended_expired_and_departed_officers_are_never_drawn(people, tree, task):
    for _ in range(5):
        make_entity(tree.dept_a)
    good = [make_inspector(tree.dept_a, name="持证甲"), make_inspector(tree.dept_a, name="持证乙")]
    bad = [
        make_inspector(tree.dept_a, name="无证", certified=False),
        make_inspector(tree.dept_a, name="暂扣", status=CertificateStatus.SUSPENDED),
        make_inspector(tree.dept_a, name="过期", expires_on=D(2025, 6, 30)),
        make_inspector(tree.dept_a, name="未年审", review_due_on=D(2025, 1, 10)),
        make_inspector(tree.dept_a, name="调离"),
    ]
    bad[-1].officer.status = OfficerStatus.TRANSFERRED
    bad[-1].officer.save()
    task.sample_size = 5
    task.save()
    drawn = services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    assert drawn.inspector_candidates == sorted(str(i.officer_id) for i in good)
    used = set(DrawnEntity.objects.filter(task=task).values_list("inspector_1", "inspector_2"))
    assert {o for pair in used for o in pair} == {i.officer_id for i in good}


def test_inactive_entities_are_not_candidates(people, tree, task):
    keep = [make_entity(tree.dept_a) for _ in range(3)]
    make_entity(tree.dept_a, active=False)
    make_inspector(tree.dept_a, name="甲")
    make_inspector(tree.dept_a, name="乙")
    drawn = services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    assert drawn.entity_candidates == sorted(e.credit_code for e in keep)


def _refused(actor, task, match, **kwargs):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.task_draw(actor=actor, task=task, on=DRAW_DAY, seed=SEED, **kwargs)
    assert match in " ".join(exc.value.messages)
    assert fingerprint() == before
    assert InspectionTask.objects.get(pk=task.pk).status == TaskStatus.DRAFT


def test_refused_when_the_pool_is_empty(people, tree, task):
    make_inspector(tree.dept_a, name="甲")
    make_inspector(tree.dept_a, name="乙")
    _refused(people.admin_a, task, "没有可抽取的对象")


def test_refused_when_n_exceeds_the_pool(people, pool, task):
    task.sample_size = 7
    task.save()
    _refused(people.admin_a, task, "拟抽取 7 户，多于名录库中可抽取的 6 户")


def test_refused_when_an_entity_has_fewer_than_two_free_inspectors(people, tree, task):
    entity = make_entity(tree.dept_a, name="清河县回避测试有限公司")
    a, b = make_inspector(tree.dept_a, name="甲"), make_inspector(tree.dept_a, name="乙")
    make_inspector(tree.dept_a, name="丙")
    for ins in (a, b):
        Conflict.objects.create(
            unit=tree.dept_a, inspector=ins, entity=entity, reason=ConflictReason.INTEREST
        )
    task.sample_size = 1
    task.save()
    _refused(people.admin_a, task, "清河县回避测试有限公司")


def test_refused_with_fewer_than_two_certified_inspectors(people, tree, task):
    make_entity(tree.dept_a)
    make_inspector(tree.dept_a, name="甲")
    make_inspector(tree.dept_a, name="无证", certified=False)
    task.sample_size = 1
    task.save()
    _refused(people.admin_a, task, "第四十二条")


def test_a_drawn_task_cannot_be_drawn_again(people, pool, task):
    services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed="another")
    assert "已抽取" in exc.value.messages[0]
    assert fingerprint() == before


def test_out_of_scope_draw_is_refused(people, pool, task):
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        services.task_draw(actor=people.clerk_b, task=task, on=DRAW_DAY)
    assert fingerprint() == before


def test_generated_seed_is_recorded(people, pool, task):
    one = services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY)
    assert len(one.seed) == 32 and verify_draw(one).ok


def test_joint_task_pools_are_united_by_credit_code(people, tree):
    shared = make_entity(tree.dept_a, name="清河县共有化工有限公司")
    make_entity(tree.dept_b, name="清河县共有化工有限公司", code=shared.credit_code)
    own_b = make_entity(tree.dept_b)
    make_entity(tree.justice)  # not a participant
    a = make_inspector(tree.dept_a, name="市场甲")
    b = make_inspector(tree.dept_b, name="公安乙")
    task = make_task(tree.dept_a, participants=[tree.dept_b], sample_size=2)
    drawn = services.task_draw(actor=people.admin, task=task, on=DRAW_DAY, seed=SEED)
    assert drawn.entity_candidates == sorted([shared.credit_code, own_b.credit_code])
    assert drawn.inspector_candidates == sorted([str(a.officer_id), str(b.officer_id)])
    # the lead department's entry stands for the shared code
    assert DrawnEntity.objects.get(task=task, credit_code=shared.credit_code).entity == shared
    # participants see the task (view only)
    assert InspectionTask.objects.restrict(people.clerk_b).filter(pk=task.pk).exists()
    assert not InspectionTask.objects.restrict(people.clerk_b, "change").filter(pk=task.pk).exists()


def test_risk_level_limits_the_candidates(people, tree):
    from fazhi.enforcement.inspections.choices import RiskLevel

    high = [make_entity(tree.dept_a, risk_level=RiskLevel.HIGH) for _ in range(2)]
    make_entity(tree.dept_a, risk_level=RiskLevel.LOW)
    make_inspector(tree.dept_a, name="甲")
    make_inspector(tree.dept_a, name="乙")
    task = make_task(tree.dept_a, risk_level=RiskLevel.HIGH, sample_size=2)
    drawn = services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed=SEED)
    assert drawn.entity_candidates == sorted(e.credit_code for e in high)
