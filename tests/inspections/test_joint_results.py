"""Joint tasks (跨部门联合抽查): a participating department records the results of the entities its own
officers were drawn to inspect — on the page and through the API — and nothing else; the lead department
records any of them and alone finishes and publishes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.choices import ConflictReason, ResultKind, TaskStatus
from fazhi.enforcement.inspections.models import Conflict, DrawnEntity, InspectionResult, InspectionTask
from tests.inspections.conftest import fingerprint
from tests.inspections.factories import DRAW_DAY, D, make_entity, make_inspector, make_task

pytestmark = pytest.mark.django_db
BASE = "/api/enforcement/inspections/tasks"

VISIT = D(2025, 9, 20)


@pytest.fixture
def joint(people, tree):
    """市场监管局 leads, 公安局 takes part: four entities, all drawn; two inspectors in each department.
    回避关系 make the split certain whatever the draw: entity 1 only 市场监管 can inspect, entity 2 only 公安."""
    entities = [
        make_entity(tree.dept_a if i % 2 else tree.dept_b, name=f"清河县联合{i}商行") for i in range(1, 5)
    ]
    a = [make_inspector(tree.dept_a, name="市场甲"), make_inspector(tree.dept_a, name="市场乙")]
    b = [make_inspector(tree.dept_b, name="公安丙"), make_inspector(tree.dept_b, name="公安丁")]
    for inspector in b:
        Conflict.objects.create(
            unit=inspector.unit, inspector=inspector, entity=entities[0], reason=ConflictReason.INTEREST
        )
    for inspector in a:
        Conflict.objects.create(
            unit=inspector.unit, inspector=inspector, entity=entities[1], reason=ConflictReason.INTEREST
        )
    task = make_task(tree.dept_a, participants=[tree.dept_b], sample_size=4)
    return services.task_draw(actor=people.admin_a, task=task, on=DRAW_DAY, seed="joint-1")


def _split(task, tree):
    """(rows with a 公安 inspector, rows without one)."""
    rows = list(DrawnEntity.objects.filter(task=task).select_related("inspector_1", "inspector_2"))
    with_b = [r for r in rows if tree.dept_b.pk in (r.inspector_1.unit_id, r.inspector_2.unit_id)]
    return with_b, [r for r in rows if r not in with_b]


def test_the_draw_gives_both_kinds_of_rows(joint, tree):
    with_b, without_b = _split(joint, tree)
    assert with_b and without_b  # the conflicts make sure the tests below cover both


def test_participant_records_its_own_officers_entities_only(people, joint, tree):
    with_b, without_b = _split(joint, tree)
    mine = DrawnEntity.objects.restrict(people.clerk_b, "change").filter(task=joint)
    assert set(mine) == set(with_b)
    # every drawn entity and every result are visible to the participant
    assert DrawnEntity.objects.restrict(people.clerk_b).filter(task=joint).count() == 4

    services.result_record(
        actor=people.clerk_b, drawn=with_b[0], result=ResultKind.RECTIFY, inspected_on=VISIT
    )
    task = InspectionTask.objects.get(pk=joint.pk)
    assert task.status == TaskStatus.INSPECTING
    # the task's move to 检查中 is the system's, naming who recorded the first result
    event = AuditEvent.objects.filter(object_id=str(task.pk), changes__status__1=TaskStatus.INSPECTING).get()
    assert event.actor is None and "公安经办人" in event.note and with_b[0].entity_name in event.note
    result = InspectionResult.objects.get(drawn=with_b[0])
    assert AuditEvent.objects.filter(object_id=str(result.pk), actor=people.clerk_b).exists()
    assert InspectionResult.objects.restrict(people.clerk_b).filter(pk=result.pk).exists()

    before = fingerprint()
    with pytest.raises(PermissionDenied, match="无权登记"):
        services.result_record(
            actor=people.clerk_b, drawn=without_b[0], result=ResultKind.NO_PROBLEM, inspected_on=VISIT
        )
    assert fingerprint() == before


def test_participant_cannot_finish_or_publish_and_lead_records_any(people, joint, tree):
    with_b, without_b = _split(joint, tree)
    for row in with_b:
        services.result_record(
            actor=people.clerk_b, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=VISIT
        )
    for row in without_b:
        services.result_record(
            actor=people.clerk_a, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=VISIT
        )
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        services.task_finish(actor=people.clerk_b, task=joint, on=D(2025, 9, 26))
    assert fingerprint() == before
    done = services.task_finish(actor=people.clerk_a, task=joint, on=D(2025, 9, 26))
    assert done.status == TaskStatus.AWAITING_PUBLICATION


def test_a_department_outside_the_task_records_nothing(people, joint, tree):
    other = make_task(tree.dept_a, sample_size=1, name="市场监管局单独任务")
    make_inspector(tree.dept_a, name="市场戊")
    # 公安 is no participant of this one, even though its officers are in no pool of it
    assert not DrawnEntity.objects.restrict(people.clerk_b, "change").filter(task=other).exists()
    assert not InspectionResult.objects.restrict(people.admin_other).exists()
    assert not DrawnEntity.objects.restrict(people.admin_other).filter(task=joint).exists()


def test_detail_page_offers_the_participant_its_rows(people, joint, tree, login):
    with_b, without_b = _split(joint, tree)
    page = login(people.clerk_b).get(reverse("inspections:detail", args=[joint.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="participant-note"' in body
    for row in with_b:
        assert f'data-testid="record-{row.position}"' in body
    for row in without_b:
        assert f'data-testid="record-{row.position}"' not in body
    assert 'data-testid="finish"' not in body and 'data-testid="draw"' not in body

    client = login(people.clerk_b)
    url = reverse("inspections:result", args=[with_b[0].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"result": ResultKind.NO_PROBLEM, "inspected_on": "2025-09-20", "note": ""})
    assert response.status_code == 302
    assert InspectionResult.objects.filter(drawn=with_b[0]).exists()
    before = fingerprint()
    refused = client.post(
        reverse("inspections:result", args=[without_b[0].pk]),
        {"result": ResultKind.NO_PROBLEM, "inspected_on": "2025-09-20", "note": ""},
    )
    assert refused.status_code == 404 and fingerprint() == before


def test_api_participant_records_its_row_and_is_refused_the_others(people, joint, tree, login):
    with_b, without_b = _split(joint, tree)
    client = login(people.clerk_b)
    url = f"{BASE}/{joint.pk}/record-result/"
    ok = client.post(
        url,
        {"credit_code": with_b[0].credit_code, "result": ResultKind.NO_PROBLEM, "inspected_on": "2025-09-20"},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    before = fingerprint()
    refused = client.post(
        url,
        {
            "credit_code": without_b[0].credit_code,
            "result": ResultKind.NO_PROBLEM,
            "inspected_on": "2025-09-20",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403 and "无权登记" in refused.json()["message"]
    assert fingerprint() == before
    # the draw stays the lead's
    assert client.post(f"{BASE}/{joint.pk}/draw/", {}).status_code in (403, 404)


def test_home_panel_lists_the_participants_results_to_record(people, joint, tree, login):
    with_b, _ = _split(joint, tree)
    body = login(people.clerk_b).get("/").content.decode()
    assert 'data-testid="joint-to-record"' in body and f"本部门待登记 {len(with_b)} 户" in body
    for row in with_b:
        services.result_record(
            actor=people.clerk_b, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=VISIT
        )
    assert 'data-testid="joint-to-record"' not in login(people.clerk_b).get("/").content.decode()
    # the lead department is not told about its own task here
    assert 'data-testid="joint-to-record"' not in login(people.clerk_a).get("/").content.decode()
