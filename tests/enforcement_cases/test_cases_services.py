# ruff: noqa: F811 (the crew fixture is imported)
"""The case procedure through its services: every gate refuses and changes nothing; deadlines come from the
calendar engine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.models import AuditEvent
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import (
    CaseStatus,
    DecisionKind,
    ExecutionManner,
    ItemStatus,
    OfficerRole,
    PenaltyKind,
    Procedure,
    ReviewResult,
    Stage,
)
from fazhi.enforcement.cases.models import CaseOfficer, CaseRecord, EnforcementCase, LegalReview
from fazhi.enforcement.cases.selectors import published_late
from fazhi.workdays.choices import DeadlineStatus
from tests.enforcement_cases.test_cases_support import (  # noqa: F401
    D,
    crew,
    decide,
    major_reviewed,
    register,
)

pytestmark = pytest.mark.django_db


def refused(fn, *fragments) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        fn()
    text = "；".join(info.value.messages)
    for fragment in fragments:
        assert fragment in text, text
    return info.value


def state(case) -> dict:
    """What a refusal must leave untouched: the stored row, its children and the audit trail."""
    fresh = EnforcementCase.objects.get(pk=case.pk)
    return {
        "row": {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields},
        "officers": sorted(CaseOfficer.objects.filter(case=case).values_list("officer_id", "role")),
        "reviews": list(LegalReview.objects.filter(case=case).values_list("result", "reviewed_on")),
        "records": CaseRecord.objects.filter(case=case).count(),
        "audit": AuditEvent.objects.count(),
    }


# --- 立案 --------------------------------------------------------------------------------------------


def test_register_numbers_assigns_and_opens_the_decision_period(people, crew):
    case = register(people.clerk_a, crew)
    assert case.number == "清市监罚立〔2025〕1号"
    assert case.status == CaseStatus.FILED
    assert case.unit == crew.body.unit
    # 90 日 from 2025-04-07 is 2025-07-06, a Sunday: the engine moves it to Monday 2025-07-07 (第六十条)
    assert case.decision_due_on == D(2025, 7, 7)
    rows = {r.officer.name: r for r in CaseOfficer.objects.filter(case=case).select_related("officer")}
    assert rows["甲"].role == OfficerRole.LEAD and rows["乙"].role == OfficerRole.ASSIST
    assert rows["甲"].certificate_number == crew.o["甲"].certificates.get().number
    deadline = s.case_deadline(case, rules.DECISION)
    assert deadline.due_date == D(2025, 7, 7)
    assert "《行政处罚法》第六十条" in deadline.explanation
    assert register(people.clerk_a, crew).number == "清市监罚立〔2025〕2号"


@pytest.mark.parametrize(
    ("officers", "fragments"),
    [
        (("甲",), ("第四十二条", "不得少于两人")),
        (("甲", "丁"), ("丁：未取得行政执法证",)),
        (("甲", "戊"), ("戊：行政执法证", "已被暂扣")),
    ],
)
def test_register_refuses_without_two_usable_officers(people, crew, officers, fragments):
    before = EnforcementCase.objects.count(), AuditEvent.objects.count()
    refused(lambda: register(people.clerk_a, crew, officers=officers), *fragments)
    assert (EnforcementCase.objects.count(), AuditEvent.objects.count()) == before


def test_register_refuses_officers_certified_only_later_and_retired_items(people, crew):
    before = EnforcementCase.objects.count(), AuditEvent.objects.count()
    refused(lambda: register(people.clerk_a, crew, filed_on=D(2025, 3, 1)), "未取得行政执法证")
    crew.other_item.status = ItemStatus.RETIRED
    crew.other_item.save()
    refused(lambda: register(people.clerk_a, crew, item=crew.other_item), "已取消")
    assert (EnforcementCase.objects.count(), AuditEvent.objects.count()) == before


def test_reassign_goes_through_the_same_gate(people, crew):
    case = register(people.clerk_a, crew)
    before = state(case)
    refused(
        lambda: s.case_reassign(
            actor=people.clerk_a,
            case=case,
            officers=[crew.o["甲"], crew.o["戊"]],
            lead=crew.o["甲"],
            on=D(2025, 5, 2),
        ),
        "已被暂扣",
    )
    assert state(case) == before
    s.case_reassign(
        actor=people.clerk_a,
        case=case,
        officers=[crew.o["乙"], crew.o["丙"]],
        lead=crew.o["丙"],
        on=D(2025, 5, 2),
    )
    assert sorted(CaseOfficer.objects.filter(case=case).values_list("officer__name", "role")) == [
        ("丙", OfficerRole.LEAD),
        ("乙", OfficerRole.ASSIST),
    ]


# --- 告知 and 听证 -------------------------------------------------------------------------------------


def test_hearing_request_window_is_five_working_days_and_later_is_refused(people, crew):
    case = register(people.clerk_a, crew)
    # 告知 on Wednesday 2025-04-30: the May-Day holidays (05-01…05-05) do not count → 2025-05-12 (Mon)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 4, 30))
    case.refresh_from_db()
    assert case.hearing_request_until == D(2025, 5, 12)
    before = state(case)
    refused(
        lambda: s.case_request_hearing(actor=people.clerk_a, case=case, on=D(2025, 5, 13)),
        "第六十四条第一项",
        "2025-05-12",
    )
    assert state(case) == before
    s.case_request_hearing(actor=people.clerk_a, case=case, on=D(2025, 5, 12))
    case.refresh_from_db()
    assert case.status == CaseStatus.HEARING


def test_short_hearing_notice_is_recorded_with_a_warning(people, crew):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    s.case_request_hearing(actor=people.clerk_a, case=case, on=D(2025, 5, 7))
    warnings = s.case_hold_hearing(
        actor=people.clerk_a, case=case, notice_on=D(2025, 5, 8), hearing_on=D(2025, 5, 12)
    )
    assert warnings and "第六十四条第二项" in warnings[0]
    case.refresh_from_db()
    assert case.hearing_on == D(2025, 5, 12)
    assert "第六十四条第二项" in AuditEvent.objects.filter(object_id=str(case.pk)).latest("created_at").note


def test_a_case_with_a_hearing_needs_a_passed_review(people, crew):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    s.case_request_hearing(actor=people.clerk_a, case=case, on=D(2025, 5, 7))
    before = state(case)
    refused(lambda: decide(people.clerk_a, case, crew), "第六十四条", "组织听证")
    assert state(case) == before
    s.case_hold_hearing(actor=people.clerk_a, case=case, notice_on=D(2025, 5, 8), hearing_on=D(2025, 5, 19))
    before = state(case)
    refused(lambda: decide(people.clerk_a, case, crew), "第五十八条", "经过听证程序", "不得作出决定")
    assert state(case) == before


# --- 延期 ----------------------------------------------------------------------------------------------


def test_extension_moves_the_due_day_through_the_engine_and_is_audited(people, crew):
    case = register(people.clerk_a, crew)
    refused(
        lambda: s.case_extend(
            actor=people.clerk_a, case=case, days=30, reason="", approver="", on=D(2025, 6, 30)
        ),
        "第六十条",
    )
    s.case_extend(
        actor=people.clerk_a, case=case, days=30, reason="案情复杂", approver="局长 李某", on=D(2025, 6, 30)
    )
    case.refresh_from_db()
    # 2025-04-07 + 120 日 = 2025-08-05 (Tuesday)
    assert case.decision_due_on == D(2025, 8, 5) == s.case_deadline(case, rules.DECISION).due_date
    assert case.extension_days == 30 and case.extension_approver == "局长 李某"
    event = AuditEvent.objects.filter(object_id=str(case.pk), note__contains="批准延长").get()
    assert "decision_due_on" in event.changes


# --- 法制审核 and 决定 -------------------------------------------------------------------------------------


def test_major_case_cannot_be_decided_without_a_passed_review(people, crew):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    refused(lambda: s.case_mark_major(actor=people.clerk_a, case=case, grounds=[]), "第五十八条第一款")
    s.case_mark_major(actor=people.clerk_a, case=case, grounds=["complex"])
    before = state(case)
    error = refused(
        lambda: decide(people.clerk_a, case, crew),
        "依照《中华人民共和国行政处罚法》第五十八条",
        "未经法制审核或者审核未通过的，不得作出决定",
        "尚未进行法制审核",
    )
    assert error.code == "legal_review"
    assert state(case) == before

    s.case_submit_review(actor=people.clerk_a, case=case, on=D(2025, 5, 10))
    s.case_record_review(
        actor=people.legal,
        case=case,
        result=ReviewResult.RETURNED,
        reviewed_on=D(2025, 5, 12),
        reviewer_name="周某",
        reviewer_qualified=True,
        opinion="补充询问笔录",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFIED
    before = state(case)
    refused(lambda: decide(people.clerk_a, case, crew), "退回补充调查", "不得作出决定")
    assert state(case) == before

    s.case_submit_review(actor=people.clerk_a, case=case, on=D(2025, 5, 14))
    review, warnings = s.case_record_review(
        actor=people.legal,
        case=case,
        result=ReviewResult.PASSED,
        reviewed_on=D(2025, 5, 15),
        reviewer_name="吴某",
        reviewer_qualified=False,
    )
    assert warnings and "第五十八条第二款" in warnings[0]  # recorded, with a warning
    assert review.reviewer_qualified is False
    decide(people.clerk_a, case, crew)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


def test_fine_outside_the_band_and_standard_of_another_item_are_refused(people, crew):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    before = state(case)
    refused(lambda: decide(people.clerk_a, case, crew, fine=Decimal("12000")), "5000.00 元至 10000.00 元")
    refused(lambda: decide(people.clerk_a, case, crew, standard=crew.foreign), "不属于本案执法事项")
    refused(
        lambda: decide(people.clerk_a, case, crew, penalty_kinds=[PenaltyKind.FINE], fine=None),
        "请填写罚没金额",
    )
    assert state(case) == before
    decide(people.clerk_a, case, crew, fine=Decimal("12000"), standard=crew.heavier)
    case.refresh_from_db()
    assert case.fine_amount == Decimal("12000") and case.standard == crew.heavier


def test_penalty_needs_notification_first(people, crew):
    case = register(people.clerk_a, crew)
    before = state(case)
    refused(lambda: decide(people.clerk_a, case, crew), "第四十四条", "尚未告知")
    assert state(case) == before


def test_late_decision_is_flagged_and_publication_due_skips_national_day(people, crew):
    case = register(people.clerk_a, crew, filed_on=D(2025, 6, 20))  # due 2025-09-18
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 9, 15))
    decide(people.clerk_a, case, crew, on=D(2025, 9, 30))
    case.refresh_from_db()
    assert case.decided_late is True
    # 7 working days after 2025-09-30: 10-01…10-08 are 国庆、中秋 holidays, 10-11 (Sat) is a 调休 workday
    assert case.publication_due_on == D(2025, 10, 16)
    assert s.case_deadline(case, rules.DECISION) is None  # closed
    assert s.case_deadlines(case).get(rule_key=rules.DECISION).status == DeadlineStatus.MET
    assert s.case_deadline(case, rules.PUBLICATION_PENALTY).due_date == D(2025, 10, 16)


def test_no_penalty_decision_is_published_within_twenty_working_days(people, crew):
    case = register(people.clerk_a, crew)
    s.case_decide(
        actor=people.clerk_a,
        case=case,
        decision_kind=DecisionKind.NO_PENALTY,
        decided_on=D(2025, 9, 30),
        decision_number="清市监不罚〔2025〕1号",
        approver="局长 李某",
    )
    case.refresh_from_db()
    assert (
        case.publication_due_on == rules.period(rules.PUBLICATION_OTHER, D(2025, 9, 30)).due == D(2025, 11, 4)
    )


def test_summary_procedure_fine_limit(people, crew):
    case = register(people.clerk_a, crew, procedure=Procedure.SUMMARY, party_kind="person", party_name="张三")
    assert case.decision_due_on is None
    refused(lambda: decide(people.clerk_a, case, crew, fine=Decimal("5000")), "第五十一条")


# --- 公示 and 撤回 ---------------------------------------------------------------------------------------


def _decided(people, crew, **extra):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    decide(people.clerk_a, case, crew, **extra)
    case.refresh_from_db()
    return case


def test_publication_refuses_personal_data_and_flags_late(people, crew):
    case = _decided(people, crew)  # decided 2025-05-20, due 2025-05-29
    assert case.publication_due_on == D(2025, 5, 29)
    before = state(case)
    refused(
        lambda: s.case_publish(
            actor=people.clerk_a,
            case=case,
            published_on=D(2025, 5, 22),
            public_summary="当事人张三（440605198001011234，电话13800138000）",
        ),
        "身份证号码",
        "联系电话",
    )
    assert state(case) == before
    s.case_publish(actor=people.clerk_a, case=case, published_on=D(2025, 6, 3), public_summary="罚款八千元")
    case.refresh_from_db()
    assert case.published_on == D(2025, 6, 3) and published_late(case)
    assert s.case_deadlines(case).get(rule_key=rules.PUBLICATION_PENALTY).met_late


def test_withdrawal_within_three_working_days_after_the_change(people, crew):
    case = _decided(people, crew)
    s.case_publish(actor=people.clerk_a, case=case, published_on=D(2025, 5, 22), public_summary="罚款八千元")
    refused(
        lambda: s.case_withdraw_publication(
            actor=people.clerk_a, case=case, withdrawn_on=D(2025, 9, 1), reason="被撤销"
        ),
        "请先登记",
    )
    s.case_decision_changed(actor=people.clerk_a, case=case, on=D(2025, 9, 30), what="经行政复议被撤销")
    case.refresh_from_db()
    assert case.withdrawal_due_on == D(2025, 10, 11)  # 3 working days: 国庆 skipped, 10-11 a 调休 workday
    s.case_withdraw_publication(actor=people.clerk_a, case=case, withdrawn_on=D(2025, 10, 9), reason="")
    case.refresh_from_db()
    assert case.withdrawn_on == D(2025, 10, 9) and case.withdrawal_reason == "经行政复议被撤销"


# --- 送达、执行、结案 with the 全过程记录 --------------------------------------------------------------------


def _upload(name="笔录.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def test_closure_refused_while_records_are_missing(people, crew):
    case = _decided(people, crew)
    s.case_serve(actor=people.clerk_a, case=case, on=D(2025, 5, 22))
    s.case_execute(actor=people.clerk_a, case=case, manner=ExecutionManner.VOLUNTARY, on=D(2025, 6, 5))
    s.record_add(
        actor=people.clerk_a,
        case=case,
        stage=Stage.START,
        kind="立案审批表",
        made_on=D(2025, 4, 7),
        file=_upload(),
    )
    before = state(case)
    error = refused(
        lambda: s.case_close(actor=people.clerk_a, case=case, on=D(2025, 6, 6)),
        "第四十七条",
        "调查取证：现场检查（勘验）笔录或询问笔录",
        "决定：行政处罚决定书",
        "送达：",
        "执行：罚没款缴纳凭证或执行记录",
    )
    assert error.code == "records_missing"
    assert "立案审批表" not in "；".join(error.messages)
    assert state(case) == before
    for stage, kind in (
        (Stage.INVESTIGATION, "询问笔录"),
        (Stage.DECISION, "行政处罚决定书"),
        (Stage.SERVICE, "送达回证"),
        (Stage.EXECUTION, "罚没款缴纳凭证"),
    ):
        s.record_add(
            actor=people.clerk_a, case=case, stage=stage, kind=kind, made_on=D(2025, 6, 5), file=_upload()
        )
    s.case_close(actor=people.clerk_a, case=case, on=D(2025, 6, 6))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_record_hash_from_the_upload_or_given_for_audio_video(people, crew):
    case = register(people.clerk_a, crew)
    record = s.record_add(
        actor=people.clerk_a,
        case=case,
        stage=Stage.START,
        kind="立案审批表",
        made_on=D(2025, 4, 7),
        file=_upload(),
    )
    assert len(record.sha256) == 64 and record.sha256 == record.attachment.sha256
    before = state(case)
    refused(
        lambda: s.record_add(
            actor=people.clerk_a,
            case=case,
            stage=Stage.INVESTIGATION,
            kind="音像记录",
            form="audio_video",
            made_on=D(2025, 4, 8),
            storage_ref="执法记录仪/2025/0408-01.mp4",
            sha256="abc",
        ),
        "SHA-256",
    )
    assert state(case) == before
    av = s.record_add(
        actor=people.clerk_a,
        case=case,
        stage=Stage.INVESTIGATION,
        kind="音像记录",
        form="audio_video",
        made_on=D(2025, 4, 8),
        storage_ref="执法记录仪/2025/0408-01.mp4",
        sha256="A" * 64,
    )
    assert av.sha256 == "a" * 64 and av.attachment is None


def test_drop_ends_the_open_deadlines(people, crew):
    case = register(people.clerk_a, crew)
    refused(lambda: s.case_drop(actor=people.clerk_a, case=case, on=D(2025, 4, 20), reason=""), "理由")
    s.case_drop(actor=people.clerk_a, case=case, on=D(2025, 4, 20), reason="违法事实不成立")
    case.refresh_from_db()
    assert case.status == CaseStatus.DROPPED
    assert s.case_deadlines(case).get().status == DeadlineStatus.CLOSED


def test_bulk_created_case_without_deadlines_still_works(people, crew):
    from tests.enforcement_cases.factories import make_case

    case = make_case(crew.body.unit, crew.item, filed_on=D(2025, 4, 7))
    s.case_extend(actor=people.clerk_a, case=case, days=10, reason="复杂", approver="李某", on=D(2025, 5, 1))
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    decide(people.clerk_a, case, crew)
    case.refresh_from_db()
    assert case.decision_due_on == D(2025, 7, 16) and case.decided_late is False


def test_out_of_scope_user_cannot_act(people, crew):
    case = register(people.clerk_a, crew)
    with pytest.raises(EnforcementCase.DoesNotExist):
        s.case_notify(actor=people.clerk_b, case=case, on=D(2025, 5, 6))


def test_major_reviewed_helper_passes(people, crew):
    case = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=case, on=D(2025, 5, 6))
    major_reviewed(people.clerk_a, case)
    decide(people.clerk_a, case, crew)
    assert EnforcementCase.objects.get(pk=case.pk).status == CaseStatus.DECIDED
