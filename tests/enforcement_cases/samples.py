"""Samples of the 行政执法案件 models for the generated scoping suite."""

from __future__ import annotations

import datetime

from fazhi.enforcement.cases.choices import OfficerRole, Stage, TransferTarget
from fazhi.enforcement.cases.models import (
    CaseOfficer,
    CaseRecord,
    DiscretionStandard,
    EnforcementCase,
    EnforcementItem,
    JudicialTransfer,
    LegalReview,
)
from tests.enforcement.factories import make_officer
from tests.enforcement_cases.factories import make_case, make_item, make_standard
from tests.scoping_samples import register_sample


@register_sample(EnforcementItem)
def sample_item(unit) -> EnforcementItem:
    return make_item(unit)


@register_sample(DiscretionStandard)
def sample_standard(unit) -> DiscretionStandard:
    return make_standard(sample_item(unit))


@register_sample(EnforcementCase)
def sample_case(unit) -> EnforcementCase:
    return make_case(unit, sample_item(unit))


@register_sample(CaseOfficer)
def sample_case_officer(unit) -> CaseOfficer:
    case = sample_case(unit)
    officer = make_officer(unit, body=case.body, name="样本办案员")
    return CaseOfficer.objects.create(
        unit=unit, case=case, officer=officer, role=OfficerRole.LEAD, certificate_number="样本执00001"
    )


@register_sample(CaseRecord)
def sample_record(unit) -> CaseRecord:
    return CaseRecord.objects.create(
        unit=unit,
        case=sample_case(unit),
        stage=Stage.START,
        kind="立案审批表",
        made_on=datetime.date(2025, 4, 7),
    )


@register_sample(LegalReview)
def sample_review(unit) -> LegalReview:
    return LegalReview.objects.create(
        unit=unit, case=sample_case(unit), submitted_on=datetime.date(2025, 5, 6)
    )


@register_sample(JudicialTransfer)
def sample_transfer(unit) -> JudicialTransfer:
    return JudicialTransfer.objects.create(
        unit=unit,
        case=sample_case(unit),
        target=TransferTarget.POLICE,
        receiving_organ="清河县公安局",
        suspected_offence="生产、销售不符合安全标准的食品罪",
        party_name="样本当事人",
        transferred_on=datetime.date(2025, 6, 3),
    )
