"""enforcement.* metrics computed from bodies, certificates and exam records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.enforcement import services as s
from fazhi.enforcement.choices import BodyStatus, CertificateKind, RevocationReason
from fazhi.enforcement.models import EnforcementCertificate
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from tests.enforcement.factories import D, issued_card, make_body, make_officer

pytestmark = pytest.mark.django_db


def value(key, unit, year):
    return evaluate(key, unit, Period.for_year(year)).value


def test_enforcement_metrics(tree, people):
    body_a = make_body(tree.dept_a, confirmed_on=D(2020, 1, 1))
    make_body(tree.dept_b, confirmed_on=D(2025, 6, 1))
    make_body(tree.town, status=BodyStatus.CANCELLED, confirmed_on=D(2020, 1, 1), cancelled_on=D(2025, 3, 1))
    o = [make_officer(tree.dept_a, body=body_a, name=f"员{i}") for i in range(6)]
    old = issued_card(people.legal, o[0], on=D(2019, 6, 3))  # expires 2024-06-02
    EnforcementCertificate.objects.filter(pk=old.pk).update(review_due_on=D(2024, 6, 3))  # reviewed each year
    s.certificate_renew(actor=people.legal, certificate=old, on=D(2024, 5, 20))  # renewed 2024
    issued_card(people.legal, o[1], on=D(2025, 3, 3))
    lost = issued_card(people.legal, o[2], on=D(2025, 3, 3))
    s.certificate_replace(actor=people.legal, certificate=lost, on=D(2025, 7, 1), reason="遗失")
    suspended = issued_card(people.legal, o[3], on=D(2025, 3, 3))
    s.certificate_suspend(actor=people.legal, certificate=suspended, on=D(2025, 12, 1), reason="违规")
    revoked = issued_card(people.legal, o[4], on=D(2024, 3, 3))
    s.certificate_revoke(
        actor=people.legal, certificate=revoked, on=D(2025, 2, 1), reason=RevocationReason.RETIRED
    )
    issued_card(people.legal, o[5], on=D(2025, 4, 1), kind=CertificateKind.SUPERVISION)
    failed = s.certificate_apply(actor=people.legal, officer=o[5], applied_on=D(2025, 1, 2))
    s.certificate_approve(actor=people.legal, certificate=failed, on=D(2025, 1, 3))
    s.certificate_record_exam(actor=people.legal, certificate=failed, on=D(2025, 2, 1), score=Decimal(40))

    county = tree.county
    assert value("enforcement.bodies", county, 2025) == 2  # the town's body was cancelled in March
    assert (
        value("enforcement.bodies", county, 2024) == 2
    )  # dept B's not yet confirmed, the town's still active
    assert value("enforcement.certificates_new", county, 2025) == 3  # o1, o2, o3 (supervision apart)
    assert value("enforcement.certificates_replaced", county, 2025) == 1
    assert value("enforcement.certificates_renewed", county, 2024) == 1
    assert value("enforcement.certificates_issued", county, 2025) == 4
    assert value("enforcement.certificates_issued", county, 2024) == 2  # o4's new card and o0's renewal
    # at 2025-12-31: o0 (renewed), o1, o2's replacement; o3 suspended, o4 revoked
    assert value("enforcement.certificates_total", county, 2025) == 3
    assert value("enforcement.personnel", county, 2025) == 3
    # at 2024-12-31: o0's renewed card, o4's card
    assert value("enforcement.personnel", county, 2024) == 2
    assert value("enforcement.supervision_certificates", county, 2025) == 1
    # exams in 2025: o1, o2, o3 and o5's supervision card passed, o5's enforcement application failed
    assert value("enforcement.exam_participants", county, 2025) == 5
    assert value("enforcement.exam_passed", county, 2025) == 4
    rate = evaluate("enforcement.training_pass_rate", county, Period.for_year(2025)).value
    assert round(rate, 1) == Decimal("80.0")
    assert value("enforcement.personnel", tree.dept_b, 2025) == 0
