"""The certificate's life (RULES.md §5.3): each step, its dates, and each refusal leaving nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from fazhi.core.models import AuditEvent
from fazhi.enforcement import services as s
from fazhi.enforcement.choices import (
    CertificateKind,
    CertificateStatus,
    EventKind,
    IssueReason,
    OfficerStatus,
    PublicState,
    RevocationReason,
)
from fazhi.enforcement.jobs import mark_expired
from fazhi.enforcement.models import CertificateEvent, EnforcementCertificate, EnforcementOfficer
from fazhi.enforcement.selectors import certificate_state
from fazhi.numbering.models import IssuedNumber
from tests.enforcement.factories import D, issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree):
    return make_officer(tree.dept_a, body=make_body(tree.dept_a), name="王执法")


def _fingerprint():
    rows = list(EnforcementCertificate.objects.order_by("pk").values())
    return rows, CertificateEvent.objects.count(), AuditEvent.objects.count(), IssuedNumber.objects.count()


def refused(fn, match: str):
    before = _fingerprint()
    with pytest.raises(ValidationError) as info:
        fn()
    assert match in "；".join(info.value.messages)
    assert _fingerprint() == before
    return info.value


def test_the_whole_path_to_a_card(people, officer):
    card = s.certificate_apply(actor=people.legal, officer=officer, applied_on=D(2025, 1, 6))
    assert card.status == CertificateStatus.APPLIED and card.kind == CertificateKind.ENFORCEMENT
    s.certificate_approve(actor=people.legal, certificate=card, on=D(2025, 1, 10))
    s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2025, 2, 20), score=Decimal("59.5"))
    card.refresh_from_db()
    assert card.status == CertificateStatus.FAILED and card.exam_score == Decimal("59.5")
    s.certificate_retake(actor=people.legal, certificate=card, on=D(2025, 2, 21))
    s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2025, 2, 27), score=60)
    card.refresh_from_db()
    assert card.status == CertificateStatus.PASSED
    s.certificate_issue(actor=people.legal, certificate=card, on=D(2025, 3, 3))
    card.refresh_from_db()
    assert card.status == CertificateStatus.VALID
    # numbered by the county government (清河) from the numbering engine; five years; review yearly
    assert card.number == "清河执202500001"
    assert card.issued_number.text == card.number and card.issued_number.unit.code == "qh"
    assert card.expires_on == D(2030, 3, 2)
    assert card.review_due_on == D(2026, 3, 3)
    kinds = list(card.events.values_list("kind", "passed"))
    assert kinds == [
        (EventKind.APPLIED, None),
        (EventKind.APPROVED, None),
        (EventKind.EXAM, False),
        (EventKind.RETAKE, None),
        (EventKind.EXAM, True),
        (EventKind.ISSUED, None),
    ]
    transitions = AuditEvent.objects.filter(object_id=str(card.pk), action="transition").order_by("seq")
    assert [t.changes["status"][1] for t in transitions] == [
        "training",
        "failed",
        "training",
        "passed",
        "valid",
    ]
    assert transitions.last().changes["number"] == ["", "清河执202500001"]


@override_settings(FAZHI_ENFORCEMENT_PASS_SCORE=70, FAZHI_ENFORCEMENT_VALIDITY_YEARS=3)
def test_pass_line_and_validity_are_settings(people, officer):
    card = s.certificate_apply(actor=people.legal, officer=officer, applied_on=D(2024, 1, 2))
    s.certificate_approve(actor=people.legal, certificate=card, on=D(2024, 1, 3))
    s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2024, 1, 20), score=69)
    card.refresh_from_db()
    assert card.status == CertificateStatus.FAILED
    s.certificate_retake(actor=people.legal, certificate=card, on=D(2024, 1, 21))
    s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2024, 2, 1), score=70)
    s.certificate_issue(actor=people.legal, certificate=card, on=D(2024, 2, 29))
    card.refresh_from_db()
    assert card.expires_on == D(2027, 2, 27)  # 29 Feb → 28 Feb 2027, the day before
    assert card.review_due_on == D(2025, 2, 28)


def test_apply_refusals(people, officer):
    issued_card(people.legal, officer)
    refused(
        lambda: s.certificate_apply(actor=people.legal, officer=officer, applied_on=D(2025, 4, 1)),
        "不能重复申领",
    )
    # a supervision card is a different kind: allowed
    s.certificate_apply(
        actor=people.legal, officer=officer, applied_on=D(2025, 4, 1), kind=CertificateKind.SUPERVISION
    )
    gone = make_officer(officer.unit, body=officer.body, name="李退休", status=OfficerStatus.RETIRED)
    refused(
        lambda: s.certificate_apply(actor=people.legal, officer=gone, applied_on=D(2025, 4, 1)),
        "人员状态为“退休”",
    )


def test_steps_out_of_order_are_refused(people, officer):
    card = s.certificate_apply(actor=people.legal, officer=officer, applied_on=D(2025, 1, 6))
    refused(
        lambda: s.certificate_issue(actor=people.legal, certificate=card, on=D(2025, 3, 3)), "不能执行“发证”"
    )
    refused(
        lambda: s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2025, 3, 3), score=90),
        "不能执行“登记考试成绩（合格）”",
    )
    refused(lambda: s.certificate_approve(actor=people.legal, certificate=card, on=D(2025, 1, 1)), "不能早于")
    s.certificate_approve(actor=people.legal, certificate=card, on=D(2025, 1, 7))
    refused(
        lambda: s.certificate_record_exam(actor=people.legal, certificate=card, on=D(2025, 2, 1), score=101),
        "0 到 100",
    )


def test_a_clerk_cannot_issue_and_nothing_changes(people, officer):
    card = issued_card(people.legal, officer)
    before = _fingerprint()
    with pytest.raises(PermissionDenied):
        s.certificate_suspend(actor=people.clerk_a, certificate=card, on=D(2025, 5, 1), reason="违法执法")
    assert _fingerprint() == before


def test_annual_review(people, officer):
    card = issued_card(people.legal, officer)  # review due 2026-03-03
    refused(
        lambda: s.certificate_review(actor=people.legal, certificate=card, on=D(2025, 10, 1)), "起方可年审"
    )
    assert certificate_state(card, D(2026, 3, 3)) == PublicState.VALID
    assert certificate_state(card, D(2026, 3, 4)) == PublicState.REVIEW_OVERDUE
    s.certificate_review(actor=people.legal, certificate=card, on=D(2026, 4, 1), note="考核合格")
    card.refresh_from_db()
    # late review: the cycle keeps its anniversary
    assert card.review_due_on == D(2027, 3, 3) and card.last_reviewed_on == D(2026, 4, 1)
    assert certificate_state(card, D(2026, 4, 1)) == PublicState.VALID
    refused(
        lambda: s.certificate_review(actor=people.legal, certificate=card, on=D(2030, 3, 3)), "请办理换证"
    )


def test_suspend_and_restore(people, officer):
    card = issued_card(people.legal, officer)
    refused(
        lambda: s.certificate_suspend(actor=people.legal, certificate=card, on=D(2025, 5, 1), reason=""),
        "须填写理由",
    )
    refused(
        lambda: s.certificate_suspend(
            actor=people.legal, certificate=card, on=D(2025, 5, 1), reason="违规", until=D(2025, 4, 1)
        ),
        "不能早于暂扣日期",
    )
    s.certificate_suspend(
        actor=people.legal, certificate=card, on=D(2025, 5, 1), reason="违规执法", until=D(2025, 8, 1)
    )
    card.refresh_from_db()
    assert card.status == CertificateStatus.SUSPENDED and card.suspension_reason == "违规执法"
    assert certificate_state(card, D(2025, 6, 1)) == PublicState.SUSPENDED
    refused(
        lambda: s.certificate_review(actor=people.legal, certificate=card, on=D(2026, 3, 1)), "不能执行“年审”"
    )
    s.certificate_restore(actor=people.legal, certificate=card, on=D(2025, 8, 1))
    card.refresh_from_db()
    assert card.status == CertificateStatus.VALID and card.suspended_until is None


def test_daily_job_marks_expired_cards_as_the_system(people, officer):
    card = issued_card(people.legal, officer, on=D(2020, 3, 3))  # valid to 2025-03-02
    other = issued_card(
        people.legal, make_officer(officer.unit, body=officer.body, name="赵"), on=D(2021, 3, 3)
    )
    report = mark_expired(on=D(2025, 3, 3))
    assert report.expired == [card.number]
    card.refresh_from_db()
    assert card.status == CertificateStatus.EXPIRED and card.ended_on == D(2025, 3, 3)
    event = AuditEvent.objects.filter(object_id=str(card.pk), action="transition").latest("seq")
    assert event.actor is None and event.changes["status"] == ["valid", "expired"]
    assert mark_expired(on=D(2025, 3, 3)).expired == []  # idempotent
    other.refresh_from_db()
    assert other.status == CertificateStatus.VALID
    refused(lambda: s.certificate_expire(actor=None, certificate=other, on=D(2025, 3, 3)), "尚未届满")


def test_renewal(people, officer):
    card = issued_card(people.legal, officer, on=D(2020, 3, 3))  # valid to 2025-03-02, review due 2021-03-03
    refused(lambda: s.certificate_renew(actor=people.legal, certificate=card, on=D(2024, 6, 1)), "起方可换证")
    # review overdue within validity: review first
    refused(lambda: s.certificate_renew(actor=people.legal, certificate=card, on=D(2025, 1, 2)), "请先年审")
    mark_expired(on=D(2025, 3, 10))
    new = s.certificate_renew(actor=people.legal, certificate=card, on=D(2025, 3, 10))
    card.refresh_from_db()
    assert card.status == CertificateStatus.SUPERSEDED and card.ended_on == D(2025, 3, 10)
    assert new.status == CertificateStatus.VALID and new.issue_reason == IssueReason.RENEWAL
    assert new.previous == card and new.number == "清河执202500001" != card.number == "清河执202000001"
    assert new.expires_on == D(2030, 3, 9) and new.review_due_on == D(2026, 3, 10)
    assert certificate_state(card, D(2025, 3, 10)) == PublicState.SUPERSEDED


def test_renewal_refused_for_an_officer_who_left(people, officer):
    card = issued_card(people.legal, officer, on=D(2020, 3, 3))
    EnforcementOfficer.objects.filter(pk=officer.pk).update(status=OfficerStatus.TRANSFERRED)
    refused(lambda: s.certificate_renew(actor=people.legal, certificate=card, on=D(2025, 3, 10)), "应当注销")


def test_replacement_voids_the_old_number(people, officer):
    card = issued_card(people.legal, officer)
    refused(
        lambda: s.certificate_replace(actor=people.legal, certificate=card, on=D(2025, 6, 1), reason=""),
        "须填写理由",
    )
    new = s.certificate_replace(
        actor=people.legal, certificate=card, on=D(2025, 6, 1), reason="遗失，已登报声明作废"
    )
    card.refresh_from_db()
    assert card.status == CertificateStatus.VOID
    assert card.issued_number.status == "voided"
    assert new.issue_reason == IssueReason.REPLACEMENT and new.number != card.number
    assert (new.expires_on, new.review_due_on) == (card.expires_on, card.review_due_on)
    assert certificate_state(card, D(2025, 6, 2)) == PublicState.VOID


def test_revocation_updates_the_roster(people, officer):
    card = issued_card(people.legal, officer)
    refused(
        lambda: s.certificate_revoke(
            actor=people.legal, certificate=card, on=D(2025, 6, 1), reason=RevocationReason.OTHER
        ),
        "须说明具体情况",
    )
    s.certificate_revoke(
        actor=people.legal, certificate=card, on=D(2025, 6, 1), reason=RevocationReason.RETIRED
    )
    card.refresh_from_db()
    officer.refresh_from_db()
    assert card.status == CertificateStatus.REVOKED and card.revocation_reason == RevocationReason.RETIRED
    assert officer.status == OfficerStatus.RETIRED
    assert certificate_state(card, D(2025, 6, 2)) == PublicState.REVOKED
    refused(
        lambda: s.certificate_restore(actor=people.legal, certificate=card, on=D(2025, 7, 1)),
        "不能执行“发还”",
    )


def test_withdraw_application(people, officer):
    card = s.certificate_apply(actor=people.clerk_a, officer=officer, applied_on=D(2025, 1, 6))
    s.certificate_withdraw(actor=people.clerk_a, certificate=card, on=D(2025, 1, 8), reason="调整岗位")
    card.refresh_from_db()
    assert card.status == CertificateStatus.WITHDRAWN
    # a new application is possible again
    s.certificate_apply(actor=people.clerk_a, officer=officer, applied_on=D(2025, 2, 6))


def test_issue_needs_the_right_to_number_for_the_government(people, officer):
    """admin_a (at the department) may approve there, but the county government numbers the cards."""
    card = s.certificate_apply(actor=people.admin_a, officer=officer, applied_on=D(2025, 1, 6))
    s.certificate_approve(actor=people.admin_a, certificate=card, on=D(2025, 1, 7))
    s.certificate_record_exam(actor=people.admin_a, certificate=card, on=D(2025, 2, 7), score=80)
    refused(lambda: s.certificate_issue(actor=people.admin_a, certificate=card, on=D(2025, 3, 3)), "统一编制")
