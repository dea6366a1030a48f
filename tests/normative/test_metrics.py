"""normative.* metrics on a small fixture: each count, the catalog's rates, the stocks at a period's end
(现行有效, 即将到期), the 政务公开年报 counts; and the statistics page with its export."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.normative.choices import (
    CampaignStatus,
    CleanupDecision,
    DocumentKind,
    DocumentStatus,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.models import CleanupCampaign, CleanupItem, FilingReview
from tests.normative import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db
Y2025 = Period.for_year(2025)
Y2024 = Period.for_year(2024)


@pytest.fixture
def fixture(tree):
    row = f.document_row
    docs = {
        "gov": row(
            tree.county,
            kind=DocumentKind.GOVERNMENT,
            published_on=D(2025, 2, 1),
            filing_due_on=D(2025, 3, 3),
            filed_on=D(2025, 2, 20),
            status=DocumentStatus.FILED,
            interpretation="解读",
            reviewed_on=D(2025, 1, 10),
            review_opinion=ReviewOpinion.LAWFUL,
        ),
        "dept": row(
            tree.dept_a,
            kind=DocumentKind.DEPARTMENT,
            published_on=D(2025, 4, 1),
            filing_due_on=D(2025, 5, 6),
            filed_on=D(2025, 5, 20),
            status=DocumentStatus.FILED,
            reviewed_on=D(2025, 3, 20),
            review_opinion=ReviewOpinion.LAWFUL_AFTER_CHANGES,
        ),
        "child": row(tree.dept_a_child, kind=DocumentKind.DEPARTMENT, published_on=D(2025, 6, 1)),
        "town": row(tree.town, kind=DocumentKind.TOWN, published_on=D(2025, 7, 1)),
        "old": row(tree.dept_b, published_on=D(2021, 3, 1), expires_on=D(2026, 2, 28)),
        "repealed": row(
            tree.dept_b, published_on=D(2020, 3, 1), status=DocumentStatus.REPEALED, ended_on=D(2025, 8, 1)
        ),
        "repealed_2024": row(
            tree.dept_b, published_on=D(2019, 3, 1), status=DocumentStatus.REPEALED, ended_on=D(2024, 8, 1)
        ),
        "expired": row(
            tree.dept_b,
            published_on=D(2019, 3, 1),
            status=DocumentStatus.EXPIRED,
            expires_on=D(2024, 2, 28),
            ended_on=D(2024, 2, 29),
        ),
        "draft": row(tree.county, status=DocumentStatus.REVIEWING, reviewed_on=None),
        "elsewhere": row(tree.other_county, published_on=D(2025, 2, 1)),
    }
    campaign = CleanupCampaign.objects.create(
        unit=tree.county,
        name="2025清理",
        started_on=D(2025, 6, 1),
        status=CampaignStatus.PUBLISHED,
        published_on=D(2025, 8, 1),
    )
    for key, decision in (("old", CleanupDecision.KEEP), ("repealed", CleanupDecision.REPEAL)):
        CleanupItem.objects.create(
            unit=tree.county, campaign=campaign, document=docs[key], decision=decision, reason="r"
        )
    FilingReview.objects.create(
        unit=tree.county,
        filer_name="城关镇",
        title="t",
        received_on=D(2025, 7, 5),
        result=FilingResult.PASSED,
        reviewed_on=D(2025, 7, 30),
    )
    FilingReview.objects.create(unit=tree.county, filer_name="城关镇", title="t2", received_on=D(2025, 12, 5))
    return docs


def value(key, unit, period=Y2025):
    return evaluate(key, unit, period).value


def test_counts_for_the_county(fixture, tree):
    county = tree.county
    assert value("normative.reviewed", county) == 2
    assert value("normative.drafts_reviewed", county) == 2
    assert value("normative.issued", county) == 4
    assert value("normative.issued_government", county) == 1
    assert value("normative.issued_department", county) == 2
    assert value("normative.filed", county) == 2
    assert value("normative.filed_timely", county) == 1
    assert value("normative.filing_rate", county) == Decimal("50.0")
    assert value("normative.filing_timely_rate", county) == Decimal("50.0")
    assert value("normative.interpretations", county) == 1
    assert value("normative.filing_reviewed", county) == 1
    assert value("normative.cleanup_kept", county) == 1
    assert value("normative.cleanup_repealed", county) == 1
    assert value("normative.cleanup_amended", county) == 0
    assert value("normative.cleanup_expired", county) == 0


def test_subtree_and_year_counts(fixture, tree):
    assert value("normative.issued", tree.dept_a) == 2  # itself and its 监管所
    assert value("normative.issued", tree.county, Y2024) == 0
    assert value("normative.repealed", tree.county) == 1
    assert value("normative.repealed", tree.county, Y2024) == 1


def test_stocks_at_the_period_end(fixture, tree):
    # end of 2025: gov, dept, child, town, old in force (old expires 2026-02-28: within 90 days of 12-31)
    assert value("normative.in_force", tree.county) == 5
    assert value("normative.expiring", tree.county) == 1
    # end of 2024: old, repealed (ended 2025-08-01) in force; repealed_2024 and expired no longer
    assert value("normative.in_force", tree.county, Y2024) == 2
    # end of 2023: "expired" and "repealed_2024" (both published 2019-03-01) end on 2024-02-28
    assert value("normative.expiring", tree.county, Period.for_year(2023)) == 2


def test_statistics_page_and_export(fixture, tree, people, login):
    client = login(people.legal)
    response = client.get(reverse("normative:statistics"), {"unit": str(tree.county.pk), "period": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-key="normative.in_force"' in body and 'data-key="normative.filing_rate"' in body
    groups = dict(response.context["groups"])
    issued = next(fig for fig in groups["制定"] if fig.metric.key == "normative.issued")
    assert (issued.current.value, issued.previous.value, issued.change) == (4, 0, "+4")
    assert "/metrics/" in issued.url
    assert response.context["chart"]["issued"][:7] == [0, 1, 0, 1, 0, 1, 1]
    export = client.get(
        reverse("normative:statistics"), {"unit": str(tree.county.pk), "period": "2025", "export": "xlsx"}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    assert workbook.sheetnames == ["主要指标", "按月制发与备案"]
    rows = {r[1]: r[3] for r in workbook["主要指标"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows["制发规范性文件"] == 4 and rows["现行有效规范性文件"] == 5


def test_statistics_page_refuses_a_unit_out_of_scope(fixture, tree, people, login):
    response = login(people.clerk_a).get(reverse("normative:statistics"), {"unit": str(tree.dept_b.pk)})
    assert response.status_code == 404
