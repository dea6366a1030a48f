"""Validity: the evaluation window (有效期届满前6个月), evaluations (继续实施 renews), the daily 失效 of
documents past their last day in force (as the system, audited), and the home-page panel."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.jobs.daily import daily_tasks, forget_runs, run_due_daily
from fazhi.normative import validity
from fazhi.normative.choices import DocumentStatus, EvaluationDecision
from fazhi.normative.home import home_attention
from fazhi.normative.jobs import EXPIRE_HOUR
from fazhi.normative.models import NormativeDocument
from fazhi.normative.services.validity import evaluation_record, expire_due
from tests.normative import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


def stored(document) -> dict:
    return NormativeDocument.objects.filter(pk=document.pk).values().get()


def test_expiry_and_evaluation_dates_follow_the_calendar():
    assert validity.expiry_date(D(2021, 3, 1), 5) == D(2026, 2, 28)
    assert validity.expiry_date(D(2020, 3, 1), 2) == D(2022, 2, 28)
    assert validity.evaluation_due(D(2026, 2, 28)) == D(2025, 8, 28)
    assert validity.evaluation_due(D(2025, 8, 31)) == D(2025, 2, 28)  # no 31 February: its last day
    assert validity.renewed_expiry(D(2026, 2, 28), 5) == D(2031, 2, 28)
    with override_settings(FAZHI_NORMATIVE_EVALUATION_MONTHS=3):
        assert validity.evaluation_due(D(2026, 2, 28)) == D(2025, 11, 28)


def test_evaluation_window_opens_six_months_before_expiry(tree):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    f.document_row(tree.dept_a, published_on=D(2021, 10, 1), expires_on=D(2026, 9, 30))  # not yet
    f.document_row(
        tree.dept_a, status=DocumentStatus.REPEALED, ended_on=D(2024, 1, 1), expires_on=D(2025, 9, 30)
    )
    qs = NormativeDocument.objects.all()
    assert validity.evaluation_candidates(qs, D(2025, 3, 29)) == []
    assert validity.evaluation_candidates(qs, D(2025, 3, 30)) == [document]
    assert validity.evaluation_candidates(qs, D(2025, 10, 2)) == [document]  # past expiry, job not yet run


def test_continue_renews_for_another_period_and_is_audited(tree, people):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    evaluation_record(
        actor=people.clerk_a, document=document, decision=EvaluationDecision.CONTINUE, on=D(2025, 4, 10)
    )
    document.refresh_from_db()
    assert (document.evaluation_decision, document.evaluated_on, document.expires_on) == (
        EvaluationDecision.CONTINUE,
        D(2025, 4, 10),
        D(2030, 9, 30),
    )
    event = AuditEvent.objects.filter(object_id=str(document.pk)).latest("seq")
    assert event.action == AuditAction.UPDATE
    assert "有效期由2025-09-30延续至2030-09-30" in event.note
    # evaluated for this window: no longer a candidate; the next window opens six months before 2030-09-30
    assert validity.evaluation_candidates(NormativeDocument.objects.all(), D(2025, 5, 1)) == []
    assert validity.evaluation_candidates(NormativeDocument.objects.all(), D(2030, 3, 30)) == [document]


def test_amend_or_repeal_conclusion_keeps_the_expiry(tree, people):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    evaluation_record(
        actor=people.clerk_a,
        document=document,
        decision=EvaluationDecision.REPEAL,
        on=D(2025, 4, 10),
        note="上位法已废止，建议废止。",
    )
    document.refresh_from_db()
    assert (document.evaluation_decision, document.expires_on, document.status) == (
        EvaluationDecision.REPEAL,
        D(2025, 9, 30),
        DocumentStatus.PUBLISHED,
    )


@pytest.mark.parametrize(
    ("setup", "kwargs", "message"),
    [
        ({"status": DocumentStatus.REPEALED, "ended_on": D(2024, 1, 1)}, {}, "只有现行有效的文件"),
        ({}, {"decision": EvaluationDecision.AMEND, "note": ""}, "应写明评估说明"),
        ({}, {"on": D(2099, 1, 1)}, "不能晚于今天"),
        ({}, {"on": D(2019, 1, 1)}, "不能早于文件公布日期"),
        ({"expires_on": None}, {}, "未登记有效期"),
        ({}, {"decision": "forever"}, "评估结论无效"),
    ],
)
def test_evaluation_refusals_change_nothing(tree, people, setup, kwargs, message):
    document = f.document_row(
        tree.dept_a, published_on=D(2020, 10, 1), **{"expires_on": D(2025, 9, 30), **setup}
    )
    before, events = stored(document), AuditEvent.objects.count()
    arguments = {"decision": EvaluationDecision.CONTINUE, "on": D(2025, 4, 10), **kwargs}
    with pytest.raises(ValidationError) as info:
        evaluation_record(actor=people.clerk_a, document=document, **arguments)
    assert message in info.value.messages[0]
    assert stored(document) == before
    assert AuditEvent.objects.count() == events


def test_evaluation_out_of_scope_is_not_found(tree, people):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    before = stored(document)
    with pytest.raises(NormativeDocument.DoesNotExist):
        evaluation_record(
            actor=people.clerk_b, document=document, decision=EvaluationDecision.CONTINUE, on=D(2025, 4, 10)
        )
    assert stored(document) == before


def test_expire_due_makes_lapsed_documents_expired_as_the_system(tree):
    lapsed = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    in_time = f.document_row(tree.dept_a, published_on=D(2020, 10, 2), expires_on=D(2025, 10, 1))
    assert expire_due(on=D(2025, 9, 30)) == 0  # the last day in force is still in force
    assert expire_due(on=D(2025, 10, 1)) == 1
    lapsed.refresh_from_db()
    in_time.refresh_from_db()
    assert (lapsed.status, lapsed.ended_on) == (DocumentStatus.EXPIRED, D(2025, 10, 1))
    assert "有效期至2025-09-30" in lapsed.ended_reason
    assert in_time.status == DocumentStatus.PUBLISHED
    event = AuditEvent.objects.filter(object_id=str(lapsed.pk), action=AuditAction.TRANSITION).get()
    assert event.actor is None
    assert expire_due(on=D(2025, 10, 1)) == 0  # idempotent


def test_renewed_document_is_not_expired(tree, people):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    evaluation_record(
        actor=people.clerk_a, document=document, decision=EvaluationDecision.CONTINUE, on=D(2025, 9, 1)
    )
    assert expire_due(on=D(2025, 10, 8)) == 0
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


def test_daily_task_is_registered_and_runs_after_its_hour(tree):
    assert "normative.expire" in {task.name for task in daily_tasks()}
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    forget_runs()
    tz = datetime.timezone(datetime.timedelta(hours=8))
    early = datetime.datetime(2025, 10, 1, EXPIRE_HOUR - 1, 30, tzinfo=tz)
    assert "normative.expire" not in run_due_daily(early)
    ran = run_due_daily(datetime.datetime(2025, 10, 1, EXPIRE_HOUR, 5, tzinfo=tz))
    assert "normative.expire" in ran
    document.refresh_from_db()
    assert document.status == DocumentStatus.EXPIRED
    forget_runs()


def test_home_panel_lists_documents_due_for_evaluation(tree, people, login):
    document = f.document_row(tree.dept_a, published_on=D(2020, 10, 1), expires_on=D(2025, 9, 30))
    attention = home_attention(user=people.clerk_a, today=D(2025, 4, 1))
    assert (attention.evaluations_total, attention.evaluations) == (1, [document])
    assert home_attention(user=people.clerk_b, today=D(2025, 4, 1)).empty
    response = login(people.clerk_a).get(reverse("normative:evaluations"))
    assert response.status_code == 200
    # the page uses today's date: the document's window is long past, it is listed until it expires
    assert str(document.pk) in response.content.decode()


def test_home_page_shows_the_panel(tree, people, login):
    from django.utils import timezone

    today = timezone.localdate()
    f.document_row(
        tree.dept_a,
        published_on=today - datetime.timedelta(days=1700),
        expires_on=today + datetime.timedelta(days=60),
    )
    body = login(people.clerk_a).get("/").content.decode()
    assert 'data-testid="normative-panel"' in body and "有效期届满前待评估 1 件" in body
    assert 'data-testid="normative-panel"' not in login(people.clerk_b).get("/").content.decode()
