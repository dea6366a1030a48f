"""Pages: the roster, bodies, an officer's record, the step forms, the home panel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.enforcement.choices import CertificateStatus, OfficerStatus
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
    TrainingRecord,
)
from tests.enforcement.factories import id_number, issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_roster_masks_id_numbers_and_filters(login, people, tree):
    body = make_body(tree.dept_a)
    certified = make_officer(tree.dept_a, body=body, name="王持证")
    issued_card(people.legal, certified, on=TODAY - datetime.timedelta(days=5))
    make_officer(tree.dept_a, body=body, name="李未持证")
    client = login(people.legal)
    page = client.get(reverse("enforcement:list")).content.decode()
    assert "王持证" in page and "李未持证" in page
    assert certified.id_number not in page and certified.id_number[:3] + "*" in page
    only = client.get(reverse("enforcement:list"), {"certified": "yes"}).content.decode()
    assert "王持证" in only and "李未持证" not in only
    # out of scope: another county's admin sees neither
    other = login(people.admin_other).get(reverse("enforcement:list")).content.decode()
    assert "王持证" not in other


def test_create_body_and_officer_through_the_pages(login, people, tree):
    client = login(people.legal)
    response = client.post(
        reverse("enforcement:body-create"),
        {
            "unit": tree.dept_a.pk,
            "name": "清河县市场监督管理局",
            "kind": "statutory",
            "legal_basis": "《市场监督管理行政处罚程序规定》",
            "duties": "市场监管行政处罚",
            "status": "active",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = EnforcementBody.objects.get()
    number = id_number()
    response = client.post(
        reverse("enforcement:officer-create"),
        {
            "unit": tree.dept_a_child.pk,
            "body": body.pk,
            "name": "张三",
            "id_number": number.lower(),
            "post": "科员",
            "status": "active",
            "legal_qualification_number": "",
        },
    )
    assert response.status_code == 302
    officer = EnforcementOfficer.objects.get()
    assert officer.id_number == number and officer.unit == tree.dept_a_child


def test_officer_must_sit_under_the_body(login, people, tree):
    body = make_body(tree.dept_a)
    response = login(people.legal).post(
        reverse("enforcement:officer-create"),
        {
            "unit": tree.dept_b.pk,
            "body": body.pk,
            "name": "张三",
            "id_number": id_number(),
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "不属于“清河县公安局”或其上级单位" in response.content.decode()
    assert EnforcementOfficer.objects.count() == 0


def test_training_and_application_pages(login, people, tree):
    officer = make_officer(tree.dept_a)
    client = login(people.clerk_a)
    url = reverse("enforcement:officer-training", args=[officer.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"on": "2025-05-06", "kind": "public_law", "topic": "行政处罚法", "hours": "8"})
    client.post(url, {"on": "2025-09-06", "kind": "professional", "topic": "市场监管法规", "hours": "12.5"})
    assert TrainingRecord.objects.filter(officer=officer).count() == 2
    page = client.get(reverse("enforcement:officer-detail", args=[officer.pk])).content.decode()
    assert "2025 年 20.5 学时" in page
    response = client.post(
        reverse("enforcement:officer-apply", args=[officer.pk]),
        {"kind": "enforcement", "applied_on": "2025-10-08"},
    )
    card = EnforcementCertificate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "enforcement:certificate-detail", args=[card.pk]
    )


def test_step_pages(login, people, tree):
    officer = make_officer(tree.dept_a)
    card = issued_card(people.legal, officer, on=TODAY - datetime.timedelta(days=5))
    client = login(people.legal)
    detail = client.get(reverse("enforcement:certificate-detail", args=[card.pk])).content.decode()
    assert reverse("enforcement:certificate-suspend", args=[card.pk]) in detail
    assert reverse("enforcement:certificate-issue", args=[card.pk]) not in detail
    # a step the state does not allow: the page says so, a POST is refused with nothing changed
    page = client.get(reverse("enforcement:certificate-issue", args=[card.pk]))
    assert page.status_code == 200 and "不能发证" in page.content.decode()
    assert (
        client.post(
            reverse("enforcement:certificate-issue", args=[card.pk]), {"on": "2025-01-01"}
        ).status_code
        == 409
    )
    # a refusal of the service is shown on the form
    response = client.post(
        reverse("enforcement:certificate-suspend", args=[card.pk]),
        {"on": TODAY.isoformat(), "reason": "违规", "until": "2000-01-01"},
    )
    assert response.status_code == 400 and "不能早于暂扣日期" in response.content.decode()
    card.refresh_from_db()
    assert card.status == CertificateStatus.VALID
    response = client.post(
        reverse("enforcement:certificate-suspend", args=[card.pk]),
        {"on": TODAY.isoformat(), "reason": "违规执法"},
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CertificateStatus.SUSPENDED


def test_clerk_cannot_run_approval_steps(login, people, tree):
    officer = make_officer(tree.dept_a)
    card = issued_card(people.legal, officer, on=TODAY - datetime.timedelta(days=5))
    response = login(people.clerk_a).post(
        reverse("enforcement:certificate-suspend", args=[card.pk]),
        {"on": TODAY.isoformat(), "reason": "违规"},
    )
    assert response.status_code == 409
    card.refresh_from_db()
    assert card.status == CertificateStatus.VALID


def test_home_panel_reminds_of_review_and_expiry(login, people, tree):
    body = make_body(tree.dept_a)
    soon = issued_card(
        people.legal,
        make_officer(tree.dept_a, body=body, name="年审将至"),
        on=TODAY - datetime.timedelta(days=350),
    )
    late = issued_card(
        people.legal,
        make_officer(tree.dept_a, body=body, name="逾期未审"),
        on=TODAY - datetime.timedelta(days=400),
    )
    fresh = issued_card(
        people.legal,
        make_officer(tree.dept_a, body=body, name="新发证"),
        on=TODAY - datetime.timedelta(days=10),
    )
    page = login(people.clerk_a).get("/").content.decode()
    assert 'data-testid="enforcement-panel"' in page
    page = page[page.index('data-testid="enforcement-panel"') : page.index("<!-- /enforcement-panel -->")]
    assert "年审将至" in page and "逾期未审" in page and "新发证" not in page
    assert soon.number in page and late.number in page and fresh.number not in page
    assert 'data-testid="enforcement-panel"' not in login(people.clerk_b).get("/").content.decode()


def test_officer_revocation_reason_sets_roster_status(login, people, tree):
    officer = make_officer(tree.dept_a)
    card = issued_card(people.legal, officer, on=TODAY - datetime.timedelta(days=5))
    login(people.legal).post(
        reverse("enforcement:certificate-revoke", args=[card.pk]),
        {"on": TODAY.isoformat(), "reason": "transferred"},
    )
    officer.refresh_from_db()
    assert officer.status == OfficerStatus.TRANSFERRED


def test_body_pages(login, people, tree):
    body = make_body(tree.dept_a, name="清河县市场监督管理局")
    client = login(people.legal)
    assert "清河县市场监督管理局" in client.get(reverse("enforcement:bodies")).content.decode()
    assert client.get(reverse("enforcement:body-detail", args=[body.pk])).status_code == 200
    assert client.get(reverse("enforcement:body-edit", args=[body.pk])).status_code == 200
    assert (
        login(people.admin_other).get(reverse("enforcement:body-detail", args=[body.pk])).status_code == 404
    )
