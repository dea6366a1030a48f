# ruff: noqa: F811 (the crew fixture is imported)
"""The case API: list with filters, detail (masked), 立案, and the steps with their errors."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase
from tests.enforcement_cases.test_cases_support import D, crew, register  # noqa: F401

pytestmark = pytest.mark.django_db

BASE = "/api/enforcement/cases/"


def test_register_and_read(people, crew, login):
    client = login(people.clerk_a)
    payload = {
        "body": str(crew.body.pk),
        "item": str(crew.item.pk),
        "source": "inspection",
        "title": "无证经营",
        "party_kind": "person",
        "party_name": "张三",
        "party_id_number": "440605198001011234",
        "party_phone": "13800138000",
        "filed_on": "2025-04-07",
        "officers": [str(crew.o["甲"].pk), str(crew.o["丁"].pk)],
        "lead": str(crew.o["甲"].pk),
    }
    before = EnforcementCase.objects.count(), AuditEvent.objects.count()
    response = client.post(BASE, payload, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "refused"
    assert "丁：未取得行政执法证" in response.json()["message"]
    assert (EnforcementCase.objects.count(), AuditEvent.objects.count()) == before

    payload["officers"] = [str(crew.o["甲"].pk), str(crew.o["乙"].pk)]
    response = client.post(BASE, payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["number"] == "清市监罚立〔2025〕1号" and data["decision_due_on"] == "2025-07-07"
    assert data["party_id_number"] == "440***********1234" and data["party_phone"] == "138****8000"
    assert {o["name"] for o in data["officers"]} == {"甲", "乙"}
    assert "启动：立案审批表" in data["missing_records"]

    rows = client.get(BASE, {"q": "张"}).json()["results"]
    assert [r["id"] for r in rows] == [data["id"]]
    assert client.get(BASE, {"status": "closed"}).json()["results"] == []
    assert login(people.clerk_b).get(f"{BASE}{data['id']}/").status_code == 404


def test_steps_through_the_api(people, crew, login):
    case = register(people.clerk_a, crew)
    client = login(people.clerk_a)
    response = client.post(f"{BASE}{case.pk}/serve/", {"on": "2025-05-01"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"

    response = client.post(f"{BASE}{case.pk}/notify/", {"on": "2025-04-30"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["hearing_request_until"] == "2025-05-12"
    before = EnforcementCase.objects.values().get(pk=case.pk)
    response = client.post(
        f"{BASE}{case.pk}/request-hearing/", {"on": "2025-05-13"}, content_type="application/json"
    )
    assert response.status_code == 400 and "第六十四条第一项" in response.json()["message"]
    assert EnforcementCase.objects.values().get(pk=case.pk) == before

    response = client.post(
        f"{BASE}{case.pk}/major/", {"grounds": ["complex"]}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["is_major"] is True
    response = client.post(
        f"{BASE}{case.pk}/decide/",
        {
            "decision_kind": "penalty",
            "penalty_kinds": ["fine"],
            "standard": str(crew.ordinary.pk),
            "fine_amount": "8000",
            "decision_number": "清市监罚〔2025〕12号",
            "decided_on": "2025-05-20",
            "approver": "局长",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "第五十八条" in response.json()["message"]
    response = client.post(
        f"{BASE}{case.pk}/submit-review/", {"on": "2025-05-14"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == CaseStatus.LEGAL_REVIEW
    response = client.post(
        f"{BASE}{case.pk}/review-result/",
        {
            "result": "passed",
            "reviewed_on": "2025-05-15",
            "reviewer_name": "吴某",
            "reviewer_qualified": False,
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (
        response.json()["status"] == CaseStatus.NOTIFIED
        and "第五十八条第二款" in response.json()["warnings"][0]
    )


def test_out_of_scope_role_cannot_register(people, crew, login):
    response = login(people.auditor).post(BASE, {}, content_type="application/json")
    assert response.status_code == 403
