"""The 行政执法 demo step: bodies for 清河县's departments, ~1,500 officers, cards in realistic states."""

from __future__ import annotations

import datetime
import time
from collections import Counter

import pytest
from django.db import transaction

from fazhi.core.demo import DemoContext
from fazhi.core.demo.org import build_organisation
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import verify_chain
from fazhi.enforcement.choices import BodyKind, CertificateKind, CertificateStatus, IssueReason, PublicState
from fazhi.enforcement.demo import build_enforcement
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate, EnforcementOfficer
from fazhi.enforcement.selectors import certificate_state, home_attention, officers_assignable
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.numbering.models import IssuedNumber, NumberSequence

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)


def build():
    import random

    from fazhi.core.demo.registry import DEMO_SEED

    context = DemoContext(today=BUILD_DAY)
    context.rng = random.Random(f"{DEMO_SEED}:core.organisation")
    build_organisation(context)
    context.rng = random.Random(f"{DEMO_SEED}:enforcement.roster")
    started = time.perf_counter()
    build_enforcement(context)
    return context, time.perf_counter() - started


def figures():
    return (
        sorted(EnforcementOfficer.objects.values_list("name", "id_number", "unit__code", "status")),
        sorted(
            EnforcementCertificate.objects.values_list(
                "number",
                "status",
                "issue_reason",
                "issued_on",
                "expires_on",
                "review_due_on",
                "officer__id_number",
            )
        ),
    )


def test_demo_roster():
    with transaction.atomic():
        build()
        first = figures()
        transaction.set_rollback(True)
    context, seconds = build()
    print(f"enforcement demo step: {seconds:.1f} s")
    # pinned: one ``create`` audit event per body, officer and card (tests/core/test_demo.py counts them)
    counts = (
        EnforcementBody.objects.count(),
        EnforcementOfficer.objects.count(),
        EnforcementCertificate.objects.count(),
    )
    assert counts == (38, 1529, 2646)
    assert AuditEvent.objects.filter(note="演示数据", actor=context.actor).count() == sum(counts) == 4213
    assert figures() == first  # deterministic

    bodies = EnforcementBody.objects.all()
    assert bodies.filter(kind=BodyKind.STATUTORY).count() >= 30
    assert (
        bodies.filter(kind=BodyKind.AUTHORIZED).count() == 1
        and bodies.filter(kind=BodyKind.ENTRUSTED).count() == 1
    )
    assert not bodies.filter(unit__code="qh-zfb").exists()
    officers = EnforcementOfficer.objects.count()
    assert 1400 <= officers <= 1650

    today = BUILD_DAY
    cards = list(EnforcementCertificate.objects.all())
    states = Counter(
        certificate_state(c, today) for c in cards if c.number and c.status not in ("superseded", "void")
    )
    assert states[PublicState.VALID] > 1200
    for state in (
        PublicState.SUSPENDED,
        PublicState.REVOKED,
        PublicState.REVIEW_OVERDUE,
        PublicState.EXPIRED,
    ):
        assert 2 <= states[state] <= 80, (state, states)
    assert any(c.status == CertificateStatus.VOID for c in cards)
    assert EnforcementCertificate.objects.filter(status__in=("applied", "training", "passed")).count() >= 10
    assert EnforcementCertificate.objects.filter(kind=CertificateKind.SUPERVISION, status="valid").exists()
    expiring = [
        c
        for c in cards
        if c.status == "valid" and today <= c.expires_on <= today + datetime.timedelta(days=30)
    ]
    assert len(expiring) >= 5

    # last year's and this year's issues and renewals
    last_year = Period.for_year(2025)
    county = context.unit("qh")
    new = evaluate("enforcement.certificates_new", county, last_year).value
    renewed = evaluate("enforcement.certificates_renewed", county, last_year).value
    assert new >= 40 and renewed >= 150
    assert EnforcementCertificate.objects.filter(
        issued_on__year=2026, issue_reason=IssueReason.RENEWAL
    ).exists()
    personnel = evaluate("enforcement.personnel", county, last_year).value
    assert 1200 < personnel < officers

    # numbers are in the register, sequences continue after them, one audit chain
    assert IssuedNumber.objects.filter(doc_type="enforcement_certificate").count() == (
        EnforcementCertificate.objects.filter(kind="enforcement").exclude(number="").count()
    )
    seq = NumberSequence.objects.get(unit=county, doc_type="enforcement_certificate", year=2025)
    assert seq.last == IssuedNumber.objects.filter(doc_type="enforcement_certificate", year=2025).count()
    assert verify_chain().ok

    # the gate and the reminders work on the demo
    assert officers_assignable(on=today, within=context.unit("qh-scj")).count() > 100
    fzb = context.user("fzb")
    attention = home_attention(user=fzb, today=today)
    assert attention.expiring and attention.review_overdue
