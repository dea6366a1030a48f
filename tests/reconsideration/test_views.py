"""Pages of 行政复议: the list and its filters, registration, the case's record and every step's form."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import CaseStatus, DecisionType, EventKind, MatterCategory, Procedure
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import (
    case_accept,
    case_deadline,
    case_extend,
    case_issue_opinion,
    case_record_copy_sent,
    case_request_correction,
    case_set_procedure,
    case_suspend,
)
from fazhi.reconsideration.steps import STEPS
from fazhi.workdays.models import Deadline
from tests.factories import make_user
from tests.reconsideration.factories import applicant, register

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(tree):
    """A clerk of 清河县司法局: may view, add and change cases of that bureau."""
    return make_user("clerk_j", tree.justice, Role.CLERK, full_name="司法局经办人")


@pytest.fixture
def viewer(tree):
    """A leader of the county: may view the bureau's cases, not change them."""
    return make_user("leader_j", tree.county, Role.LEADER, full_name="县领导")


def state(case):
    """Everything a refused request must leave as it was."""
    case.refresh_from_db()
    return (
        model_to_dict(case),
        AuditEvent.objects.count(),
        list(Deadline.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
    )


def detail(case) -> str:
    return reverse("reconsideration:detail", args=[case.pk])


def step_url(case, slug: str) -> str:
    return reverse(f"reconsideration:step-{slug}", args=[case.pk])


# --- list -----------------------------------------------------------------------------------------


def test_list_shows_scoped_cases_with_names_only_and_the_next_deadline(tree, clerk, people, login):
    own = register(clerk, tree.justice).case
    other = register(people.clerk_b, tree.dept_b, applicants=[applicant(name="赵六")]).case
    response = login(clerk).get(reverse("reconsideration:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert own.case_number in body and str(own.pk) in body
    assert str(other.pk) not in body and "赵六" not in body
    assert "张三" in body
    assert "440605198001011234" not in body and "13800001234" not in body
    row = response.context["object_list"][0]
    # received 2025-03-03: the 5-working-day review ended 2025-03-10, long before any real "today"
    assert row.next_deadline["deadline"].rule_key == rules.ACCEPTANCE
    assert row.next_deadline["state"] == "overdue"
    assert 'data-deadline-state="overdue">2025-03-10' in body
    assert 'data-testid="case-register"' in body


def test_list_filters(tree, clerk, people, login):
    first = register(clerk, tree.justice, received_on=D(2024, 6, 3), knew_on=None).case
    second = register(
        clerk,
        tree.justice,
        received_on=D(2025, 3, 3),
        applicants=[applicant(name="李四", id_number="440605199002021234")],
        respondent_name="清河县公安局",
        contested_act="清公（治）决字〔2025〕7号行政拘留决定",
        act_document_number="清公（治）决字〔2025〕7号",
        category=MatterCategory.COERCION,
        handler=clerk,
    ).case
    case_accept(actor=clerk, case=second, on=D(2025, 3, 5))
    child = make_user("clerk_a_child", tree.dept_a_child, Role.CLERK)
    third = register(child, tree.dept_a_child, applicants=[applicant(name="孙七", id_number="")]).case
    client = login(people.legal)

    def listed(**params):
        response = client.get(reverse("reconsideration:list"), params)
        assert response.status_code == 200
        return {c.pk for c in response.context["object_list"]}

    assert listed() == {first.pk, second.pk, third.pk}
    assert listed(status=CaseStatus.ACCEPTED) == {second.pk}
    assert listed(category=MatterCategory.COERCION) == {second.pk}
    assert listed(procedure=Procedure.SIMPLE) == set()
    assert listed(handler=str(clerk.pk)) == {second.pk}
    assert listed(unit=str(tree.dept_a.pk)) == {third.pk}  # the subtree: 城关所 is under 市场监管局
    assert listed(year="2024") == {first.pk}
    assert listed(q="李四") == {second.pk}
    assert listed(q="孙七") == {third.pk}
    assert listed(q="行政拘留") == {second.pk}
    assert listed(q="清河县公安局") == {second.pk}
    assert listed(q=first.case_number) == {first.pk}


def test_list_hides_the_register_button_from_a_viewer(tree, clerk, viewer, login):
    register(clerk, tree.justice)
    response = login(viewer).get(reverse("reconsideration:list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1
    assert 'data-testid="case-register"' not in response.content.decode()
    assert login(viewer).get(reverse("reconsideration:create")).status_code == 403


def test_list_query_count_does_not_grow_with_the_page(tree, clerk, login):
    def queries_for(n: int) -> int:
        for i in range(n):
            register(
                clerk, tree.justice, applicants=[applicant(name=f"申请人{i}", id_number=f"4406051980{i:08d}")]
            )
        client = login(clerk)
        client.get(reverse("reconsideration:list"))  # warm the content-type cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reconsideration:list"))
        assert len(response.context["object_list"]) == ReconsiderationCase.objects.count()
        return len(captured)

    assert queries_for(1) == queries_for(7)


# --- register -------------------------------------------------------------------------------------


def registration_post(unit, **overrides) -> dict:
    data = {
        "unit": str(unit.pk),
        "received_on": "2025-03-03",
        "channel": "in_person",
        "applicants-TOTAL_FORMS": "1",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "1",
        "applicants-MAX_NUM_FORMS": "20",
        "applicants-0-kind": "person",
        "applicants-0-name": "张三",
        "applicants-0-id_type": "resident_id",
        "applicants-0-id_number": "440605198001011234",
        "applicants-0-phone": "13800001234",
        "applicants-0-address": "清河县城关镇和平路1号",
        "agent_name": "",
        "agent_phone": "",
        "respondent_unit": "",
        "respondent_name": "清河县市场监督管理局",
        "contested_act": "清市监罚〔2025〕12号行政处罚决定",
        "act_document_number": "清市监罚〔2025〕12号",
        "category": "penalty",
        "knew_on": "2025-02-20",
        "requests": "撤销该行政处罚决定",
        "reasons": "事实不清，证据不足",
        "handler": "",
        "procedure": "ordinary",
        "procedure_basis": "",
    }
    data.update(overrides)
    return data


def test_register_form_defaults(tree, clerk, login):
    response = login(clerk).get(reverse("reconsideration:create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["unit"] == tree.justice.pk
    assert form.initial["received_on"] == timezone.localdate()
    assert form.initial["handler"] == clerk.pk
    assert set(form.fields["unit"].queryset) == {tree.justice}
    body = response.content.decode()
    assert 'type="date"' in body and "applicants-0-name" in body


def test_register_creates_the_case_and_redirects_to_it(tree, clerk, login):
    client = login(clerk)
    response = client.post(
        reverse("reconsideration:create"),
        registration_post(
            tree.justice,
            handler=str(clerk.pk),
            **{
                "applicants-TOTAL_FORMS": "2",
                "applicants-1-kind": "legal_person",
                "applicants-1-name": "清河县某某贸易有限公司",
                "applicants-1-id_type": "credit_code",
                "applicants-1-id_number": "91440605MA4UXXXX1X",
                "applicants-1-phone": "",
                "applicants-1-address": "",
            },
        ),
    )
    case = ReconsiderationCase.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert case.case_number == "清司复〔2025〕1号"
    assert case.unit == tree.justice and case.handler == clerk and case.status == CaseStatus.REVIEW
    assert case.respondent_name == "清河县市场监督管理局" and case.knew_on == D(2025, 2, 20)
    assert sorted(CaseApplicant.objects.values_list("name", "kind")) == [
        ("张三", "person"),
        ("清河县某某贸易有限公司", "legal_person"),
    ]
    assert case_deadline(case, rules.ACCEPTANCE).due_date == D(2025, 3, 10)
    page = client.get(response["Location"])
    assert "已登记行政复议申请，案号 清司复〔2025〕1号。" in page.content.decode()


def test_register_with_a_platform_respondent_takes_its_name(tree, clerk, login):
    response = login(clerk).post(
        reverse("reconsideration:create"),
        registration_post(tree.justice, respondent_unit=str(tree.justice.pk), respondent_name=""),
    )
    assert response.status_code == 302
    case = ReconsiderationCase.objects.get()
    assert case.respondent_unit == tree.justice and case.respondent_name == "清河县司法局"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicants-0-name": "", "applicants-0-id_number": "", "applicants-0-phone": "",
          "applicants-0-address": "", "applicants-0-id_type": ""}, None, "请至少填写一名申请人。"),
        ({"applicants-0-id_type": ""}, "applicants-0-id_type", "填写了证件号码，请选择证件类型。"),
        ({"respondent_name": ""}, "respondent_name", "请选择本平台单位或填写被申请人名称。"),
        ({"procedure": "simple"}, "procedure_basis", "适用简易程序须写明第五十三条规定的情形。"),
        ({"received_on": "2025-02-30"}, "received_on", "请输入有效日期，如 2025-03-03。"),
    ],
)  # fmt: skip
def test_register_form_errors_write_nothing(tree, clerk, login, overrides, field, message):
    client = login(clerk)
    audit = AuditEvent.objects.count()
    response = client.post(reverse("reconsideration:create"), registration_post(tree.justice, **overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    if field:
        assert f'data-field-error="{field}"' in body
    assert ReconsiderationCase.objects.count() == 0 and AuditEvent.objects.count() == audit


def test_register_shows_the_service_refusal_on_the_form(tree, clerk, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(clerk).post(
        reverse("reconsideration:create"), registration_post(tree.justice, received_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert "收到申请日期不能晚于今天。" in response.content.decode()
    assert ReconsiderationCase.objects.count() == 0


def test_register_out_of_scope_unit_is_refused(tree, clerk, login):
    response = login(clerk).post(reverse("reconsideration:create"), registration_post(tree.dept_b))
    assert response.status_code == 200
    assert "所选单位不存在或不在您的管理范围内。" in response.content.decode()
    assert ReconsiderationCase.objects.count() == 0


def test_register_simple_procedure_records_the_article_53_basis(tree, clerk, login):
    response = login(clerk).post(
        reverse("reconsideration:create"),
        registration_post(tree.justice, procedure="simple", procedure_basis="警告"),
    )
    assert response.status_code == 302
    case = ReconsiderationCase.objects.get()
    assert case.procedure == Procedure.SIMPLE
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.on, event.note) == (EventKind.PROCEDURE_SET, D(2025, 3, 3), "警告")


def test_register_warns_of_the_same_applicant_on_the_same_act(tree, clerk, login):
    earlier = register(clerk, tree.justice, received_on=D(2025, 2, 24)).case
    client = login(clerk)
    response = client.post(reverse("reconsideration:create"), registration_post(tree.justice), follow=True)
    body = response.content.decode()
    assert "注意：同一申请人已就同一行政行为申请行政复议（" in body
    assert f'<a href="{detail(earlier)}">{earlier.case_number}</a>' in body
    assert ReconsiderationCase.objects.count() == 2
    assert 'data-testid="duplicates"' in body


# --- detail ---------------------------------------------------------------------------------------


def test_detail_masks_applicants_and_shows_deadlines_events_and_code(tree, clerk, login):
    case = register(clerk, tree.justice).case
    case_request_correction(actor=clerk, case=case, on=D(2025, 3, 4), items="身份证明复印件")
    response = login(clerk).get(detail(case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "440605198001011234" not in body and "13800001234" not in body
    assert "440***********1234" in body and "138****1234" in body
    assert case.verification_code and case.verification_code in body
    assert "《行政复议法》第三十一条" in body
    assert "自2025-03-04起10个工作日" in body  # the deadline's explanation
    assert 'data-event="correction_requested"' in body and "身份证明复印件" in body
    assert 'data-testid="case-documents"' in body


def test_detail_buttons_follow_state_and_permission(tree, clerk, viewer, login):
    case = register(clerk, tree.justice).case
    response = login(clerk).get(detail(case))
    slugs = [s.slug for s in response.context["steps"]]
    assert slugs == ["request-correction", "accept", "refuse", "deem-accept", "procedure"]
    assert f'href="{step_url(case, "accept")}"' in response.content.decode()
    response = login(viewer).get(detail(case))
    assert response.status_code == 200
    assert response.context["steps"] == []
    assert 'data-testid="case-steps"' not in response.content.decode()
    assert login(viewer).get(step_url(case, "accept")).status_code == 404
    case_accept(actor=clerk, case=case, on=D(2025, 3, 5))
    slugs = [s.slug for s in login(clerk).get(detail(case)).context["steps"]]
    assert slugs == [
        "procedure",
        "copy-sent",
        "hearing",
        "committee",
        "suspend",
        "extend",
        "terminate",
        "decide",
        "opinion",
    ]


def test_detail_out_of_scope_is_404(tree, people, login):
    case = register(people.clerk_b, tree.dept_b).case
    assert login(people.clerk_a).get(detail(case)).status_code == 404


def test_detail_warns_when_the_review_window_lapsed(tree, clerk, login):
    case = register(clerk, tree.justice).case  # review ended 2025-03-10
    response = login(clerk).get(detail(case))
    assert response.context["lapse"] == {"due": D(2025, 3, 10), "lapsed": True}
    assert "受理审查期限已于 2025-03-10 届满" in response.content.decode()


def test_detail_warns_before_the_review_window_lapses(tree, clerk, login, settings):
    settings.FAZHI_REMINDER_WORKING_DAYS = 10
    case = register(clerk, tree.justice, received_on=timezone.localdate()).case
    response = login(clerk).get(detail(case))
    due = case_deadline(case, rules.ACCEPTANCE).due_date
    assert response.context["lapse"] == {"due": due, "lapsed": False}
    assert f"受理审查期限将于 {due.isoformat()} 届满" in response.content.decode()
    settings.FAZHI_REMINDER_WORKING_DAYS = 1
    assert login(clerk).get(detail(case)).context["lapse"] is None


# --- steps ----------------------------------------------------------------------------------------


def _review(clerk, unit):
    return register(clerk, unit).case


def _correction(clerk, unit):
    case = _review(clerk, unit)
    return case_request_correction(actor=clerk, case=case, on=D(2025, 3, 4), items="身份证明复印件")


def _accepted(clerk, unit, procedure=Procedure.ORDINARY):
    case = _review(clerk, unit)
    if procedure == Procedure.SIMPLE:
        case = case_set_procedure(actor=clerk, case=case, procedure=procedure, on=D(2025, 3, 4), basis="警告")
    return case_accept(actor=clerk, case=case, on=D(2025, 3, 5))


def _copied(clerk, unit):
    return case_record_copy_sent(actor=clerk, case=_accepted(clerk, unit), on=D(2025, 3, 6))


def _suspended(clerk, unit):
    return case_suspend(actor=clerk, case=_accepted(clerk, unit), on=D(2025, 3, 10), ground="force_majeure")


def _extended(clerk, unit):
    case = _accepted(clerk, unit)
    return case_extend(
        actor=clerk, case=case, days=10, approver="王主任", reason="案情复杂", on=D(2025, 4, 10)
    )


def _opinion(clerk, unit):
    case = _accepted(clerk, unit)
    case_issue_opinion(actor=clerk, case=case, on=D(2025, 4, 1))
    return case


# (slug, how to prepare the case, what to post, what must then hold)
STEP_CASES = [
    ("request-correction", _review, {"on": "2025-03-04", "items": "身份证明复印件", "notice_received_on": ""},
     lambda c: c.status == CaseStatus.CORRECTION and c.correction_items == "身份证明复印件"),
    ("receive-correction", _correction, {"on": "2025-03-10"},
     lambda c: c.status == CaseStatus.REVIEW and c.correction_received_on == D(2025, 3, 10)),
    ("abandon", _correction, {"on": "2025-03-20"},
     lambda c: c.status == CaseStatus.ABANDONED and c.abandoned_on == D(2025, 3, 20)),
    ("accept", _review, {"on": "2025-03-05"},
     lambda c: c.status == CaseStatus.ACCEPTED and c.accepted_on == D(2025, 3, 5)),
    ("refuse", _review, {"on": "2025-03-05", "reason": "不属于本机关管辖", "competent_organ": "云州市人民政府"},
     lambda c: c.status == CaseStatus.REFUSED and c.competent_organ == "云州市人民政府"),
    ("deem-accept", _review, {},
     lambda c: c.status == CaseStatus.ACCEPTED and c.deemed_accepted and c.accepted_on == D(2025, 3, 10)),
    ("procedure", _review, {"procedure": "simple", "on": "2025-03-04", "basis": "警告"},
     lambda c: c.procedure == Procedure.SIMPLE),
    ("convert", lambda u, n: _accepted(u, n, Procedure.SIMPLE),
     {"on": "2025-03-06", "approver": "王主任", "reason": "案情复杂"},
     lambda c: c.procedure == Procedure.ORDINARY),
    ("copy-sent", _accepted, {"on": "2025-03-06", "received_on": "2025-03-07"},
     lambda c: c.copy_sent_on == D(2025, 3, 6)
     and case_deadline(c, rules.RESPONDENT_ANSWER).start_date == D(2025, 3, 7)),
    ("answer", _copied, {"on": "2025-03-14"}, lambda c: c.answer_received_on == D(2025, 3, 14)),
    ("hearing", _accepted, {"notice_on": "2025-03-10", "hearing_on": "2025-03-20", "place": "第一听证室",
                            "minutes": ""},
     lambda c: c.events.filter(kind=EventKind.HEARING, on=D(2025, 3, 20), place="第一听证室").exists()),
    ("committee", _accepted, {"consulted": "on"}, lambda c: c.committee_consulted),
    ("suspend", _accepted, {"on": "2025-03-10", "ground": "force_majeure", "note": ""},
     lambda c: c.status == CaseStatus.SUSPENDED and c.suspension_ground == "force_majeure"),
    ("resume", _suspended, {"on": "2025-03-20", "note": ""},
     lambda c: c.status == CaseStatus.ACCEPTED and c.suspended_on is None),
    ("extend", _accepted, {"days": "30", "approver": "王主任", "reason": "案情复杂", "on": "2025-04-20"},
     lambda c: c.extended_days == 30 and c.extension_approver == "王主任"),
    ("terminate", _accepted, {"on": "2025-03-20", "ground": "withdrawn", "approver": "", "note": ""},
     lambda c: c.status == CaseStatus.CLOSED and c.decision_type == DecisionType.TERMINATE),
    ("decide", _accepted, {"decision_type": "revoke", "decided_on": "2025-04-10", "approver": "李局长",
                           "decision_text": "撤销被申请人作出的行政处罚决定。"},
     lambda c: c.status == CaseStatus.CLOSED and c.decision_type == DecisionType.REVOKE
     and c.decision_text == "撤销被申请人作出的行政处罚决定。"),
    ("opinion", _accepted, {"on": "2025-04-01", "note": "规范执法程序"},
     lambda c: case_deadline(c, rules.OPINION_FEEDBACK) is not None),
    ("opinion-feedback", _opinion, {"on": "2025-05-10", "note": "已整改"},
     lambda c: case_deadline(c, rules.OPINION_FEEDBACK) is None
     and c.events.filter(kind=EventKind.OPINION_FEEDBACK).exists()),
]  # fmt: skip


def test_every_step_has_a_case():
    assert [s for s, *_ in STEP_CASES] == [step.slug for step in STEPS]


@pytest.mark.parametrize(("slug", "prepare", "data", "check"), STEP_CASES, ids=[c[0] for c in STEP_CASES])
def test_step_page_runs_the_service_and_returns_to_the_case(tree, clerk, login, slug, prepare, data, check):
    case = prepare(clerk, tree.justice)
    client = login(clerk)
    page = client.get(step_url(case, slug))
    assert page.status_code == 200
    assert page.context["refusal"] == ""
    assert 'data-testid="step-submit"' in page.content.decode()
    response = client.post(step_url(case, slug), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == detail(case)
    case.refresh_from_db()
    assert check(case)


# (slug, prepare, data that the service refuses, its message)
REFUSALS = [
    ("accept", _review, {"on": "2025-03-01"}, "受理日期不能早于收到申请（补正材料）日期（2025-03-03）。"),
    ("abandon", _correction, {"on": "2025-03-05"}, "补正期限尚未届满，不能视为放弃申请。"),
    ("hearing", _accepted, {"notice_on": "2025-03-10", "hearing_on": "2025-03-12", "place": "第一听证室"},
     "2025-03-10通知的，听证日期不得早于2025-03-17。"),
    ("decide", _accepted, {"decision_type": "revoke", "decided_on": "2025-03-01", "approver": "李局长"},
     "决定日期不能早于受理日期（2025-03-05）。"),
    ("extend", _extended, {"days": "30", "approver": "王主任", "reason": "案情复杂", "on": "2025-04-20"},
     "依照《行政复议法》第六十二条，延长期限合计不得超过30日（已延长10日）。"),
    ("copy-sent", _accepted, {"on": "2025-03-06", "received_on": "2025-03-05"},
     "被申请人收到副本日期不能早于发送日期（2025-03-06）。"),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "prepare", "data", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_step_refusal_is_shown_and_changes_nothing(tree, clerk, login, slug, prepare, data, message):
    case = prepare(clerk, tree.justice)
    client = login(clerk)
    before = state(case)
    response = client.post(step_url(case, slug), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state(case) == before


def test_step_the_state_does_not_allow_is_explained_and_refused(tree, clerk, login):
    case = _review(clerk, tree.justice)
    client = login(clerk)
    page = client.get(step_url(case, "resume"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "当前状态为“待审查”，不能恢复审理。" in body
    assert 'data-testid="step-submit"' not in body
    before = state(case)
    response = client.post(step_url(case, "resume"), {"on": "2025-03-10"})
    assert response.status_code == 200
    assert "当前状态为“待审查”，不能恢复审理。" in response.content.decode()
    assert state(case) == before


def test_step_is_404_out_of_scope(tree, people, login):
    case = register(people.clerk_b, tree.dept_b).case
    client = login(people.clerk_a)
    before = state(case)
    assert client.post(step_url(case, "accept"), {"on": "2025-03-05"}).status_code == 404
    assert state(case) == before
