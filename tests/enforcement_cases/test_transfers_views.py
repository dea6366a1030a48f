"""The 两法衔接 pages: list, register (from a case or standalone), a transfer's record, its answers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases.choices import TransferStatus
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer
from tests.enforcement_cases.factories import make_case

pytestmark = pytest.mark.django_db
D = datetime.date


def state():
    return (
        list(JudicialTransfer.objects.order_by("pk").values()),
        list(EnforcementCase.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


FORM = {
    "target": "police",
    "receiving_organ": "清河县公安局",
    "suspected_offence": "生产、销售有毒、有害食品罪",
    "transferred_on": "2025-06-03",
    "feedback": "",
}


def test_register_from_a_case(people, tree, login):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:transfer-create") + f"?case={case.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "清河县某某餐饮有限公司" in page.content.decode()
    response = client.post(url, FORM | {"case": case.pk, "party_name": ""})
    transfer = JudicialTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement_cases:transfer-detail", args=[transfer.pk])
    assert transfer.case == case and transfer.unit == tree.dept_a
    assert transfer.party_name == "清河县某某餐饮有限公司"
    detail = client.get(response["Location"]).content.decode()
    assert "生产、销售有毒、有害食品罪" in detail and "已移送" in detail


def test_case_page_links_to_the_transfer_and_lists_it(people, tree, login):
    case = make_case(tree.dept_a, filed_on=D(2025, 4, 7))
    client = login(people.clerk_a)
    detail_url = reverse("enforcement_cases:detail", args=[case.pk])
    create_url = reverse("enforcement_cases:transfer-create") + f"?case={case.pk}"
    page = client.get(detail_url).content.decode()
    assert "未移送司法机关" in page and f'href="{create_url}"' in page
    client.post(create_url, FORM | {"case": case.pk, "party_name": ""})
    page = client.get(detail_url).content.decode()
    assert "2025-06-03 移送清河县公安局" in page and "已移送" in page
    # a leader reads the case but registers nothing: no link
    page = login(people.leader).get(detail_url).content.decode()
    assert "2025-06-03 移送清河县公安局" in page and 'data-testid="case-transfer-create"' not in page


def test_a_case_out_of_scope_answers_404_and_writes_nothing(people, tree, login):
    case = make_case(tree.dept_b)
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:transfer-create") + f"?case={case.pk}"
    before = state()
    assert client.get(url).status_code == 404
    assert client.post(url, FORM | {"case": case.pk}).status_code == 404
    assert client.get(reverse("enforcement_cases:transfer-create") + "?case=nonsense").status_code == 404
    assert state() == before


def test_register_standalone_and_refusal_on_the_form(people, tree, login):
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:transfer-create")
    before = state()
    missing = client.post(url, FORM | {"unit": "", "party_name": "张某"})
    assert missing.status_code == 200 and "请选择移送单位。" in missing.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    late = client.post(url, FORM | {"unit": tree.dept_a.pk, "party_name": "张某", "transferred_on": future})
    assert "移送日期不能晚于今天。" in late.content.decode()
    assert state() == before
    assert client.post(url, FORM | {"unit": tree.dept_a.pk, "party_name": "张某"}).status_code == 302
    assert JudicialTransfer.objects.get().case is None


def test_list_and_filters(people, tree, login):
    JudicialTransfer.objects.create(
        unit=tree.dept_a,
        target="police",
        receiving_organ="清河县公安局",
        suspected_offence="非法经营罪",
        party_name="甲公司",
        transferred_on=D(2025, 3, 1),
    )
    JudicialTransfer.objects.create(
        unit=tree.dept_a,
        target="procuratorate",
        receiving_organ="清河县人民检察院",
        suspected_offence="重大责任事故罪",
        party_name="乙公司",
        transferred_on=D(2024, 3, 1),
        status=TransferStatus.FILED,
    )
    client = login(people.clerk_a)
    html = client.get(reverse("enforcement_cases:transfers")).content.decode()
    assert 'aria-current="page">两法衔接' in html and "甲公司" in html and "乙公司" in html
    only = client.get(reverse("enforcement_cases:transfers"), {"year": 2025}).content.decode()
    assert "甲公司" in only and "乙公司" not in only
    filed = client.get(reverse("enforcement_cases:transfers"), {"status": "filed"}).content.decode()
    assert "乙公司" in filed and "甲公司" not in filed


def test_status_page(people, tree, login):
    transfer = JudicialTransfer.objects.create(
        unit=tree.dept_a,
        target="police",
        receiving_organ="清河县公安局",
        suspected_offence="非法经营罪",
        party_name="甲公司",
        transferred_on=D(2025, 3, 1),
        status_on=D(2025, 3, 1),
    )
    client = login(people.clerk_a)
    url = reverse("enforcement_cases:transfer-status", args=[transfer.pk])
    assert client.get(url).status_code == 200
    before = state()
    wrong = client.post(url, {"status": "judged", "on": "2025-03-05", "feedback": "判决"})
    assert wrong.status_code == 409
    assert "不能登记为“已判决”" in wrong.content.decode()
    early = client.post(url, {"status": "filed", "on": "2025-02-01", "feedback": ""})
    assert early.status_code == 200 and "不能早于移送日期" in early.content.decode()
    assert state() == before
    assert client.post(url, {"status": "filed", "on": "2025-03-05", "feedback": ""}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.FILED and transfer.status_on == D(2025, 3, 5)
    client.post(url, {"status": "prosecuted", "on": "2025-05-05", "feedback": "起诉"})
    client.post(url, {"status": "judged", "on": "2025-08-05", "feedback": "判处罚金十万元"})
    finished = client.get(url).content.decode()
    assert "该移送已办结" in finished
