"""The draw: reproducible from its recorded seed, per unit, closed cases of the period only; its refusals."""

from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import AuditEvent
from fazhi.enforcement.casereview import sampling, services
from fazhi.enforcement.casereview.choices import CampaignStatus, SampleRule
from fazhi.enforcement.casereview.models import CampaignUnit, ReviewCampaign, SampledCase
from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase
from tests.casereview.conftest import D, fingerprint

pytestmark = pytest.mark.django_db


def rederive(seed: str, unit, start, end, n: int) -> tuple[list[str], str, int]:
    """The documented algorithm written out again, independently of sampling.py."""
    ids = sorted(
        str(pk)
        for pk in EnforcementCase.objects.filter(
            unit__path__startswith=unit.path, status="closed", closed_on__gte=start, closed_on__lte=end
        ).values_list("pk", flat=True)
    )
    digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()
    ranked = sorted(ids, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    return ranked[:n], digest, len(ids)


def drawn_ids(campaign, unit) -> list[str]:
    return [
        str(pk)
        for pk in SampledCase.objects.filter(campaign=campaign, stratum__unit=unit)
        .order_by("position")
        .values_list("case_id", flat=True)
    ]


def test_the_sample_is_rederived_from_the_recorded_seed(tree, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    campaign = ReviewCampaign.objects.get(pk=world.campaign.pk)
    assert campaign.status == CampaignStatus.DRAWN
    assert re.fullmatch(r"[0-9a-f]{32}", campaign.seed)
    assert campaign.algorithm == "sha256-v1"
    assert campaign.drawn_by == people.legal
    for unit in (tree.dept_a, tree.town):
        expected, digest, count = rederive(campaign.seed, unit, D(2025, 1, 1), D(2025, 12, 31), 3)
        assert drawn_ids(campaign, unit) == expected
        stratum = CampaignUnit.objects.get(campaign=campaign, unit=unit)
        assert (stratum.candidate_count, stratum.candidate_digest, stratum.required, stratum.drawn) == (
            count,
            digest,
            3,
            3,
        )
    # only closed cases of the period, the child unit's included
    a_candidates = {str(c.pk) for c in world.in_a + world.in_child}
    assert set(drawn_ids(campaign, tree.dept_a)) <= a_candidates
    assert CampaignUnit.objects.get(campaign=campaign, unit=tree.dept_a).candidate_count == 7
    assert set(drawn_ids(campaign, tree.town)) == {str(c.pk) for c in world.in_town}
    # each file belongs to the unit of its case (a child unit's case stays with the child)
    for f in SampledCase.objects.filter(campaign=campaign).select_related("case"):
        assert f.unit_id == f.case.unit_id
    assert services.campaign_verify(campaign=campaign)[0].consistent


def test_same_seed_same_sample(tree, world):
    units = [tree.dept_a, tree.town]
    first = sampling.derive(world.campaign, "00112233445566778899aabbccddeeff", units)
    again = sampling.derive(world.campaign, "00112233445566778899aabbccddeeff", units)
    assert [d.chosen for d in first] == [d.chosen for d in again]
    assert [len(d.chosen) for d in first] == [3, 3]
    assert [d.digest for d in first] == [d.digest for d in again]


def test_a_fixed_seed_draws_exactly_the_lowest_ranks(tree, people, world):
    seed = "0123456789abcdef0123456789abcdef"
    services.campaign_draw(actor=people.legal, campaign=world.campaign, seed=seed)
    expected, _digest, _count = rederive(seed, tree.dept_a, D(2025, 1, 1), D(2025, 12, 31), 3)
    assert drawn_ids(world.campaign, tree.dept_a) == expected
    ranks = list(
        SampledCase.objects.filter(campaign=world.campaign, stratum__unit=tree.dept_a)
        .order_by("position")
        .values_list("rank", flat=True)
    )
    assert ranks == sorted(ranks)
    assert ranks[0] == hashlib.sha256(f"{seed}:{expected[0]}".encode()).hexdigest()


def test_percentage_rule_with_minimum_and_a_short_unit(tree, people, world):
    ReviewCampaign.objects.filter(pk=world.campaign.pk).update(
        sample_rule=SampleRule.PERCENT, sample_percent=Decimal("30"), sample_minimum=4
    )
    campaign = ReviewCampaign.objects.get(pk=world.campaign.pk)
    assert sampling.required_size(campaign, 7) == 4  # ceil(2.1) = 3 < minimum 4
    assert sampling.required_size(campaign, 20) == math.ceil(20 * 0.3)
    services.campaign_draw(actor=people.legal, campaign=campaign)
    a = CampaignUnit.objects.get(campaign=campaign, unit=tree.dept_a)
    town = CampaignUnit.objects.get(campaign=campaign, unit=tree.town)
    assert (a.candidate_count, a.required, a.drawn) == (7, 4, 4)
    assert (town.candidate_count, town.required, town.drawn) == (3, 4, 3)  # fewer than asked: all of them


def test_verify_lists_a_case_changed_after_the_draw(tree, people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    drawn = drawn_ids(world.campaign, tree.town)
    EnforcementCase.objects.filter(pk=drawn[0]).update(closed_on=D(2026, 1, 5))
    checks = {c.unit.pk: c for c in services.campaign_verify(campaign=world.campaign)}
    assert checks[tree.dept_a.pk].consistent
    town = checks[tree.town.pk]
    assert not town.consistent
    assert (town.recorded_count, town.count) == (3, 2)
    number = EnforcementCase.objects.get(pk=drawn[0]).number
    assert town.missing == [number]
    assert town.extra == []


def test_a_unit_without_closed_cases_is_refused_and_nothing_is_written(tree, people, world):
    CampaignUnit.objects.create(campaign=world.campaign, unit=tree.dept_b)
    before, events = fingerprint(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.campaign_draw(actor=people.legal, campaign=world.campaign)
    assert exc.value.code == "no_candidates"
    assert "清河县公安局" in exc.value.messages[0]
    assert fingerprint() == before
    assert AuditEvent.objects.count() == events


def test_a_draw_is_final(people, world):
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.campaign_draw(actor=people.legal, campaign=world.campaign)
    assert exc.value.code == "already_drawn"
    assert fingerprint() == before


def test_a_department_cannot_draw_the_county_campaign(people, world):
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        services.campaign_draw(actor=people.clerk_a, campaign=world.campaign)
    with pytest.raises(PermissionDenied):
        services.campaign_draw(actor=people.leader, campaign=world.campaign)  # 领导 may view, not draw
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("units", "code"),
    [
        (lambda t: [t.dept_a, t.dept_a_child], "units_overlap"),
        (lambda t: [t.other_county], "unit_outside"),
        (lambda t: [], "units"),
    ],
)
def test_campaign_create_refuses_bad_units(tree, people, world, units, code):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            actor=people.root_admin,
            unit=tree.county,
            data=services.CampaignData(
                name="x",
                year=2025,
                rubric=world.rubric,
                period_from=D(2025, 1, 1),
                period_to=D(2025, 12, 31),
                units=units(tree),
            ),
        )
    assert exc.value.code == code
    assert fingerprint() == before


def test_campaign_update_only_while_draft(tree, people, world):
    data = services.CampaignData(
        name="改名",
        year=2025,
        rubric=world.rubric,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        units=[tree.dept_a],
        sample_size=2,
    )
    services.campaign_update(actor=people.legal, campaign=world.campaign, data=data)
    assert list(world.campaign.strata.values_list("unit_id", flat=True)) == [tree.dept_a.pk]
    services.campaign_draw(actor=people.legal, campaign=world.campaign)
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.campaign_update(actor=people.legal, campaign=world.campaign, data=data)
    assert exc.value.code == "not_draft"
    assert fingerprint() == before


def test_closed_status_matters_not_only_the_date(tree, people, world):
    EnforcementCase.objects.filter(pk__in=[c.pk for c in world.in_town]).update(status=CaseStatus.EXECUTED)
    assert sampling.candidate_ids(world.campaign, tree.town) == []
