"""Samples of the normative module's scoped models for the generated scoping suite (all six)."""

from __future__ import annotations

import datetime

from fazhi.normative.choices import ClauseCategory, DocumentKind, DocumentStatus, FilingResult
from fazhi.normative.models import (
    ClauseFlag,
    CleanupCampaign,
    CleanupItem,
    FilingReview,
    NormativeDocument,
    PublicComment,
)
from tests.scoping_samples import register_sample

D = datetime.date


@register_sample(NormativeDocument)
def make_document(unit) -> NormativeDocument:
    return NormativeDocument.objects.create(
        unit=unit,
        title="清河县农贸市场管理办法",
        kind=DocumentKind.GOVERNMENT,
        status=DocumentStatus.REVIEWING,
        drafting_unit_name="清河县市场监督管理局",
        drafted_on=D(2025, 2, 10),
        review_submitted_on=D(2025, 3, 3),
        body="第一条 入场经营者应当缴纳市场管理费。",
    )


@register_sample(PublicComment)
def make_comment(unit) -> PublicComment:
    return PublicComment.objects.create(
        unit=unit,
        document=make_document(unit),
        received_on=D(2025, 3, 5),
        commenter="王五",
        commenter_contact="13900001111",
        content="建议明确市场管理费的收费标准。",
    )


@register_sample(ClauseFlag)
def make_flag(unit) -> ClauseFlag:
    return ClauseFlag.objects.create(
        unit=unit,
        document=make_document(unit),
        category=ClauseCategory.FEE,
        sentence="第一条 入场经营者应当缴纳市场管理费。",
        pattern="应当……缴纳……（“应当缴纳”）",
        start=0,
        end=19,
    )


@register_sample(CleanupCampaign)
def make_campaign(unit) -> CleanupCampaign:
    return CleanupCampaign.objects.create(
        unit=unit,
        name="2025年行政规范性文件集中清理",
        criteria_text="2020年以前公布的部门文件",
        started_on=D(2025, 4, 1),
    )


@register_sample(CleanupItem)
def make_item(unit) -> CleanupItem:
    document = NormativeDocument.objects.create(
        unit=unit,
        title="清河县城市道路挖掘管理暂行办法",
        kind=DocumentKind.DEPARTMENT,
        status=DocumentStatus.PUBLISHED,
        document_number="清河规〔2019〕2号",
        published_on=D(2019, 5, 6),
        effective_on=D(2019, 5, 6),
        expires_on=D(2021, 5, 5),
    )
    return CleanupItem.objects.create(unit=unit, campaign=make_campaign(unit), document=document)


@register_sample(FilingReview)
def make_filing_review(unit) -> FilingReview:
    return FilingReview.objects.create(
        unit=unit,
        filer_name="城关镇人民政府",
        title="城关镇农村集体资产管理办法",
        document_number="城关规〔2025〕1号",
        published_on=D(2025, 3, 10),
        received_on=D(2025, 3, 20),
        due_on=D(2025, 4, 21),
        result=FilingResult.PENDING,
    )
