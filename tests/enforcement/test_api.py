"""API: scoped reads (ID numbers masked), 申领 and the lifecycle steps as actions, the assignability check."""

from __future__ import annotations

import datetime

import pytest

from fazhi.enforcement.choices import CertificateStatus
from fazhi.enforcement.models import EnforcementCertificate
from tests.enforcement.factories import issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
BASE = "/api/enforcement"


@pytest.fixture
def staff(tree, people):
    body = make_body(tree.dept_a)
    a = make_officer(tree.dept_a, body=body, name="甲")
    b = make_officer(tree.dept_a, body=body, name="乙")
    c = make_officer(tree.dept_a, body=body, name="丙")
    issued_card(people.legal, a, on=TODAY - datetime.timedelta(days=20))
    issued_card(people.legal, b, on=TODAY - datetime.timedelta(days=20))
    return a, b, c


def test_scoped_reads_mask_id_numbers(login, people, staff):
    a, _, _ = staff
    data = login(people.legal).get(f"{BASE}/officers/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {r["name"] for r in rows} == {"甲", "乙", "丙"}
    assert a.id_number not in str(rows) and "*" in rows[0]["id_number"]
    other = login(people.admin_other).get(f"{BASE}/officers/").json()
    assert (other["results"] if isinstance(other, dict) else other) == []
    assert login(people.admin_other).get(f"{BASE}/officers/{a.pk}/").status_code == 404
    only = login(people.legal).get(f"{BASE}/officers/", {"assignable_on": TODAY.isoformat()}).json()
    assert {r["name"] for r in (only["results"] if isinstance(only, dict) else only)} == {"甲", "乙"}


def test_apply_and_steps(login, people, staff):
    _, _, c = staff
    client = login(people.legal)
    response = client.post(
        f"{BASE}/certificates/",
        {"officer": str(c.pk), "applied_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    on = {"on": TODAY.isoformat()}
    assert (
        client.post(f"{BASE}/certificates/{pk}/issue/", on, content_type="application/json").status_code
        == 409
    )
    assert (
        client.post(f"{BASE}/certificates/{pk}/approve/", on, content_type="application/json").status_code
        == 200
    )
    response = client.post(
        f"{BASE}/certificates/{pk}/exam/", {**on, "score": "88"}, content_type="application/json"
    )
    assert response.json()["status"] == "passed"
    response = client.post(f"{BASE}/certificates/{pk}/issue/", on, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["state"] == "valid" and body["number"].startswith("清河执")
    assert [e["kind"] for e in body["events"]] == ["applied", "approved", "exam", "issued"]
    # a refusal of the service: 400 with the Chinese message, nothing changed
    response = client.post(
        f"{BASE}/certificates/{pk}/suspend/",
        {**on, "reason": "违规", "until": "2000-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "不能早于暂扣日期" in response.json()["message"]
    assert EnforcementCertificate.objects.get(pk=pk).status == CertificateStatus.VALID
    # a clerk may read but not suspend
    clerk = login(people.clerk_a)
    assert clerk.get(f"{BASE}/certificates/{pk}/").status_code == 200
    response = clerk.post(
        f"{BASE}/certificates/{pk}/suspend/", {**on, "reason": "违规"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert EnforcementCertificate.objects.get(pk=pk).status == CertificateStatus.VALID


def test_check_assignable(login, people, staff):
    a, b, c = staff
    client = login(people.legal)
    ok = client.post(
        f"{BASE}/officers/check-assignable/",
        {"officers": [str(a.pk), str(b.pk)], "on": TODAY.isoformat()},
        content_type="application/json",
    ).json()
    assert ok == {"assignable": True, "reasons": []}
    bad = client.post(
        f"{BASE}/officers/check-assignable/",
        {"officers": [str(c.pk)], "on": TODAY.isoformat()},
        content_type="application/json",
    ).json()
    assert bad["assignable"] is False
    assert bad["reasons"][0] == "丙：未取得行政执法证" and "第四十二条" in bad["reasons"][1]
    out = login(people.admin_other).post(
        f"{BASE}/officers/check-assignable/",
        {"officers": [str(a.pk), str(b.pk)], "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert out.status_code == 404
