# ruff: noqa: F811 (the crew fixture is imported)
"""enforcement.cases, major_cases_legal_review and publication_timely_rate from the cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.choices import ReviewResult
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from tests.enforcement_cases.factories import make_case
from tests.enforcement_cases.test_cases_support import D, crew, decide, major_reviewed, register  # noqa: F401

pytestmark = pytest.mark.django_db


def value(key, unit, year):
    return evaluate(key, unit, Period.for_year(year)).value


def test_case_metrics(people, crew, tree):
    timely = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=timely, on=D(2025, 5, 6))
    major_reviewed(people.clerk_a, timely, result=ReviewResult.RETURNED)  # concluded 2025-05-12
    s.case_submit_review(actor=people.clerk_a, case=timely, on=D(2025, 5, 13))
    s.case_record_review(
        actor=people.clerk_a,
        case=timely,
        result=ReviewResult.PASSED,
        reviewed_on=D(2025, 5, 14),
        reviewer_name="周某",
        reviewer_qualified=True,
    )
    decide(people.clerk_a, timely, crew)  # publication due 2025-05-29
    s.case_publish(
        actor=people.clerk_a, case=timely, published_on=D(2025, 5, 28), public_summary="罚款八千元"
    )
    late = register(people.clerk_a, crew)
    s.case_notify(actor=people.clerk_a, case=late, on=D(2025, 5, 6))
    decide(people.clerk_a, late, crew)
    s.case_publish(actor=people.clerk_a, case=late, published_on=D(2025, 6, 3), public_summary="罚款八千元")
    make_case(crew.body.unit, crew.item, filed_on=D(2024, 12, 30))  # bulk-created, last year

    county = tree.county
    assert value("enforcement.cases", county, 2025) == 2
    assert value("enforcement.cases", county, 2024) == 1
    assert value("enforcement.major_cases_legal_review", county, 2025) == 1  # reviewed twice, counted once
    assert value("enforcement.publications", county, 2025) == 2
    assert value("enforcement.publications_timely", county, 2025) == 1
    rate = evaluate("enforcement.publication_timely_rate", county, Period.for_year(2025)).value
    assert round(rate, 1) == Decimal("50.0")
    assert value("enforcement.cases", tree.dept_b, 2025) == 0
