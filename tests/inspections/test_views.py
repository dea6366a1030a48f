"""Pages: the task list (the 双随机抽查 tab), create, draw, verify, results, finish, publish; the pools;
the public page (published tasks only, no ID numbers)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.choices import ResultKind, TaskStatus
from fazhi.enforcement.inspections.models import Conflict, DrawnEntity, InspectedEntity, InspectionTask
from tests.inspections.conftest import fingerprint
from tests.inspections.factories import DRAW_DAY, D, credit_code, make_entity, make_inspector

pytestmark = pytest.mark.django_db


def test_list_page_has_the_tab_and_the_task(login, people, task):
    response = login(people.clerk_a).get(reverse("inspections:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert task.name in body and "双随机抽查" in body and "检查对象名录库" in body


def test_create_task_page(login, people, tree):
    client = login(people.clerk_a)
    assert client.get(reverse("inspections:create")).status_code == 200
    response = client.post(
        reverse("inspections:create"),
        {
            "unit": tree.dept_a.pk,
            "name": "2025年药店检查",
            "matter": "药品零售企业监督检查",
            "planned_start": "2025-10-08",
            "planned_end": "2025-10-31",
            "sample_mode": "ratio",
            "ratio": "10",
        },
    )
    task = InspectionTask.objects.get(name="2025年药店检查")
    assert response.status_code == 302 and response.url == reverse("inspections:detail", args=[task.pk])
    assert task.status == TaskStatus.DRAFT and task.unit == tree.dept_a


def test_joint_flag_requires_participants(login, people, tree):
    response = login(people.admin).post(
        reverse("inspections:create"),
        {
            "unit": tree.dept_a.pk,
            "name": "联合",
            "matter": "联合检查",
            "planned_start": "2025-10-08",
            "planned_end": "2025-10-31",
            "sample_mode": "count",
            "sample_size": "3",
            "is_joint": "on",
        },
    )
    assert response.status_code == 200 and "至少一个其他参加部门" in response.content.decode()
    assert not InspectionTask.objects.exists()


def test_draw_page_draws_and_shows_the_seed(login, people, pool, task):
    client = login(people.clerk_a)
    assert client.get(reverse("inspections:draw", args=[task.pk])).status_code == 200
    response = client.post(reverse("inspections:draw", args=[task.pk]), {"on": "2025-09-01"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAWN and DrawnEntity.objects.filter(task=task).count() == 3
    detail = client.get(reverse("inspections:detail", args=[task.pk])).content.decode()
    assert task.seed in detail and "复核抽取结果" in detail
    verify = client.get(reverse("inspections:verify", args=[task.pk])).content.decode()
    assert "一致" in verify and "不一致" not in verify
    data = client.get(reverse("inspections:verify", args=[task.pk]) + "?format=json").json()
    assert data["seed"] == task.seed and data["verdict"] == "一致" and len(data["draw"]) == 3


def test_draw_page_shows_the_refusal_and_changes_nothing(login, people, tree, task):
    make_inspector(tree.dept_a, name="甲")
    make_inspector(tree.dept_a, name="乙")
    client = login(people.clerk_a)
    before = fingerprint()
    response = client.post(reverse("inspections:draw", args=[task.pk]), {"on": "2025-09-01"})
    assert response.status_code == 200 and "没有可抽取的对象" in response.content.decode()
    assert fingerprint() == before


def test_results_finish_publish_through_the_pages_then_public(login, client, people, pool, task):
    services.task_draw(actor=people.clerk_a, task=task, on=DRAW_DAY, seed="page")
    staff = login(people.clerk_a)
    for row in DrawnEntity.objects.filter(task=task):
        url = reverse("inspections:result", args=[row.pk])
        assert staff.get(url).status_code == 200
        response = staff.post(
            url, {"result": ResultKind.RECTIFY, "inspected_on": "2025-09-15", "note": "已整改"}
        )
        assert response.status_code == 302
    assert staff.post(reverse("inspections:finish", args=[task.pk]), {"on": "2025-09-26"}).status_code == 302
    public = client.get(reverse("inspections_public:list")).content.decode()
    assert task.name not in public  # not yet published
    assert staff.post(reverse("inspections:publish", args=[task.pk]), {"on": "2025-10-10"}).status_code == 302
    response = client.get(reverse("inspections_public:list"))
    public = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    row = DrawnEntity.objects.filter(task=task).select_related("inspector_1").first()
    assert task.name in public and row.entity_name in public and row.credit_code in public
    assert "发现问题，已责令整改" in public and row.inspector_1.name in public
    assert row.inspector_1.id_number not in public and str(task.pk) not in public
    found = client.get(reverse("inspections_public:list"), {"q": row.credit_code}).content.decode()
    assert task.name in found
    assert task.name not in client.get(reverse("inspections_public:list"), {"q": "不存在"}).content.decode()


def test_finish_page_refusal(login, people, pool, task):
    services.task_draw(actor=people.clerk_a, task=task, on=DRAW_DAY, seed="page")
    client = login(people.clerk_a)
    before = fingerprint()
    response = client.post(reverse("inspections:finish", args=[task.pk]), {"on": "2025-09-26"})
    assert response.status_code == 200 and "未登记检查结果" in response.content.decode()
    assert fingerprint() == before


def test_drawn_task_cannot_be_edited(login, people, pool, task):
    services.task_draw(actor=people.clerk_a, task=task, on=DRAW_DAY, seed="page")
    response = login(people.clerk_a).post(
        reverse("inspections:edit", args=[task.pk]),
        {
            "unit": task.unit_id,
            "name": "改名",
            "matter": task.matter,
            "planned_start": "2025-09-08",
            "planned_end": "2025-09-26",
            "sample_mode": "count",
            "sample_size": "3",
        },
    )
    assert response.status_code == 200 and "已抽取的任务不能修改" in response.content.decode()
    assert InspectionTask.objects.get(pk=task.pk).name != "改名"


def test_entity_pages_validate_the_credit_code(login, people, tree):
    client = login(people.clerk_a)
    assert client.get(reverse("inspections:entities")).status_code == 200
    bad = credit_code(4242)[:17] + ("0" if credit_code(4242)[17] != "0" else "1")
    response = client.post(
        reverse("inspections:entity-create"),
        {
            "unit": tree.dept_a.pk,
            "name": "清河县坏码有限公司",
            "credit_code": bad,
            "risk_level": "low",
            "active": "on",
        },
    )
    assert response.status_code == 200 and "校验码不正确" in response.content.decode()
    good = credit_code(4243)
    response = client.post(
        reverse("inspections:entity-create"),
        {
            "unit": tree.dept_a.pk,
            "name": "清河县好码有限公司",
            "credit_code": good.lower(),
            "risk_level": "low",
        },
    )
    assert response.status_code == 302
    assert InspectedEntity.objects.get(name="清河县好码有限公司").credit_code == good
    listing = client.get(reverse("inspections:entities"), {"q": "好码"}).content.decode()
    assert good in listing


def test_inspector_and_conflict_pages(login, people, tree):
    client = login(people.clerk_a)
    ins = make_inspector(tree.dept_a, name="名录甲")
    make_inspector(tree.dept_a, name="无证乙", certified=False)
    listing = client.get(reverse("inspections:inspectors")).content.decode()
    assert "名录甲" in listing and "否（无有效执法证）" in listing
    entity = make_entity(tree.dept_a)
    response = client.post(
        reverse("inspections:conflict-create"),
        {"inspector": ins.pk, "entity": entity.pk, "reason": "relative"},
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get()
    assert conflict.unit == tree.dept_a
    assert entity.name in client.get(reverse("inspections:conflicts")).content.decode()
    url = reverse("inspections:conflict-delete", args=[conflict.pk])
    assert client.post(url).status_code == 404  # a clerk may not delete
    assert login(people.admin_a).post(url).status_code == 302
    assert not Conflict.objects.exists()


def test_inspector_must_belong_to_the_pool_unit(login, people, tree):
    other = make_inspector(tree.dept_b, name="公安员")
    response = login(people.admin).post(
        reverse("inspections:inspector-create"),
        {"unit": tree.dept_a.pk, "officer": other.officer.pk, "active": "on"},
    )
    assert (
        response.status_code == 200
        and "不是“清河县市场监督管理局”或其下属单位的执法人员" in response.content.decode()
    )


def test_overdue_publication_is_flagged(login, people, pool, task):
    services.task_draw(actor=people.clerk_a, task=task, on=DRAW_DAY, seed="late")
    for row in DrawnEntity.objects.filter(task=task):
        services.result_record(
            actor=people.clerk_a, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=D(2025, 9, 9)
        )
    services.task_finish(actor=people.clerk_a, task=task, on=D(2025, 9, 26))
    assert InspectionTask.objects.get(pk=task.pk).publication_due_on < datetime.date.today()
    assert "逾期未公示" in login(people.clerk_a).get(reverse("inspections:list")).content.decode()


def test_home_panel_lists_overdue_publication(login, people, pool, task):
    assert "inspections-panel" not in login(people.clerk_a).get("/").content.decode()
    services.task_draw(actor=people.clerk_a, task=task, on=DRAW_DAY, seed="home")
    for row in DrawnEntity.objects.filter(task=task):
        services.result_record(
            actor=people.clerk_a, drawn=row, result=ResultKind.NO_PROBLEM, inspected_on=D(2025, 9, 9)
        )
    services.task_finish(actor=people.clerk_a, task=task, on=D(2025, 9, 26))
    home = login(people.clerk_a).get("/").content.decode()
    assert "inspections-panel" in home and task.name in home and "已逾期" in home
    assert "inspections-panel" not in login(people.clerk_b).get("/").content.decode()


def test_edit_a_draft_task_and_its_participants(login, people, tree, task):
    response = login(people.admin).post(
        reverse("inspections:edit", args=[task.pk]),
        {
            "unit": tree.dept_a.pk,
            "name": "改为联合抽查",
            "matter": task.matter,
            "planned_start": "2025-09-08",
            "planned_end": "2025-09-26",
            "sample_mode": "count",
            "sample_size": "3",
            "is_joint": "on",
            "participants": [tree.dept_b.pk],
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.name == "改为联合抽查" and task.is_joint
    assert list(task.participants.all()) == [tree.dept_b]
    assert task.name in login(people.clerk_b).get(reverse("inspections:list")).content.decode()
