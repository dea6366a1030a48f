"""Samples of the 案卷评查 models for the generated scoping suite."""

from __future__ import annotations

from fazhi.enforcement.casereview.models import (
    CampaignUnit,
    FileScore,
    ReviewCampaign,
    Rubric,
    RubricItem,
    SampledCase,
)
from tests.casereview.factories import make_campaign, make_rubric, make_rubric_item
from tests.enforcement_cases.samples import sample_case
from tests.scoping_samples import register_sample


@register_sample(Rubric)
def sample_rubric(unit) -> Rubric:
    return make_rubric(unit, items=2)


@register_sample(RubricItem)
def sample_rubric_item(unit) -> RubricItem:
    return make_rubric_item(make_rubric(unit), number=1)


@register_sample(ReviewCampaign)
def sample_campaign(unit) -> ReviewCampaign:
    return make_campaign(unit)


@register_sample(CampaignUnit)
def sample_stratum(unit) -> CampaignUnit:
    return CampaignUnit.objects.create(campaign=sample_campaign(unit), unit=unit)


@register_sample(SampledCase)
def sample_file(unit) -> SampledCase:
    stratum = sample_stratum(unit)
    return SampledCase.objects.create(
        unit=unit,
        campaign=stratum.campaign,
        stratum=stratum,
        case=sample_case(unit),
        rank="0" * 64,
        position=1,
    )


@register_sample(FileScore)
def sample_score(unit) -> FileScore:
    sampled = sample_file(unit)
    item = sampled.campaign.rubric.items.first()
    return FileScore.objects.create(unit=unit, sampled=sampled, item=item)
