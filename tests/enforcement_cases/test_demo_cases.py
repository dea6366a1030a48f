"""The demo step of 行政执法案件 at a small scale: deterministic, and every case consistent with the build day and
the rules (statuses vs dates, two officers with a usable card at filing, fines within the band, deadlines through
the calendar engine, 全过程记录 complete for closed cases, numbers continued by the numbering engine)."""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from fazhi.core.demo import DemoContext
from fazhi.core.demo.org import build_organisation
from fazhi.core.demo.registry import DEMO_SEED, demo_steps
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import verify_chain
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases.choices import (
    CaseStatus,
    DecisionKind,
    OfficerRole,
    PartyKind,
    Procedure,
    ReviewResult,
    Severity,
)
from fazhi.enforcement.cases.demo import build_cases
from fazhi.enforcement.cases.doc_types import CASE_NUMBER
from fazhi.enforcement.cases.models import CaseOfficer, CaseRecord, EnforcementCase, LegalReview
from fazhi.enforcement.demo import build_enforcement
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate
from fazhi.enforcement.selectors import ensure_assignable
from fazhi.numbering.models import IssuedNumber, NumberSequence
from fazhi.numbering.services import number_issue
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import add_working_days
from tests.enforcement_cases.factories import make_item, make_standard

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)
PER_YEAR = 300
#: the days a case records as having happened (a deadline or a scheduled hearing may lie ahead)
EVENTS = (
    "found_on",
    "filed_on",
    "notified_on",
    "hearing_requested_on",
    "decided_on",
    "served_on",
    "executed_on",
    "closed_on",
    "published_on",
    "withdrawn_on",
)
ORDER = ("filed_on", "notified_on", "decided_on", "served_on", "executed_on", "closed_on")


def _base():
    context = DemoContext(today=BUILD_DAY)
    context.rng = random.Random(f"{DEMO_SEED}:core.organisation")
    build_organisation(context)
    context.rng = random.Random(f"{DEMO_SEED}:enforcement.roster")
    build_enforcement(context)
    # a few items per body of four departments (the items step's data is its own helper's)
    for code in ("qh-scj", "qh-zhzf", "qh-gaj", "qh-cgz"):
        body = EnforcementBody.objects.get(unit__code=code, kind="statutory")
        for n in range(3):
            item = make_item(body.unit, body, code=f"{code}-{n}")
            make_standard(item, Severity.LIGHTER, code=f"{code}-{n}-1", fine_min=None, fine_max=Decimal(2000))
            make_standard(item, Severity.ORDINARY, code=f"{code}-{n}-2")
            make_standard(
                item, Severity.HEAVIER, code=f"{code}-{n}-3", fine_min=Decimal(10000), fine_max=Decimal(50000)
            )
            if n == 0:
                make_standard(item, Severity.EXEMPT, code=f"{code}-{n}-0", fine_min=None, fine_max=None)
    return context


def _cases_step(context):
    context.rng = random.Random(f"{DEMO_SEED}:enforcement.cases")
    started = time.perf_counter()
    summary = build_cases(context, per_year=PER_YEAR)
    return summary, time.perf_counter() - started


def _snapshot():
    return sorted(
        EnforcementCase.objects.values_list(
            "id", "number", "status", "filed_on", "decided_on", "fine_amount", "party_name", "unit__code"
        )
    )


@pytest.fixture
def built():
    context = _base()
    summary, seconds = _cases_step(context)
    print(f"enforcement.cases demo step at {PER_YEAR}/year: {seconds:.2f} s, {summary}")
    return context, summary


def test_registered_after_items_before_reviews():
    steps = {s.name: s.order for s in demo_steps()}
    assert steps["enforcement.cases"] == 224
    assert steps["enforcement.roster"] < steps["enforcement.cases"]


def test_deterministic():
    with transaction.atomic():
        context = _base()
        _cases_step(context)
        first = _snapshot()
        transaction.set_rollback(True)
    context = _base()
    _cases_step(context)
    assert _snapshot() == first
    assert len(first) > PER_YEAR


