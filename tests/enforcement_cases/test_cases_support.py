"""Shared setup of the case tests (no tests here): a body with certified officers, an item with two standards,
and helpers that run a case through the services to a given point."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.enforcement import services as es
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import (
    CaseSource,
    DecisionKind,
    MajorGround,
    PartyKind,
    PenaltyKind,
    ReviewResult,
    Severity,
)
from fazhi.enforcement.choices import RevocationReason
from tests.enforcement.factories import issued_card, make_body, make_officer
from tests.enforcement_cases.factories import make_item, make_standard

D = datetime.date
FILED_ON, DECIDED_ON, REVIEWED_ON = D(2025, 4, 7), D(2025, 5, 20), D(2025, 5, 12)


@pytest.fixture
def crew(tree, people):
    """市场监管局: 甲 乙 丙 certified from 2025-03-03; 丁 never certified; 戊 suspended from 2025-05-01."""
    body = make_body(tree.dept_a)
    officers = {n: make_officer(tree.dept_a, body=body, name=n) for n in ("甲", "乙", "丙", "丁", "戊")}
    for n in ("甲", "乙", "丙", "戊"):
        issued_card(people.legal, officers[n], on=D(2025, 3, 3))
    es.certificate_suspend(
        actor=people.legal,
        certificate=officers["戊"].certificates.get(),
        on=D(2025, 5, 1),
        reason="违规执法",
    )
    item = make_item(tree.dept_a, body=body)
    other_item = make_item(tree.dept_a, body=body)
    return SimpleNamespace(
        body=body,
        o=officers,
        item=item,
        other_item=other_item,
        ordinary=make_standard(item, Severity.ORDINARY, fine_min=Decimal("5000"), fine_max=Decimal("10000")),
        heavier=make_standard(item, Severity.HEAVIER, fine_min=Decimal("10000"), fine_max=Decimal("50000")),
        foreign=make_standard(other_item, Severity.ORDINARY),
        revoke_reason=RevocationReason.DISCIPLINE,
    )


def register(actor, crew, *, filed_on=FILED_ON, officers=("甲", "乙"), **extra):
    return s.case_register(
        actor=actor,
        body=crew.body,
        item=extra.pop("item", crew.item),
        source=extra.pop("source", CaseSource.INSPECTION),
        title=extra.pop("title", "未按规定公示食品经营许可证"),
        party_kind=extra.pop("party_kind", PartyKind.LEGAL_PERSON),
        party_name=extra.pop("party_name", "清河县某某餐饮有限公司"),
        filed_on=filed_on,
        officers=[crew.o[n] for n in officers],
        lead=crew.o[officers[0]] if officers else None,
        **extra,
    )


def decide(actor, case, crew, *, on=DECIDED_ON, fine=Decimal("8000"), standard=None, **extra):
    return s.case_decide(
        actor=actor,
        case=case,
        decision_kind=extra.pop("decision_kind", DecisionKind.PENALTY),
        decided_on=on,
        decision_number=extra.pop("decision_number", "清市监罚〔2025〕12号"),
        approver=extra.pop("approver", "局长 李某"),
        penalty_kinds=extra.pop("penalty_kinds", [PenaltyKind.FINE]),
        standard=standard or crew.ordinary,
        fine_amount=fine,
        **extra,
    )


def major_reviewed(actor, case, *, result=ReviewResult.PASSED, on=REVIEWED_ON):
    s.case_mark_major(actor=actor, case=case, grounds=[MajorGround.PUBLIC_INTEREST])
    s.case_submit_review(actor=actor, case=case, on=on - datetime.timedelta(days=2))
    return s.case_record_review(
        actor=actor,
        case=case,
        result=result,
        reviewed_on=on,
        reviewer_name="法制员 周某",
        reviewer_qualified=True,
        opinion="" if result == ReviewResult.PASSED else "证据不足",
    )
