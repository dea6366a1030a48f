"""The 行政复议 API: list and read (masked), register, every step as a POST action, refusals as JSON."""

from __future__ import annotations

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus, DecisionType, EventKind, Procedure
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import case_accept, case_deadline
from fazhi.workdays.models import Deadline
from tests.factories import make_user
from tests.reconsideration.factories import applicant, register

D = datetime.date
pytestmark = pytest.mark.django_db
BASE = "/api/reconsideration/cases/"


@pytest.fixture
def clerk(tree):
    return make_user("clerk_j", tree.justice, Role.CLERK, full_name="司法局经办人")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def state(case):
    case.refresh_from_db()
    return (
        model_to_dict(case),
        AuditEvent.objects.count(),
        list(Deadline.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
    )


def registration(unit, **overrides) -> dict:
    return {
        "unit": str(unit.pk),
        "applicants": [applicant()],
        "respondent_name": "清河县市场监督管理局",
        "contested_act": "清市监罚〔2025〕12号行政处罚决定",
        "act_document_number": "清市监罚〔2025〕12号",
        "category": "penalty",
        "knew_on": "2025-02-20",
        "requests": "撤销该行政处罚决定",
        "reasons": "事实不清，证据不足",
        "channel": "mail",
        "received_on": "2025-03-03",
        **overrides,
    }


# --- reading --------------------------------------------------------------------------------------


def test_list_is_scoped_masked_and_filtered(tree, clerk, people):
    own = register(clerk, tree.justice).case
    second = register(
        clerk, tree.justice, applicants=[applicant(name="李四", id_number="440605199002021234")]
    ).case
    case_accept(actor=clerk, case=second, on=D(2025, 3, 5))
    register(people.clerk_b, tree.dept_b)
    client = api(clerk)
    response = client.get(BASE)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {r["id"] for r in rows} == {str(own.pk), str(second.pk)}
    assert "440605198001011234" not in response.content.decode()
    assert {tuple(r["applicant_names"]) for r in rows} == {("张三",), ("李四",)}
    assert [r["id"] for r in client.get(BASE, {"status": "accepted"}).json()["results"]] == [str(second.pk)]
    assert [r["id"] for r in client.get(BASE, {"q": "李四"}).json()["results"]] == [str(second.pk)]
    assert client.get(BASE, {"year": "2024"}).json()["results"] == []
    bad = client.get(BASE, {"status": "done"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid" and "status" in bad.json()["errors"]


def test_retrieve_masks_applicants_and_lists_events_and_open_deadlines(tree, clerk):
    case = register(clerk, tree.justice).case
    response = api(clerk).get(f"{BASE}{case.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["case_number"] == "清司复〔2025〕1号"
    assert data["verification_code"] == case.verification_code
    [person] = data["applicants"]
    assert (person["name"], person["id_number"], person["phone"]) == (
        "张三",
        "440***********1234",
        "138****1234",
    )
    [review] = data["open_deadlines"]
    assert review["rule_key"] == rules.ACCEPTANCE and review["due_date"] == "2025-03-10"
    assert review["explanation"] == "自2025-03-03起5个工作日，2025-03-10届满（《行政复议法》第三十条）"
    assert data["events"] == []


def test_retrieve_out_of_scope_is_404(tree, people):
    case = register(people.clerk_b, tree.dept_b).case
    response = api(people.clerk_a).get(f"{BASE}{case.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


# --- register -------------------------------------------------------------------------------------


def test_register_returns_the_case_and_warns_of_duplicates(tree, clerk):
    client = api(clerk)
    first = client.post(BASE, registration(tree.justice, handler=str(clerk.pk)), format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["case"]["case_number"] == "清司复〔2025〕1号"
    assert body["case"]["handler"] == str(clerk.pk)
    assert body["duplicate_warning"] is False and body["duplicates"] == []
    assert body["message"] == "已登记行政复议申请，案号 清司复〔2025〕1号。"
    second = client.post(BASE, registration(tree.justice, received_on="2025-03-04"), format="json").json()
    assert second["duplicate_warning"] is True
    assert [d["case_number"] for d in second["duplicates"]] == ["清司复〔2025〕1号"]
    assert "同一申请人已就同一行政行为申请行政复议（清司复〔2025〕1号）" in second["message"]


def test_register_simple_procedure_needs_and_records_the_basis(tree, clerk):
    client = api(clerk)
    refused = client.post(BASE, registration(tree.justice, procedure="simple"), format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"procedure_basis": ["适用简易程序须写明第五十三条规定的情形。"]}
    ok = client.post(
        BASE, registration(tree.justice, procedure="simple", procedure_basis="警告"), format="json"
    )
    assert ok.status_code == 201
    assert ok.json()["case"]["procedure"] == Procedure.SIMPLE
    assert [e["kind"] for e in ok.json()["case"]["events"]] == [EventKind.PROCEDURE_SET]


@pytest.mark.parametrize(
    ("overrides", "status", "code", "where"),
    [
        ({"applicants": []}, 400, "invalid", "applicants"),
        ({"respondent_name": ""}, 400, "invalid", "respondent_name"),
        ({"category": "traffic"}, 400, "invalid", "category"),
        ({"received_on": "2099-01-01"}, 400, "refused", None),
    ],
)
def test_register_refusals_write_nothing(tree, clerk, overrides, status, code, where):
    before = AuditEvent.objects.count()
    response = api(clerk).post(BASE, registration(tree.justice, **overrides), format="json")
    assert response.status_code == status
    data = response.json()
    assert data["code"] == code
    if where:
        assert where in data["errors"]
    else:
        assert data["message"] == "收到申请日期不能晚于今天。"
    assert ReconsiderationCase.objects.count() == 0 and AuditEvent.objects.count() == before


def test_register_in_another_unit_is_refused(tree, clerk):
    response = api(clerk).post(BASE, registration(tree.dept_b), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"unit": ["单位不存在或不在您的管辖范围内。"]}


def test_register_needs_add(tree, clerk):
    leader = make_user("leader_j", tree.county, Role.LEADER)
    response = api(leader).post(BASE, registration(tree.justice), format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- steps ----------------------------------------------------------------------------------------


def post(client, case, slug, **data):
    return client.post(f"{BASE}{case.pk}/{slug}/", data, format="json")


def test_a_case_through_its_steps(tree, clerk):
    client = api(clerk)
    case = register(clerk, tree.justice).case

    r = post(client, case, "request-correction", on="2025-03-04", items="身份证明复印件")
    assert r.status_code == 200 and r.json()["status"] == CaseStatus.CORRECTION
    r = post(client, case, "receive-correction", on="2025-03-06")
    assert r.json()["status"] == CaseStatus.REVIEW
    r = post(client, case, "accept", on="2025-03-07")
    assert r.json()["status"] == CaseStatus.ACCEPTED and r.json()["accepted_on"] == "2025-03-07"
    assert {d["rule_key"] for d in r.json()["open_deadlines"]} == {rules.DECISION, rules.RESPONDENT_COPY}
    r = post(client, case, "copy-sent", on="2025-03-10", received_on="2025-03-11")
    assert r.json()["copy_sent_on"] == "2025-03-10"
    r = post(client, case, "answer", on="2025-03-20")
    assert r.json()["answer_received_on"] == "2025-03-20"
    r = post(client, case, "hearing", notice_on="2025-03-21", hearing_on="2025-03-31", place="第一听证室")
    assert r.status_code == 200 and r.json()["events"][-1]["kind"] == EventKind.HEARING
    r = post(client, case, "suspend", on="2025-04-01", ground="force_majeure")
    assert r.json()["status"] == CaseStatus.SUSPENDED
    r = post(client, case, "resume", on="2025-04-11")
    assert r.json()["status"] == CaseStatus.ACCEPTED
    r = post(client, case, "extend", days=30, approver="王主任", reason="案情复杂", on="2025-05-01")
    assert r.json()["extended_days"] == 30
    case.refresh_from_db()
    # 60日 from 2025-03-07, 10 days suspended, 30 days extended
    assert case_deadline(case, rules.DECISION).due_date == D(2025, 6, 16)
    r = post(
        client,
        case,
        "decide",
        decision_type="revoke",
        decided_on="2025-05-20",
        approver="李局长",
        decision_text="撤销被申请人作出的行政处罚决定。",
    )
    assert r.status_code == 200
    data = r.json()
    assert (data["status"], data["decision_type"], data["closed_on"]) == (
        CaseStatus.CLOSED,
        "revoke",
        "2025-05-20",
    )
    assert data["open_deadlines"] == []


def test_refuse_and_terminate(tree, clerk):
    client = api(clerk)
    refused = register(clerk, tree.justice).case
    r = post(client, refused, "refuse", on="2025-03-05", reason="超过申请期限", competent_organ="")
    assert r.json()["status"] == CaseStatus.REFUSED and r.json()["refusal_reason"] == "超过申请期限"
    ended = register(clerk, tree.justice, applicants=[applicant(name="李四", id_number="")]).case
    case_accept(actor=clerk, case=ended, on=D(2025, 3, 5))
    r = post(client, ended, "terminate", on="2025-03-20", ground="withdrawn")
    assert (
        r.json()["decision_type"] == DecisionType.TERMINATE and r.json()["termination_ground"] == "withdrawn"
    )


def test_step_the_state_does_not_allow_is_409_and_changes_nothing(tree, clerk):
    case = register(clerk, tree.justice).case
    before = state(case)
    r = post(api(clerk), case, "decide", decision_type="revoke", decided_on="2025-04-10", approver="李局长")
    assert r.status_code == 409
    assert r.json() == {
        "code": "invalid_transition",
        "message": "当前状态为“待审查”，不能作出复议决定。",
        "errors": {},
    }
    assert state(case) == before


def test_service_refusal_is_400_with_its_message_and_changes_nothing(tree, clerk):
    case = register(clerk, tree.justice).case
    case_accept(actor=clerk, case=case, on=D(2025, 3, 5))
    before = state(case)
    r = post(api(clerk), case, "hearing", notice_on="2025-03-10", hearing_on="2025-03-12", place="第一听证室")
    assert r.status_code == 400
    assert r.json()["code"] == "refused"
    assert r.json()["message"] == (
        "依照《行政复议法》第五十一条，应当在举行听证的五个工作日前书面通知；"
        "2025-03-10通知的，听证日期不得早于2025-03-17。"
    )
    assert state(case) == before
    r = post(api(clerk), case, "extend", days=31, approver="王主任", reason="复杂", on="2025-04-01")
    assert r.status_code == 400 and r.json()["code"] == "invalid" and "days" in r.json()["errors"]
    assert state(case) == before


def test_steps_need_change_in_scope(tree, clerk, people):
    case = register(clerk, tree.justice).case
    leader = make_user("leader_j", tree.county, Role.LEADER)
    before = state(case)
    r = post(api(leader), case, "accept", on=timezone.localdate().isoformat())
    assert r.status_code == 403
    r = post(api(people.clerk_a), case, "accept", on="2025-03-05")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert state(case) == before
