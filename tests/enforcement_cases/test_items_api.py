"""API of the 权责清单 (read only) and of 两法衔接 (create, status answers)."""

from __future__ import annotations

import datetime

import pytest

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import Severity, TransferStatus
from fazhi.enforcement.cases.models import JudicialTransfer
from tests.enforcement.factories import make_body
from tests.enforcement_cases.factories import make_case, make_item, make_standard

pytestmark = pytest.mark.django_db
BASE = "/api/enforcement/cases"
D = datetime.date


def rows(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_items_are_read_in_scope_with_their_bands(people, tree, login):
    body = make_body(tree.dept_a, name="清河县市场监督管理局")
    item = make_item(tree.dept_a, body, code="A-1", name="对未按规定公示食品经营许可证的处罚")
    make_standard(item, Severity.HEAVIER, code="A-1-2")
    make_standard(item, Severity.LIGHTER, code="A-1-1")
    make_item(tree.dept_a, body, code="A-2", name="对销售过期食品的处罚", status="retired")
    other = make_item(tree.dept_b, make_body(tree.dept_b, name="清河县公安局"), code="B-1")
    client = login(people.clerk_a)
    listed = rows(client.get(f"{BASE}/items/").json())
    assert [r["code"] for r in listed] == ["A-1", "A-2"]
    assert listed[0]["body_name"] == "清河县市场监督管理局"
    assert [r["code"] for r in rows(client.get(f"{BASE}/items/", {"status": "active"}).json())] == ["A-1"]
    assert [r["code"] for r in rows(client.get(f"{BASE}/items/", {"q": "过期"}).json())] == ["A-2"]
    assert [r["code"] for r in rows(client.get(f"{BASE}/items/", {"body": str(body.pk)}).json())] == [
        "A-1",
        "A-2",
    ]
    detail = client.get(f"{BASE}/items/{item.pk}/").json()
    assert [(b["code"], b["severity_display"]) for b in detail["standards"]] == [
        ("A-1-1", "从轻或减轻"),
        ("A-1-2", "从重"),
    ]
    assert client.get(f"{BASE}/items/{other.pk}/").status_code == 404
    bands = rows(client.get(f"{BASE}/standards/", {"item": str(item.pk)}).json())
    assert [b["code"] for b in bands] == ["A-1-1", "A-1-2"]
    # read only
    assert client.post(f"{BASE}/items/", {"code": "X"}, content_type="application/json").status_code == 405


def test_transfer_create_and_status_through_the_api(people, tree, login):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    client = login(people.clerk_a)
    response = client.post(
        f"{BASE}/transfers/",
        {
            "case": str(case.pk),
            "target": "police",
            "receiving_organ": "清河县公安局",
            "suspected_offence": "生产、销售伪劣产品罪",
            "transferred_on": "2025-06-03",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["party_name"] == "清河县某某餐饮有限公司" and data["status"] == "transferred"
    pk = data["id"]
    before = (list(JudicialTransfer.objects.values()), AuditEvent.objects.count())
    conflict = client.post(
        f"{BASE}/transfers/{pk}/status/",
        {"status": "judged", "on": "2025-06-05"},
        content_type="application/json",
    )
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "invalid_transition"
    early = client.post(
        f"{BASE}/transfers/{pk}/status/",
        {"status": "filed", "on": "2025-06-01"},
        content_type="application/json",
    )
    assert early.status_code == 400
    assert (list(JudicialTransfer.objects.values()), AuditEvent.objects.count()) == before
    done = client.post(
        f"{BASE}/transfers/{pk}/status/",
        {"status": "filed", "on": "2025-06-05"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == TransferStatus.FILED
    assert [r["id"] for r in rows(client.get(f"{BASE}/transfers/", {"case": str(case.pk)}).json())] == [pk]


def test_transfer_api_refusals(people, tree, login):
    outside = make_case(tree.dept_b)
    client = login(people.clerk_a)
    before = (list(JudicialTransfer.objects.values()), AuditEvent.objects.count())
    payload = {
        "target": "police",
        "receiving_organ": "清河县公安局",
        "suspected_offence": "非法经营罪",
        "transferred_on": "2025-06-03",
    }
    assert (
        client.post(
            f"{BASE}/transfers/", payload | {"case": str(outside.pk)}, content_type="application/json"
        ).status_code
        == 404
    )
    no_unit = client.post(
        f"{BASE}/transfers/", payload | {"party_name": "张某"}, content_type="application/json"
    )
    assert no_unit.status_code == 400
    foreign = client.post(
        f"{BASE}/transfers/",
        payload | {"party_name": "张某", "unit": str(tree.dept_b.pk)},
        content_type="application/json",
    )
    assert foreign.status_code == 403
    assert (list(JudicialTransfer.objects.values()), AuditEvent.objects.count()) == before
