"""The daily 视为受理 task (第三十条第三款), the reminder before it happens, and the home-page panel."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.jobs.daily import daily_tasks, forget_runs, run_due_daily
from fazhi.reconsideration import rules
from fazhi.reconsideration import selectors as rc_selectors
from fazhi.reconsideration.choices import CaseStatus
from fazhi.reconsideration.jobs import DEEM_ACCEPTED_HOUR, deem_lapsed_accepted
from fazhi.reconsideration.selectors import home_attention
from fazhi.reconsideration.services import case_accept, case_deadline, case_deadlines
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.reminders import send_reminders
from tests.factories import make_user
from tests.reconsideration.factories import applicant, register

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(tree, people):
    """Received on Monday 03-03 (review due Monday 03-10) and on Wednesday 03-05 (due Wednesday 03-12)."""
    early = register(people.legal, tree.county, received_on=D(2025, 3, 3)).case
    late = register(
        people.legal,
        tree.county,
        received_on=D(2025, 3, 5),
        applicants=[applicant(name="李四", id_number="440605198202021234")],
        contested_act="另一行政处罚决定",
        act_document_number="清市监罚〔2025〕13号",
    ).case
    return early, late


def test_deems_only_lapsed_reviews_accepted_from_the_last_day(two_cases):
    early, late = two_cases
    assert deem_lapsed_accepted(on=D(2025, 3, 10)).deemed == []  # the last day itself is still in time
    report = deem_lapsed_accepted(on=D(2025, 3, 11))
    assert report.deemed == [early.case_number]
    assert "第三十条第三款视为受理" in report.summary()
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, early.deemed_accepted, early.accepted_on) == (
        CaseStatus.ACCEPTED,
        True,
        D(2025, 3, 10),
    )
    assert late.status == CaseStatus.REVIEW
    review = case_deadlines(early).get(rule_key=rules.ACCEPTANCE)
    assert review.status != DeadlineStatus.OPEN
    decision = case_deadline(early, rules.DECISION)
    assert decision is not None and decision.start_date == D(2025, 3, 10)  # 60日 from 视为受理 (第六十二条)


def test_audited_as_the_system(two_cases):
    early, _late = two_cases
    deem_lapsed_accepted(on=D(2025, 3, 11))
    event = AuditEvent.objects.filter(object_id=str(early.pk), action=AuditAction.TRANSITION).latest("seq")
    assert event.actor is None and event.actor_name == ""  # shown as 系统
    assert event.changes["status"] == [CaseStatus.REVIEW, CaseStatus.ACCEPTED]
    assert "审查期限届满" in event.note


def test_idempotent_second_run_does_nothing(two_cases):
    deem_lapsed_accepted(on=D(2025, 3, 13))
    events = AuditEvent.objects.count()
    report = deem_lapsed_accepted(on=D(2025, 3, 13))
    assert report.deemed == [] and report.failed == []
    assert AuditEvent.objects.count() == events


def test_decided_cases_are_left_alone(two_cases, people):
    early, _late = two_cases
    case_accept(actor=people.legal, case=early, on=D(2025, 3, 7))
    assert deem_lapsed_accepted(on=D(2025, 3, 20)).deemed == [two_cases[1].case_number]
    early.refresh_from_db()
    assert early.deemed_accepted is False and early.accepted_on == D(2025, 3, 7)


def test_registered_as_a_daily_task_after_one_o_clock(two_cases):
    task = next(t for t in daily_tasks() if t.name == "reconsideration.deem_accepted")
    assert task.hour == DEEM_ACCEPTED_HOUR == 1
    forget_runs()
    now = timezone.make_aware(datetime.datetime(2025, 3, 11, 1, 30))
    assert "reconsideration.deem_accepted" in run_due_daily(now)
    assert two_cases[0].__class__.objects.get(pk=two_cases[0].pk).status == CaseStatus.ACCEPTED
    forget_runs()


def test_handler_is_reminded_before_the_review_lapses(tree, people):
    """The deadline engine's daily mail covers the acceptance deadline: the handler is warned in time."""
    handler = make_user("handler", tree.county, "legal_staff", email="handler@example.cn")
    case = register(people.legal, tree.county, received_on=D(2025, 3, 3), handler=handler).case
    review = case_deadline(case, rules.ACCEPTANCE)
    assert review.responsible == handler
    send_reminders(on=D(2025, 3, 6))  # due 03-10: within 3 working days
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert case.case_number in body and "行政复议受理审查" in body and "2025-03-10" in body


# --- the home-page panel -----------------------------------------------------------------------------


def test_home_attention_lists_overdue_and_lapsing_reviews(two_cases, people):
    early, late = two_cases
    attention = home_attention(user=people.legal, today=D(2025, 3, 10))
    assert attention.overdue_total == 0
    assert [d.object_id for d in attention.lapsing] == [str(early.pk), str(late.pk)]
    attention = home_attention(user=people.legal, today=D(2025, 3, 11))
    assert [d.object_id for d in attention.overdue] == [str(early.pk)]
    assert [d.object_id for d in attention.lapsing] == [str(late.pk)]
    assert home_attention(user=people.admin_other, today=D(2025, 3, 11)).empty
    assert home_attention(user=people.clerk_b, today=D(2025, 3, 11)).empty


def test_home_page_panel_shown_when_due_and_scoped(two_cases, people, login, monkeypatch):
    early, _late = two_cases
    monkeypatch.setattr(rc_selectors, "workdays_today", lambda: D(2025, 3, 11))
    body = login(people.legal).get(reverse("home")).content.decode()
    assert 'data-testid="reconsideration-panel"' in body
    assert "已逾期 1 项" in body and "受理审查期限将届满 1 件" in body and "第三十条第三款" in body
    assert reverse("reconsideration:detail", args=[early.pk]) in body
    assert reverse("reconsideration:board") in body
    other = login(people.admin_other).get(reverse("home")).content.decode()
    assert 'data-testid="reconsideration-panel"' not in other


def test_home_page_panel_absent_when_nothing_is_due(two_cases, people, login, monkeypatch):
    monkeypatch.setattr(rc_selectors, "workdays_today", lambda: D(2025, 3, 3))
    body = login(people.legal).get(reverse("home")).content.decode()
    assert 'data-testid="reconsideration-panel"' not in body
