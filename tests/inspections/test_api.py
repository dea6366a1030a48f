"""API: tasks (scoped list and detail), the draw, its verification, results; errors as JSON."""

from __future__ import annotations

import pytest

from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask
from tests.inspections.conftest import fingerprint

pytestmark = pytest.mark.django_db
BASE = "/api/enforcement/inspections/tasks"


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_scoped_list_and_detail(login, people, task):
    assert [r["name"] for r in rows(login(people.clerk_a).get(f"{BASE}/").json())] == [task.name]
    assert rows(login(people.clerk_b).get(f"{BASE}/").json()) == []
    assert login(people.clerk_b).get(f"{BASE}/{task.pk}/").status_code == 404
    detail = login(people.clerk_a).get(f"{BASE}/{task.pk}/").json()
    assert detail["status"] == TaskStatus.DRAFT and detail["drawn"] == []


def test_draw_verify_results_through_the_api(login, people, pool, task):
    client = login(people.clerk_a)
    response = client.post(f"{BASE}/{task.pk}/draw/", {"on": "2025-09-01"}, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == TaskStatus.DRAWN and len(data["drawn"]) == 3 and len(data["seed"]) == 32
    assert all(len(d["inspectors"]) == 2 for d in data["drawn"])
    verify = client.get(f"{BASE}/{task.pk}/verify/").json()
    assert verify["ok"] is True and verify["verdict"] == "一致" and verify["seed"] == data["seed"]
    code = data["drawn"][0]["credit_code"]
    response = client.post(
        f"{BASE}/{task.pk}/record-result/",
        {"credit_code": code, "result": "rectify", "inspected_on": "2025-09-10", "note": "已整改"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["result"] == "rectify"
    results = client.get(f"{BASE}/{task.pk}/results/").json()
    assert [r["result"] for r in results] == ["rectify", None, None]
    assert InspectionTask.objects.get(pk=task.pk).status == TaskStatus.INSPECTING


def test_api_refusals_are_json_and_change_nothing(login, people, pool, task):
    client = login(people.clerk_a)
    task.sample_size = 99
    task.save()
    before = fingerprint()
    response = client.post(f"{BASE}/{task.pk}/draw/", {"on": "2025-09-01"}, content_type="application/json")
    assert response.status_code == 400 and "多于名录库中可抽取的" in response.json()["message"]
    assert fingerprint() == before
    task.sample_size = 2
    task.save()
    assert (
        client.post(
            f"{BASE}/{task.pk}/draw/", {"on": "2025-09-01"}, content_type="application/json"
        ).status_code
        == 200
    )
    before = fingerprint()
    again = client.post(f"{BASE}/{task.pk}/draw/", {}, content_type="application/json")
    assert again.status_code == 409 and "已抽取" in again.json()["message"]
    missing = client.post(
        f"{BASE}/{task.pk}/record-result/",
        {"credit_code": "91390121000000000X", "result": "rectify", "inspected_on": "2025-09-10"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    assert fingerprint() == before
    assert DrawnEntity.objects.filter(task=task).count() == 2


def test_out_of_scope_and_read_only_roles(login, people, task):
    assert (
        login(people.clerk_b).post(f"{BASE}/{task.pk}/draw/", {}, content_type="application/json").status_code
        == 404
    )
    assert (
        login(people.auditor).post(f"{BASE}/{task.pk}/draw/", {}, content_type="application/json").status_code
        == 403
    )