def test_volume_and_spread(built):
    _context, summary = built
    cases = EnforcementCase.objects.all()
    last_year = cases.filter(filed_on__year=BUILD_DAY.year - 1).count()
    this_year = cases.filter(filed_on__year=BUILD_DAY.year).count()
    assert last_year == PER_YEAR
    assert 0 < this_year < PER_YEAR / 3  # two months of the year
    assert summary["cases"] == last_year + this_year
    units = Counter(cases.values_list("unit__code", flat=True))
    assert set(units) == {"qh-scj", "qh-zhzf", "qh-gaj", "qh-cgz"}
    assert units["qh-zhzf"] > units["qh-gaj"] > units["qh-scj"] > units["qh-cgz"]  # 综合执法 the biggest
    procedures = Counter(cases.values_list("procedure", flat=True))
    assert procedures[Procedure.ORDINARY] > procedures[Procedure.SUMMARY] > 0
    statuses = Counter(cases.values_list("status", flat=True))
    assert statuses[CaseStatus.CLOSED] > len(cases) * 0.7
    assert statuses[CaseStatus.FILED] > 0
    assert cases.exclude(status__in=(CaseStatus.CLOSED, CaseStatus.DROPPED, CaseStatus.FILED)).exists()


def test_status_follows_dates(built):
    for case in EnforcementCase.objects.all():
        for name in EVENTS:
            value = getattr(case, name)
            assert value is None or value <= BUILD_DAY, (case.number, name, value)
        days = [getattr(case, n) for n in ORDER if getattr(case, n)]
        assert days == sorted(days), case.number
        if case.filed_on < BUILD_DAY - datetime.timedelta(days=365):
            assert case.status in (CaseStatus.CLOSED, CaseStatus.DROPPED), case.number
        decided = case.status in (
            CaseStatus.DECIDED,
            CaseStatus.SERVED,
            CaseStatus.EXECUTED,
            CaseStatus.CLOSED,
        )
        assert bool(case.decided_on) == decided, (case.number, case.status)
        assert bool(case.decision_kind) == decided
        if case.status == CaseStatus.CLOSED:
            assert case.closed_on
        if case.status == CaseStatus.DROPPED:
            assert case.dropped_reason and case.closed_on and not case.decided_on
        if case.status in (CaseStatus.FILED, CaseStatus.NOTIFIED):
            assert not case.hearing_requested_on
        if case.status == CaseStatus.NOTIFIED:
            assert case.notified_on
        if case.status == CaseStatus.SERVED:
            assert case.served_on and not case.executed_on
        assert case.decided_late == bool(case.decided_on and case.decided_on > case.decision_due_on)


def test_deadlines_through_the_calendar_engine(built):
    calendar = load_calendar()
    checked = Counter()
    for case in EnforcementCase.objects.select_related("item"):
        assert case.decision_due_on == rules.decision_due(case.filed_on, case.extension_days)
        if case.notified_on and case.procedure == Procedure.ORDINARY:
            assert case.hearing_request_until == rules.hearing_request_until(case.notified_on)
            checked["hearing"] += 1
        if case.decided_on and case.decision_kind != DecisionKind.TRANSFER:
            assert case.publication_due_on == rules.publication_due(case), case.number
            if case.decision_kind == DecisionKind.PENALTY:
                assert case.publication_due_on == add_working_days(case.decided_on, 7, calendar).due
            checked["publication"] += 1
        if case.withdrawn_on:
            assert case.withdrawal_due_on and case.withdrawal_reason
    assert checked["hearing"] and checked["publication"]
    published = EnforcementCase.objects.exclude(published_on=None)
    timely = [c for c in published if c.published_on <= c.publication_due_on]
    assert len(timely) / len(published) > 0.85


