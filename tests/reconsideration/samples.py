"""Samples of the reconsideration module's scoped models for the generated scoping suite."""

from __future__ import annotations

import datetime

from fazhi.reconsideration.choices import ApplicantKind, Channel, EventKind, MatterCategory
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from tests.scoping_samples import register_sample


@register_sample(ReconsiderationCase)
def make_case(unit) -> ReconsiderationCase:
    return ReconsiderationCase.objects.create(
        unit=unit,
        respondent_name="清河县市场监督管理局",
        contested_act="行政处罚决定",
        category=MatterCategory.PENALTY,
        requests="撤销行政处罚决定",
        channel=Channel.IN_PERSON,
        received_on=datetime.date(2025, 3, 3),
    )


@register_sample(CaseApplicant)
def make_applicant(unit) -> CaseApplicant:
    return CaseApplicant.objects.create(
        unit=unit,
        case=make_case(unit),
        kind=ApplicantKind.PERSON,
        name="李四",
        id_number="440605198001011234",
    )


@register_sample(CaseEvent)
def make_event(unit) -> CaseEvent:
    return CaseEvent.objects.create(
        unit=unit, case=make_case(unit), kind=EventKind.HEARING, on=datetime.date(2025, 4, 1), place="听证室"
    )
