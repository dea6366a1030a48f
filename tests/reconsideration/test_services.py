"""Services of the reconsideration case: registration, review, procedure, deadlines with exact dates."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from fazhi.core.models import AuditEvent
from fazhi.core.workflow import available_transitions
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    CaseStatus,
    DecisionType,
    EventKind,
    Procedure,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.selectors import acceptance_lapsed, acceptance_lapsing
from fazhi.reconsideration.services import (
    case_abandon,
    case_accept,
    case_convert_to_ordinary,
    case_deadline,
    case_deadlines,
    case_decide,
    case_deem_accepted,
    case_extend,
    case_issue_opinion,
    case_receive_correction,
    case_record_copy_sent,
    case_record_opinion_feedback,
    case_record_respondent_answer,
    case_refuse,
    case_request_correction,
    case_resume,
    case_schedule_hearing,
    case_set_procedure,
    case_suspend,
    case_terminate,
)
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from tests.reconsideration.factories import applicant, register

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def organ(tree):
    return tree.county  # 清河县人民政府, 简称 清河


@pytest.fixture
def actor(people):
    return people.legal


def state(case):
    """Everything a refused call must leave as it was."""
    case.refresh_from_db()
    return (
        model_to_dict(case),
        AuditEvent.objects.count(),
        list(Deadline.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
    )


def deadline_of(case, key):
    return case_deadlines(case).filter(rule_key=key).latest("created_at")


def accepted(actor, organ, **kw):
    case = register(actor, organ, **kw).case
    return case_accept(actor=actor, case=case, on=D(2025, 3, 17))


# --- 登记 -------------------------------------------------------------------------------------------


def test_register_numbers_the_case_and_opens_the_5_working_day_review_article_30(actor, organ):
    reg = register(actor, organ, received_on=D(2025, 3, 3))
    case = reg.case
    assert case.case_number == "清河复〔2025〕1号"
    assert case.status == CaseStatus.REVIEW
    assert reg.duplicate_warning is False
    d = case_deadline(case, rules.ACCEPTANCE)
    assert d.due_date == D(2025, 3, 10)
    assert d.citation == "《行政复议法》第三十条"
    assert d.explanation == "自2025-03-03起5个工作日，2025-03-10届满（《行政复议法》第三十条）"
    assert register(
        actor, organ, applicants=[applicant(name="王五", id_number="440605199001011111")]
    ).case.case_number == ("清河复〔2025〕2号")


def test_applicant_id_is_sensitive_and_masked_in_the_audit(actor, organ):
    case = register(actor, organ).case
    a = CaseApplicant.objects.get(case=case)
    assert a.unit_id == organ.pk
    assert CaseApplicant.sensitive_fields == ("id_number", "phone")
    event = AuditEvent.objects.filter(object_id=str(a.pk)).get()
    assert "440605198001011234" not in str(event.changes)


def test_same_applicant_same_act_is_flagged_not_refused(actor, organ):
    first = register(actor, organ).case
    second = register(actor, organ, received_on=D(2025, 3, 4))
    assert second.duplicate_warning is True
    assert second.duplicates == [first]
    other_act = register(
        actor, organ, contested_act="另一处罚决定", act_document_number="清市监罚〔2025〕99号"
    )
    assert other_act.duplicate_warning is False


def test_register_outside_scope_is_refused_and_writes_nothing(people, tree):
    before = (ReconsiderationCase.objects.count(), AuditEvent.objects.count(), Deadline.objects.count())
    with pytest.raises(PermissionDenied):
        register(people.clerk_a, tree.county)
    assert (
        ReconsiderationCase.objects.count(),
        AuditEvent.objects.count(),
        Deadline.objects.count(),
    ) == before


def test_register_requires_an_applicant(actor, organ):
    with pytest.raises(ValidationError, match="请至少填写一名申请人"):
        register(actor, organ, applicants=[])
    assert ReconsiderationCase.objects.count() == 0


# --- 补正 ---------------------------------------------------------------------------------------------


def test_correction_pauses_review_gives_10_working_days_article_31_and_restarts_on_receipt(actor, organ):
    case = register(actor, organ, received_on=D(2025, 3, 3)).case
    case = case_request_correction(
        actor=actor, case=case, on=D(2025, 3, 5), items="身份证明复印件", notice_received_on=D(2025, 3, 6)
    )
    assert case.status == CaseStatus.CORRECTION
    review = case_deadline(case, rules.ACCEPTANCE)
    assert review.due_date is None and review.paused_since == D(2025, 3, 5)
    correction = case_deadline(case, rules.CORRECTION)
    assert correction.due_date == D(2025, 3, 20)
    assert correction.citation == "《行政复议法》第三十一条"

    case = case_receive_correction(actor=actor, case=case, on=D(2025, 3, 12))
    assert case.status == CaseStatus.REVIEW
    review.refresh_from_db()
    assert review.due_date == D(2025, 3, 19)  # 5 working days again from 03-12 (第三十条)
    assert "2025-03-12因收到补正材料重新起算" in review.explanation
    correction.refresh_from_db()
    assert correction.status == DeadlineStatus.MET


def test_correction_is_one_time(actor, organ):
    case = register(actor, organ).case
    case = case_request_correction(actor=actor, case=case, on=D(2025, 3, 4), items="身份证明")
    case = case_receive_correction(actor=actor, case=case, on=D(2025, 3, 6))
    before = state(case)
    with pytest.raises(ValidationError, match="一次性"):
        case_request_correction(actor=actor, case=case, on=D(2025, 3, 7), items="授权委托书")
    assert state(case) == before


def test_no_correction_within_10_working_days_is_abandonment_article_31_2(actor, organ):
    case = register(actor, organ, received_on=D(2025, 3, 3)).case
    case = case_request_correction(actor=actor, case=case, on=D(2025, 3, 5), items="身份证明复印件")
    before = state(case)
    with pytest.raises(ValidationError, match="补正期限尚未届满"):
        case_abandon(actor=actor, case=case, on=D(2025, 3, 19))  # due 2025-03-19
    assert state(case) == before
    case = case_abandon(actor=actor, case=case, on=D(2025, 3, 20))
    assert (case.status, case.abandoned_on) == (CaseStatus.ABANDONED, D(2025, 3, 20))
    assert deadline_of(case, rules.CORRECTION).status == DeadlineStatus.CLOSED
    assert not case_deadlines(case).filter(status=DeadlineStatus.OPEN).exists()
    period = Period.for_year(2025)
    assert evaluate("reconsideration.other_handling", organ, period).value == 1
    assert evaluate("reconsideration.accepted", organ, period).value == 0


def test_workflow_buttons_follow_the_state_and_the_scope(actor, organ, people):
    case = register(actor, organ).case
    assert [t.name for t in available_transitions(case, actor)] == [
        "request_correction",
        "accept",
        "deem_accept",
        "refuse",
    ]
    assert available_transitions(case, people.clerk_b) == []
    assert available_transitions(case, people.leader) == []


# --- 受理、不予受理、视为受理 ---------------------------------------------------------------------------


def test_accept_opens_decision_60_days_article_62_and_copy_7_working_days_article_48(actor, organ):
    case = accepted(actor, organ)
    assert case.status == CaseStatus.ACCEPTED and case.accepted_on == D(2025, 3, 17)
    assert deadline_of(case, rules.ACCEPTANCE).status == DeadlineStatus.MET
    decision = case_deadline(case, rules.DECISION)
    assert (decision.due_date, decision.citation) == (D(2025, 5, 16), "《行政复议法》第六十二条")
    copy = case_deadline(case, rules.RESPONDENT_COPY)
    assert (copy.due_date, copy.citation) == (D(2025, 3, 26), "《行政复议法》第四十八条")


def test_answer_10_working_days_article_48_skips_qingming(actor, organ):
    case = accepted(actor, organ)
    case = case_record_copy_sent(actor=actor, case=case, on=D(2025, 3, 20), received_on=D(2025, 3, 21))
    assert deadline_of(case, rules.RESPONDENT_COPY).status == DeadlineStatus.MET
    answer = case_deadline(case, rules.RESPONDENT_ANSWER)
    assert (answer.due_date, answer.citation) == (D(2025, 4, 7), "《行政复议法》第四十八条")
    case = case_record_respondent_answer(actor=actor, case=case, on=D(2025, 4, 3))
    assert case.answer_received_on == D(2025, 4, 3)
    assert deadline_of(case, rules.RESPONDENT_ANSWER).status == DeadlineStatus.MET


def test_answer_before_copy_is_refused(actor, organ):
    case = accepted(actor, organ)
    before = state(case)
    with pytest.raises(ValidationError, match="尚未登记发送申请书副本"):
        case_record_respondent_answer(actor=actor, case=case, on=D(2025, 3, 20))
    assert state(case) == before


def test_refuse_needs_reason_and_names_competent_organ(actor, organ):
    case = register(actor, organ).case
    before = state(case)
    with pytest.raises(ValidationError, match="须填写理由"):
        case_refuse(actor=actor, case=case, on=D(2025, 3, 5), reason=" ")
    assert state(case) == before
    case = case_refuse(
        actor=actor, case=case, on=D(2025, 3, 5), reason="不属于本机关管辖", competent_organ="扬州市人民政府"
    )
    assert (case.status, case.refused_on, case.competent_organ) == (
        CaseStatus.REFUSED,
        D(2025, 3, 5),
        "扬州市人民政府",
    )
    assert deadline_of(case, rules.ACCEPTANCE).status == DeadlineStatus.MET
    before = state(case)
    with pytest.raises(ValidationError, match="当前状态为“不予受理”，不能执行“受理”"):
        case_accept(actor=actor, case=case, on=D(2025, 3, 6))
    assert state(case) == before


def test_lapsing_review_warns_then_is_deemed_accepted_article_30_3(actor, organ, people):
    case = register(actor, organ, received_on=D(2025, 3, 3)).case  # review ends 2025-03-10
    assert acceptance_lapsing(user=actor, today=D(2025, 3, 4), within=1) == []
    assert [c for c, _d in acceptance_lapsing(user=actor, today=D(2025, 3, 7), within=1)] == [case]
    assert acceptance_lapsing(user=people.admin_other, today=D(2025, 3, 7), within=1) == []
    assert acceptance_lapsed(user=actor, today=D(2025, 3, 10)) == []
    before = state(case)
    with pytest.raises(ValidationError, match="尚未届满"):
        case_deem_accepted(actor=actor, case=case, today=D(2025, 3, 10))
    assert state(case) == before
    assert acceptance_lapsed(user=actor, today=D(2025, 3, 11)) == [case]
    case = case_deem_accepted(actor=actor, case=case, today=D(2025, 3, 11))
    assert (case.status, case.accepted_on, case.deemed_accepted) == (
        CaseStatus.ACCEPTED,
        D(2025, 3, 10),
        True,
    )
    assert deadline_of(case, rules.ACCEPTANCE).status == DeadlineStatus.CLOSED
    assert case_deadline(case, rules.DECISION).due_date == D(2025, 5, 9)


# --- 中止、延期 -------------------------------------------------------------------------------------------


def test_suspension_article_39_stops_the_decision_clock_and_extension_article_62(actor, organ):
    case = accepted(actor, organ)
    case = case_suspend(actor=actor, case=case, on=D(2025, 4, 1), ground=SuspensionGround.OTHER_CASE)
    decision = case_deadline(case, rules.DECISION)
    assert case.status == CaseStatus.SUSPENDED and decision.due_date is None
    case = case_resume(actor=actor, case=case, on=D(2025, 4, 11))
    decision.refresh_from_db()
    assert decision.due_date == D(2025, 5, 26)  # 60 days + 10 days suspended
    case = case_extend(
        actor=actor, case=case, days=30, approver="复议办主任", reason="案情复杂", on=D(2025, 5, 6)
    )
    decision.refresh_from_db()
    assert decision.due_date == D(2025, 6, 25)
    assert "经批准延长 30 日" in decision.explanation
    assert (case.extended_days, case.extension_approver) == (30, "复议办主任")
    before = state(case)
    with pytest.raises(ValidationError, match=r"《行政复议法》第六十二条.*不得超过30日"):
        case_extend(actor=actor, case=case, days=1, approver="复议办主任", reason="再延", on=D(2025, 5, 7))
    assert state(case) == before


def test_suspension_needs_an_article_39_ground(actor, organ):
    case = accepted(actor, organ)
    before = state(case)
    with pytest.raises(ValidationError, match="第三十九条"):
        case_suspend(actor=actor, case=case, on=D(2025, 4, 1), ground="whatever")
    assert state(case) == before


# --- 简易程序 -------------------------------------------------------------------------------------------


def test_simple_procedure_30_days_copy_3_answer_5_no_extension_then_conversion(actor, organ):
    case = register(actor, organ).case
    case = case_set_procedure(
        actor=actor, case=case, procedure=Procedure.SIMPLE, on=D(2025, 3, 4), basis="政府信息公开案件"
    )
    case = case_accept(actor=actor, case=case, on=D(2025, 3, 17))
    decision = case_deadline(case, rules.SIMPLE_DECISION)
    assert (decision.due_date, decision.citation) == (D(2025, 4, 16), "《行政复议法》第六十二条")
    copy = case_deadline(case, rules.SIMPLE_COPY)
    assert (copy.due_date, copy.citation) == (D(2025, 3, 20), "《行政复议法》第五十四条")
    case = case_record_copy_sent(actor=actor, case=case, on=D(2025, 3, 18), received_on=D(2025, 3, 21))
    assert case_deadline(case, rules.SIMPLE_ANSWER).due_date == D(2025, 3, 28)
    before = state(case)
    with pytest.raises(ValidationError, match="简易程序案件不得延期"):
        case_extend(actor=actor, case=case, days=10, approver="主任", reason="复杂", on=D(2025, 3, 25))
    with pytest.raises(ValidationError, match="第五十五条"):
        case_set_procedure(actor=actor, case=case, procedure=Procedure.ORDINARY, on=D(2025, 3, 25))
    with pytest.raises(ValidationError, match="请填写批准人"):
        case_convert_to_ordinary(actor=actor, case=case, on=D(2025, 3, 25), approver="", reason="案情复杂")
    assert state(case) == before
    case = case_convert_to_ordinary(
        actor=actor, case=case, on=D(2025, 3, 25), approver="复议办主任", reason="案情复杂"
    )
    assert case.procedure == Procedure.ORDINARY
    assert deadline_of(case, rules.SIMPLE_DECISION).status == DeadlineStatus.CLOSED
    assert case_deadline(case, rules.DECISION).due_date == D(2025, 5, 16)
    assert CaseEvent.objects.filter(case=case, kind=EventKind.CONVERTED, approver="复议办主任").exists()


def test_acceptance_opens_the_periods_of_the_stored_procedure_not_of_a_stale_copy(actor, organ):
    stale = register(actor, organ).case
    case_set_procedure(
        actor=actor, case=stale, procedure=Procedure.SIMPLE, on=D(2025, 3, 4), basis="政府信息公开案件"
    )
    assert stale.procedure == Procedure.ORDINARY  # the caller's copy predates the change
    case = case_accept(actor=actor, case=stale, on=D(2025, 3, 17))
    assert case_deadline(case, rules.SIMPLE_DECISION).due_date == D(2025, 4, 16)  # 第六十二条: 30日
    assert case_deadline(case, rules.DECISION) is None
    assert case_deadline(case, rules.SIMPLE_COPY) is not None


def test_simple_procedure_needs_the_article_53_basis(actor, organ):
    case = register(actor, organ).case
    before = state(case)
    with pytest.raises(ValidationError, match="第五十三条"):
        case_set_procedure(actor=actor, case=case, procedure=Procedure.SIMPLE, on=D(2025, 3, 4))
    assert state(case) == before


# --- 听证 ---------------------------------------------------------------------------------------------------


def test_hearing_needs_5_working_days_notice_article_51(actor, organ):
    case = accepted(actor, organ)
    before = state(case)
    with pytest.raises(ValidationError, match=r"第五十一条.*不得早于2025-03-31"):
        case_schedule_hearing(
            actor=actor, case=case, notice_on=D(2025, 3, 24), hearing_on=D(2025, 3, 28), place="听证室"
        )
    assert state(case) == before
    event = case_schedule_hearing(
        actor=actor, case=case, notice_on=D(2025, 3, 24), hearing_on=D(2025, 3, 31), place="听证室"
    )
    assert (event.kind, event.on, event.notice_on, event.unit_id) == (
        EventKind.HEARING,
        D(2025, 3, 31),
        D(2025, 3, 24),
        organ.pk,
    )


# --- 结案 ---------------------------------------------------------------------------------------------------


def test_decide_revoke_closes_every_deadline(actor, organ):
    case = accepted(actor, organ)
    case = case_decide(
        actor=actor, case=case, decision_type=DecisionType.REVOKE, decided_on=D(2025, 5, 8), approver="县长"
    )
    assert (case.status, case.closed_on, case.decision_approver, case.closed_late) == (
        CaseStatus.CLOSED,
        D(2025, 5, 8),
        "县长",
        False,
    )
    assert deadline_of(case, rules.DECISION).status == DeadlineStatus.MET
    assert deadline_of(case, rules.RESPONDENT_COPY).status == DeadlineStatus.CLOSED
    assert not case_deadlines(case).filter(status=DeadlineStatus.OPEN).exists()


def test_late_decision_is_marked_overdue(actor, organ):
    case = accepted(actor, organ)
    case = case_decide(
        actor=actor, case=case, decision_type=DecisionType.UPHOLD, decided_on=D(2025, 5, 19), approver="县长"
    )
    assert case.closed_late is True


def test_decide_refusals_change_nothing(actor, organ, people):
    case = accepted(actor, organ)
    before = state(case)
    with pytest.raises(ValidationError, match="请填写批准人"):
        case_decide(
            actor=actor, case=case, decision_type=DecisionType.REVOKE, decided_on=D(2025, 5, 8), approver=""
        )
    with pytest.raises(ValidationError, match="终止审理请使用"):
        case_decide(
            actor=actor,
            case=case,
            decision_type=DecisionType.TERMINATE,
            decided_on=D(2025, 5, 8),
            approver="县长",
        )
    with pytest.raises(PermissionDenied):
        case_decide(
            actor=people.admin_other,
            case=case,
            decision_type=DecisionType.REVOKE,
            decided_on=D(2025, 5, 8),
            approver="县长",
        )
    assert state(case) == before


def test_terminate_on_withdrawal_article_41(actor, organ):
    case = accepted(actor, organ)
    case = case_suspend(actor=actor, case=case, on=D(2025, 4, 1), ground=SuspensionGround.SETTLEMENT)
    case = case_terminate(
        actor=actor,
        case=case,
        on=D(2025, 4, 10),
        ground=TerminationGround.WITHDRAWN_SETTLEMENT,
        approver="主任",
    )
    assert (case.status, case.decision_type, case.closed_on) == (
        CaseStatus.CLOSED,
        DecisionType.TERMINATE,
        D(2025, 4, 10),
    )
    assert not case_deadlines(case).filter(status=DeadlineStatus.OPEN).exists()


def test_terminate_after_60_days_suspension_only_on_article_41_5_grounds(actor, organ):
    case = accepted(actor, organ)
    case = case_suspend(actor=actor, case=case, on=D(2025, 4, 1), ground=SuspensionGround.OTHER_CASE)
    before = state(case)
    with pytest.raises(ValidationError, match="第四十一条第五项"):
        case_terminate(actor=actor, case=case, on=D(2025, 6, 5), ground=TerminationGround.SUSPENSION_LAPSED)
    assert state(case) == before


def test_opinion_feedback_60_days_article_76(actor, organ):
    case = accepted(actor, organ)
    case = case_decide(
        actor=actor,
        case=case,
        decision_type=DecisionType.CONFIRM_ILLEGAL,
        decided_on=D(2025, 5, 8),
        approver="县长",
    )
    case_issue_opinion(actor=actor, case=case, on=D(2025, 6, 3), note="规范执法程序")
    feedback = case_deadline(case, rules.OPINION_FEEDBACK)
    assert (feedback.due_date, feedback.citation) == (D(2025, 8, 4), "《行政复议法》第七十六条")
    assert "末日2025-08-02为休息日，顺延" in feedback.explanation
    case_record_opinion_feedback(actor=actor, case=case, on=D(2025, 7, 20), note="已整改")
    assert deadline_of(case, rules.OPINION_FEEDBACK).status == DeadlineStatus.MET


def test_out_of_scope_actor_cannot_see_the_case(actor, organ, people):
    case = accepted(actor, organ)
    before = state(case)
    with pytest.raises(ReconsiderationCase.DoesNotExist):
        case_extend(actor=people.clerk_a, case=case, days=5, approver="主任", reason="复杂", on=D(2025, 4, 1))
    assert state(case) == before
