"""The demo step: last year's campaign finished, this year's under way, on whatever closed cases exist."""

from __future__ import annotations

import datetime
import random

import pytest

from fazhi.core.demo.registry import DemoContext
from fazhi.core.models import AuditEvent
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus, Grade
from fazhi.enforcement.casereview.demo import build_casereview
from fazhi.enforcement.casereview.models import ReviewCampaign, Rubric, SampledCase
from fazhi.enforcement.casereview.services import campaign_verify
from tests.casereview.factories import make_closed_cases

pytestmark = pytest.mark.django_db


def context(tree, people, today):
    return DemoContext(
        today=today,
        rng=random.Random("2026:casereview.campaigns"),
        actor=people.root_admin,
        units={"qh": tree.county, "qh-sfj": tree.justice},
    )


def test_without_closed_cases_the_step_adds_nothing(tree, people):
    events = AuditEvent.objects.count()
    build_casereview(context(tree, people, datetime.date(2026, 12, 4)))
    assert not Rubric.objects.exists() and not ReviewCampaign.objects.exists()
    assert AuditEvent.objects.count() == events


def test_demo_campaigns(tree, people):
    make_closed_cases(tree.dept_a, 14, closed_on=datetime.date(2025, 5, 6))
    make_closed_cases(tree.town, 4, closed_on=datetime.date(2025, 8, 1))
    make_closed_cases(tree.dept_b, 12, closed_on=datetime.date(2026, 3, 2))
    events = AuditEvent.objects.count()
    build_casereview(context(tree, people, datetime.date(2026, 12, 4)))
    last, this = ReviewCampaign.objects.order_by("year")
    assert (last.year, last.status, this.year, this.status) == (
        2025,
        CampaignStatus.COMPLETED,
        2026,
        CampaignStatus.REVIEWING,
    )
    assert SampledCase.objects.filter(campaign=last).count() == 14  # 10 + all 4 of the town
    assert not SampledCase.objects.filter(campaign=last).exclude(status=FileStatus.FINISHED).exists()
    assert SampledCase.objects.filter(campaign=this).count() == 8
    assert SampledCase.objects.filter(campaign=this, status=FileStatus.FINISHED).count() == 3  # 8 * 2 // 5
    assert all(c.consistent for c in campaign_verify(campaign=last))
    grades = set(SampledCase.objects.filter(campaign=last).values_list("grade", flat=True))
    assert grades <= {Grade.EXCELLENT, Grade.PASS, Grade.FAIL}
    # rubric 1 + 22 items, 2 campaigns, 2 draws, 2 starts, 1 completion, one 评定 per finished file
    assert AuditEvent.objects.count() - events == 23 + 2 + 2 + 2 + 1 + 14 + 3
