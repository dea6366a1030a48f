# ruff: noqa: F811 (the crew fixture is imported)
"""The case pages: the list with its filters, capped count and export; 立案 through the form; the case page;
the step pages (a refusal shows on the form and changes nothing)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase
from fazhi.enforcement.cases.views.cases import CappedPaginator
from tests.enforcement.factories import issued_card
from tests.enforcement_cases.factories import make_case
from tests.enforcement_cases.test_cases_support import D, crew, decide, register  # noqa: F401

pytestmark = pytest.mark.django_db


def test_list_filters_and_scope(people, crew, login):
    a = register(people.clerk_a, crew, party_name="甲公司")
    b = register(people.clerk_a, crew, party_name="乙商行", filed_on=D(2025, 5, 1))
    old = make_case(
        crew.body.unit,
        crew.item,
        filed_on=D(2024, 3, 1),
        party_name="丙个体户",
        decision_due_on=D(2024, 6, 1),
    )
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:list")
    page = client.get(url).content.decode()
    assert a.number in page and b.number in page and "丙个体户" in page
    assert "共 3 件" in page
    assert list(client.get(url, {"q": "乙商"}).context["object_list"]) == [b]
    assert list(client.get(url, {"q": a.number}).context["object_list"]) == [a]
    assert list(client.get(url, {"year": 2024}).context["object_list"]) == [old]
    s.case_drop(actor=people.clerk_a, case=b, on=D(2025, 5, 2), reason="违法事实不成立")
    # past the decision period (第六十条) and not decided: 2025 cases are, as of today; a dropped one is not
    assert list(client.get(url, {"overdue": "1"}).context["object_list"]) == [a, old]
    assert list(client.get(url, {"status": CaseStatus.DROPPED}).context["object_list"]) == [b]
    assert set(
        client.get(url, {"body": str(crew.body.pk), "item": str(crew.item.pk)}).context["object_list"]
    ) == {
        a,
        b,
        old,
    }
    # ordered by 立案日期, newest first
    assert list(client.get(url).context["object_list"]) == [b, a, old]
    assert login(people.clerk_b).get(url).context["object_list"].__len__() == 0


def test_export_xlsx_of_filtered_rows(people, crew, login):
    register(people.clerk_a, crew, party_name="甲公司")
    response = login(people.clerk_a).get(reverse("enforcement_cases:list"), {"q": "甲", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_capped_paginator_counts_at_most_the_cap(people, crew):
    for n in range(7):
        make_case(crew.body.unit, crew.item, party_name=f"当事人{n}")
    paginator = CappedPaginator(EnforcementCase.objects.order_by("-filed_on", "-created_at"), 2)
    paginator.cap = 5
    assert paginator.count == 6 and paginator.capped
    page = paginator.page(4)  # beyond the counted pages: still served
    assert len(page.object_list) == 1 and not page.more
    assert paginator.page(1).more


def test_register_through_the_form(people, crew, login):
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:create")
    form = client.get(url, {"filed_on": "2025-04-07"}).context["form"]
    offered = {o.name for o in form.fields["officers"].queryset}
    assert offered == {"甲", "乙", "丙"}  # 丁 has no card, 戊's is suspended (第四十二条)
    data = {
        "body": str(crew.body.pk),
        "item": str(crew.item.pk),
        "procedure": "ordinary",
        "source": "complaint",
        "title": "销售过期食品",
        "party_kind": "legal_person",
        "party_name": "清河县某超市",
        "filed_on": "2025-04-07",
        "officers": [str(crew.o["甲"].pk)],
        "lead": str(crew.o["甲"].pk),
    }
    before = EnforcementCase.objects.count(), AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200 and "不得少于两人" in response.content.decode()
    assert (EnforcementCase.objects.count(), AuditEvent.objects.count()) == before
    data["officers"] = [str(crew.o["甲"].pk), str(crew.o["乙"].pk)]
    response = client.post(url, data)
    case = EnforcementCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "enforcement_cases:detail", args=[case.pk]
    )
    assert case.number == "清市监罚立〔2025〕1号"


def test_case_page_shows_deadlines_checklist_and_steps(people, crew, login):
    case = register(people.clerk_a, crew)
    page = login(people.clerk_a).get(reverse("enforcement_cases:detail", args=[case.pk])).content.decode()
    assert "《行政处罚法》第六十条" in page and "2025-07-07" in page
    assert "启动：立案审批表" in page and "尚缺" in page
    for slug in ("notify", "major", "submit-review", "extend", "record", "drop"):
        assert f'data-step="{slug}"' in page
    assert 'data-step="decide"' in page  # allowed by state; the gate refuses on submit
    assert 'data-step="publish"' not in page


def test_step_refusal_shows_on_the_form_and_changes_nothing(people, crew, login):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    s.case_mark_major(actor=people.clerk_a, case=case, grounds=["complex"])
    client = login(people.clerk_a)
    before = EnforcementCase.objects.values().get(pk=case.pk), AuditEvent.objects.count()
    response = client.post(
        reverse("enforcement_cases:step-decide", args=[case.pk]),
        {
            "decision_kind": "penalty",
            "penalty_kinds": ["fine"],
            "standard": str(crew.ordinary.pk),
            "fine_amount": "8000",
            "decision_number": "清市监罚〔2025〕12号",
            "decided_on": "2025-05-20",
            "approver": "局长",
        },
    )
    assert response.status_code == 400
    assert "未经法制审核或者审核未通过的，不得作出决定" in response.content.decode()
    assert (EnforcementCase.objects.values().get(pk=case.pk), AuditEvent.objects.count()) == before


def test_step_not_allowed_by_state_is_409(people, crew, login):
    case = register(people.clerk_a, crew)
    url = reverse("enforcement_cases:step-serve", args=[case.pk])
    client = login(people.clerk_a)
    assert "不能送达" in client.get(url).content.decode()
    assert client.post(url, {"on": "2025-05-01"}).status_code == 409


def test_warning_after_a_short_hearing_notice(people, crew, login):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    s.case_request_hearing(actor=people.clerk_a, case=case, on=D(2025, 5, 7))
    response = login(people.clerk_a).post(
        reverse("enforcement_cases:step-hearing", args=[case.pk]),
        {"notice_on": "2025-05-08", "hearing_on": "2025-05-09"},
        follow=True,
    )
    assert "第六十四条第二项" in response.content.decode()


def test_other_department_cannot_open_the_case(people, crew, login):
    case = register(people.clerk_a, crew)
    assert login(people.clerk_b).get(reverse("enforcement_cases:detail", args=[case.pk])).status_code == 404
    response = login(people.clerk_b).post(
        reverse("enforcement_cases:step-notify", args=[case.pk]), {"on": "2025-05-06"}
    )
    assert response.status_code == 404


def test_home_panel_lists_cases_near_their_deadline(people, crew, login, tree):
    today = timezone.localdate()
    make_case(
        crew.body.unit, crew.item, number="近期案件1号", decision_due_on=today + datetime.timedelta(days=3)
    )
    make_case(
        crew.body.unit, crew.item, number="远期案件", decision_due_on=today + datetime.timedelta(days=60)
    )
    page = login(people.clerk_a).get("/").content.decode()
    assert "enforcement-cases-panel" in page and "近期案件1号" in page and "远期案件" not in page
    assert "enforcement-cases-panel" not in login(people.clerk_b).get("/").content.decode()


def test_decided_case_shows_publication_state(people, crew, login):
    issued_card(people.legal, crew.o["丁"], on=D(2025, 3, 3))
    case = register(people.clerk_a, crew, officers=("甲", "丁"))
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    decide(people.clerk_a, case, crew, fine=Decimal("6000"))
    page = login(people.clerk_a).get(reverse("enforcement_cases:detail", args=[case.pk])).content.decode()
    assert "公示逾期" in page and "2025-05-29" in page and 'data-step="publish"' in page


def test_record_upload_ticks_the_checklist(people, crew, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = register(people.clerk_a, crew)
    client = login(people.clerk_a)
    pdf = SimpleUploadedFile(
        "立案审批表.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )
    url = reverse("enforcement_cases:step-record", args=[case.pk])
    response = client.post(
        url, {"stage": "start", "kind": "立案审批表", "form": "text", "made_on": "2025-04-07"}
    )
    assert response.status_code == 400 and "请上传记录文件" in response.content.decode()
    response = client.post(
        url, {"stage": "start", "kind": "立案审批表", "form": "text", "made_on": "2025-04-07", "file": pdf}
    )
    assert response.status_code == 302
    page = client.get(reverse("enforcement_cases:detail", args=[case.pk])).content.decode()
    assert '<li data-present="1">' in page and "启动：立案审批表" in page