def test_two_officers_with_a_usable_card_at_filing(built):
    cards = dict(
        EnforcementCertificate.objects.filter(status="valid", kind="enforcement").values_list(
            "officer_id", "number"
        )
    )
    teams = {}
    for assignment in CaseOfficer.objects.select_related("officer", "case"):
        teams.setdefault(assignment.case_id, []).append(assignment)
    cases = list(EnforcementCase.objects.all())
    assert set(teams) == {c.pk for c in cases}
    for case in cases:
        team = teams[case.pk]
        assert len(team) >= 2 and [a.role for a in team].count(OfficerRole.LEAD) == 1
        assert all(a.unit_id == case.unit_id and a.officer.body_id == case.body_id for a in team)
        assert all(a.certificate_number == cards[a.officer_id] for a in team)
        ensure_assignable([a.officer for a in team], on=case.filed_on)  # 处罚法 第四十二条


def test_fines_within_the_band(built):
    fined = 0
    for case in EnforcementCase.objects.filter(decision_kind=DecisionKind.PENALTY).select_related("standard"):
        assert case.penalty_kinds
        if case.fine_amount is None:
            continue
        fined += 1
        band = case.standard
        assert band is not None and band.item_id == case.item_id
        assert (band.fine_min or 0) <= case.fine_amount <= band.fine_max, case.number
        if case.procedure == Procedure.SUMMARY:  # 第五十一条
            assert case.fine_amount <= (200 if case.party_kind == PartyKind.PERSON else 3000)
    assert fined
    for case in EnforcementCase.objects.filter(standard__severity=Severity.EXEMPT).exclude(decision_kind=""):
        assert case.decision_kind in (DecisionKind.NO_PENALTY, DecisionKind.TRANSFER)


def test_records_and_reviews(built):
    records = {}
    for record in CaseRecord.objects.all():
        records.setdefault(record.case_id, []).append(record)
        assert len(record.sha256) == 64 and record.storage_ref and record.made_on <= BUILD_DAY
    reviews = {}
    for review in LegalReview.objects.order_by("submitted_on"):
        reviews.setdefault(review.case_id, []).append(review)
    for case in EnforcementCase.objects.select_related("item"):
        mine = records.get(case.pk, [])
        assert all(r.unit_id == case.unit_id for r in mine)
        if case.status == CaseStatus.CLOSED:
            assert rules.missing_records(case, mine) == [], case.number
        if case.decided_on and rules.review_required(case):  # 第五十八条: a passed review before the decision
            passed = [r for r in reviews.get(case.pk, []) if r.result == ReviewResult.PASSED]
            assert passed and passed[-1].reviewed_on <= case.decided_on, case.number
    assert LegalReview.objects.exists()


def test_numbers_continue_in_the_numbering_engine(built):
    context, _summary = built
    unit = context.unit("qh-zhzf")
    year = BUILD_DAY.year
    cases = EnforcementCase.objects.filter(unit=unit, filed_on__year=year)
    sequence = NumberSequence.objects.get(unit=unit, doc_type=CASE_NUMBER, year=year)
    assert sequence.last == cases.count()
    first = cases.order_by("filed_on", "created_at").first()
    assert first.number.startswith(f"{unit.short_name}罚立〔{year}〕")
    assert IssuedNumber.objects.filter(
        doc_type=CASE_NUMBER, object_id=str(first.pk), text=first.number
    ).exists()
    issued = number_issue(actor=context.actor, unit=unit, doc_type=CASE_NUMBER, year=year)
    assert issued.seq == sequence.last + 1
    assert not EnforcementCase.objects.filter(number=issued.text).exists()


def test_one_audit_event_per_department(built):
    _context, summary = built
    events = AuditEvent.objects.filter(note__startswith="导入历史执法案件")
    assert events.count() == summary["audit_events"] == 4
    assert verify_chain().ok
    total = sum(int(e.note.split(" ")[1]) for e in events)
    assert total == summary["cases"]


def test_nothing_without_items():
    context = DemoContext(today=BUILD_DAY)
    context.rng = random.Random(f"{DEMO_SEED}:core.organisation")
    build_organisation(context)
    context.rng = random.Random(f"{DEMO_SEED}:enforcement.roster")
    build_enforcement(context)
    assert build_cases(context, per_year=PER_YEAR) == {"cases": 0}
    assert not EnforcementCase.objects.exists()
