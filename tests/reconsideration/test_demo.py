"""The 行政复议 demo step: a realistic, deterministic year of cases at 清河县司法局, with open cases on the board."""

from __future__ import annotations

import datetime
import time
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from fazhi.core.demo import build_demo
from fazhi.core.models import AuditEvent, User
from fazhi.core.services.audit import verify_chain
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.reconsideration.choices import CaseStatus, DecisionType, EventKind, Procedure
from fazhi.reconsideration.demo import YEARLY
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.reconsideration.selectors import acceptance_lapsing
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import reminder_horizon

pytestmark = pytest.mark.django_db
D = datetime.date
BUILD_DAY = D(2026, 3, 2)  # a Monday: last year in full, this year two months
OPEN = (CaseStatus.REVIEW, CaseStatus.CORRECTION, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
DECISION_KEYS = (
    "reconsideration.upheld",
    "reconsideration.revoked",
    "reconsideration.changed",
    "reconsideration.confirmed_illegal",
    "reconsideration.confirmed_invalid",
    "reconsideration.ordered_perform",
    "reconsideration.rejected",
    "reconsideration.mediated",
    "reconsideration.terminated",
)


def figures():
    cases = ReconsiderationCase.objects.order_by("case_number")
    return (
        list(
            cases.values_list(
                "case_number", "status", "received_on", "decision_type", "closed_on", "closed_late"
            )
        ),
        sorted(Counter(CaseEvent.objects.values_list("kind", flat=True)).items()),
        Deadline.objects.filter(status=DeadlineStatus.OPEN).count(),
        sorted(cases.values_list("applicants__name", "applicants__id_number")),
    )


@pytest.fixture
def built(db):
    """Two builds on the same day: the first rolled back, the second kept for the assertions."""
    with transaction.atomic():
        build_demo(today=BUILD_DAY)
        first = figures()
        transaction.set_rollback(True)
    assert not ReconsiderationCase.objects.exists()
    started = time.perf_counter()
    build_demo(today=BUILD_DAY)
    print(f"demo with 行政复议 built in {time.perf_counter() - started:.1f} s")
    return first


def test_demo_cases(built):
    # deterministic: the same cases, numbers, outcomes, events and applicants on every build
    assert figures() == built

    cases = ReconsiderationCase.objects.all()
    assert set(cases.values_list("unit__code", flat=True)) == {"qh-sfj"}
    assert set(cases.values_list("handler__username", flat=True)) == {"multi"}
    fzb, leader = User.objects.get(username="fzb"), User.objects.get(username="leader")
    assert ReconsiderationCase.objects.restrict(fzb).count() == cases.count()
    assert ReconsiderationCase.objects.restrict(leader).count() == cases.count()

    # volume: a full previous year within the realistic range, this year in proportion
    last_year = cases.filter(received_on__year=2025)
    received = last_year.count()
    assert YEARLY[0] <= received <= YEARLY[1] + 5
    this_year = cases.filter(received_on__year=2026).count()
    assert received * 0.08 < this_year < received * 0.25  # 2 months, fewer around the Spring Festival
    assert not cases.filter(received_on__gt=BUILD_DAY).exists()

    # outcome mix of last year's applications and of the cases closed last year
    status = Counter(last_year.values_list("status", flat=True))
    assert 0.02 <= status[CaseStatus.REFUSED] / received <= 0.09
    assert 0.005 <= status[CaseStatus.ABANDONED] / received <= 0.05
    closed = Counter(cases.filter(closed_on__year=2025).values_list("decision_type", flat=True))
    total = sum(closed.values())
    share = {key: value / total for key, value in closed.items()}
    assert 0.40 <= share[DecisionType.UPHOLD] <= 0.60
    assert 0.07 <= share[DecisionType.REJECT_REQUEST] + share.get(DecisionType.REJECT_APPLICATION, 0) <= 0.18
    assert 0.05 <= share[DecisionType.REVOKE] + share[DecisionType.REVOKE_REDO] <= 0.16
    assert share[DecisionType.REVOKE_REDO] > 0
    assert 0.03 <= share[DecisionType.CONFIRM_ILLEGAL] <= 0.12
    assert 0.08 <= share[DecisionType.TERMINATE] <= 0.19
    for rare in (DecisionType.CHANGE, DecisionType.ORDER_PERFORM, DecisionType.MEDIATE):
        assert 0 < share[rare] <= 0.07
    accepted = cases.filter(accepted_on__year=2025)
    assert 0.10 <= accepted.filter(procedure=Procedure.SIMPLE).count() / accepted.count() <= 0.30
    events = Counter(CaseEvent.objects.values_list("kind", flat=True))
    for kind in (
        EventKind.HEARING,
        EventKind.SUSPENDED,
        EventKind.RESUMED,
        EventKind.EXTENDED,
        EventKind.CORRECTION_REQUESTED,
        EventKind.COPY_SENT,
        EventKind.OPINION_ISSUED,
    ):
        assert events[kind] > 0, kind
    assert events[EventKind.HEARING] < received * 0.1
    assert cases.filter(committee_consulted=True).exists()
    assert cases.filter(deemed_accepted=True).exists()
    assert cases.filter(closed_late=True).exists()
    assert cases.exclude(respondent_unit__isnull=True).filter(
        respondent_unit__code="qh-gaj"
    ).count() > 0.2 * (cases.count())
    assert cases.filter(respondent_unit__isnull=True).exists()  # organs outside the platform

    # the board: open cases at every step, some overdue, some due soon, two reviews lapsing within days
    assert {CaseStatus.REVIEW, CaseStatus.ACCEPTED} <= set(
        cases.filter(status__in=OPEN).values_list("status", flat=True)
    )
    case_type = ContentType.objects.get_for_model(ReconsiderationCase)
    open_deadlines = Deadline.objects.filter(content_type=case_type, status=DeadlineStatus.OPEN)
    assert open_deadlines.filter(due_date__lt=BUILD_DAY).count() >= 2
    horizon = reminder_horizon(on=BUILD_DAY)
    assert open_deadlines.filter(due_date__gte=BUILD_DAY, due_date__lte=horizon).exists()
    lapsing = acceptance_lapsing(user=fzb, today=BUILD_DAY)
    assert len([d for _case, d in lapsing if d.due_date >= BUILD_DAY]) >= 2
    assert open_deadlines.filter(
        rule_key__in=("reconsideration.decision", "reconsideration.simple_decision"), due_date__lt=BUILD_DAY
    ).exists()
    # every open case has its statutory periods running
    open_ids = {str(pk) for pk in cases.filter(status__in=OPEN).values_list("pk", flat=True)}
    assert open_ids <= set(open_deadlines.values_list("object_id", flat=True))

    # last year's figures are complete: everything received before November is settled, and the metrics
    # count every case
    assert not last_year.filter(received_on__lt=D(2025, 11, 1), status__in=OPEN).exists()
    unit, year = cases.first().unit, Period.for_year(2025)
    assert evaluate("reconsideration.received", unit, year).value == received
    assert evaluate("reconsideration.not_accepted", unit, year).value == status[CaseStatus.REFUSED]
    assert evaluate("reconsideration.closed", unit, year).value == total
    assert sum(evaluate(key, unit, year).value for key in DECISION_KEYS) == total
    assert (
        evaluate("reconsideration.hearings", unit, year).value
        == CaseEvent.objects.filter(kind=EventKind.HEARING, on__year=2025).count()
    )
    rate = evaluate("reconsideration.correction_rate", unit, year).value
    assert 20 < rate < 45
    # everything audited and the chain intact; case numbers follow the order of receipt
    assert verify_chain().ok
    assert (
        AuditEvent.objects.filter(object_type="reconsideration.reconsiderationcase").count() >= cases.count()
    )
    numbers = list(last_year.order_by("received_on", "case_number").values_list("case_number", flat=True))
    assert numbers[:3] == ["清司复〔2025〕1号", "清司复〔2025〕2号", "清司复〔2025〕3号"]
    assert len(set(numbers)) == received
