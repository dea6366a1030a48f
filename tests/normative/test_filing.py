"""备案审查 at the government above: filings from platform documents and typed in, the review deadline
through the calendar engine (across the National Day holiday), overdue marking, the result flowing back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.normative import rules
from fazhi.normative.choices import DocumentStatus, FilingResult
from fazhi.normative.home import home_attention
from fazhi.normative.models import FilingReview, NormativeDocument
from fazhi.normative.services.filing import (
    filing_due,
    filing_review_create,
    filing_review_decide,
    is_overdue,
    review_due,
)
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from tests.normative import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db


def typed(people, tree, **kwargs) -> FilingReview:
    values = {
        "actor": people.legal,
        "unit": tree.county,
        "filer_name": "青石镇人民政府",
        "title": "青石镇农村人居环境整治管理办法",
        "document_number": "青石规〔2025〕1号",
        "published_on": D(2025, 8, 20),
        "received_on": D(2025, 9, 5),
        **kwargs,
    }
    return filing_review_create(**values)


def test_review_deadline_crosses_the_national_day_holiday(tree, people):
    # 2025-09-05 + 30 days = 10-05, a holiday (国庆、中秋 10-01…10-08): the deadline moves to 10-09
    assert review_due(D(2025, 9, 5)) == D(2025, 10, 9)
    review = typed(people, tree)
    assert review.due_on == D(2025, 10, 9)
    clock = Deadline.objects.get(object_id=str(review.pk), rule_key=rules.FILING_REVIEW)
    assert (clock.due_date, clock.unit, clock.status) == (D(2025, 10, 9), tree.county, DeadlineStatus.OPEN)
    assert "末日2025-10-05为休息日，顺延" in clock.explanation
    assert review.on_time is True  # published 08-20, filed 09-05: within 30 days
    assert not is_overdue(review, D(2025, 10, 9))
    assert is_overdue(review, D(2025, 10, 10))


def test_review_days_are_a_setting(tree, people):
    with override_settings(FAZHI_NORMATIVE_FILING_REVIEW_DAYS=15):
        assert review_due(D(2025, 3, 3)) == D(2025, 3, 18)
    with override_settings(FAZHI_NORMATIVE_FILING_DAYS=15):
        assert filing_due(D(2025, 9, 20)) == D(2025, 10, 9)  # 10-05 is in the holiday


def test_late_filing_is_marked(tree, people):
    review = typed(people, tree, published_on=D(2025, 7, 1), received_on=D(2025, 9, 5))
    assert review.on_time is False


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filer_name": ""}, "请填写报备机关和文件名称"),
        ({"received_on": D(2099, 1, 1)}, "不能晚于今天"),
        ({"published_on": D(2025, 9, 6)}, "不能早于文件公布日期"),
    ],
)
def test_create_refusals_leave_nothing(tree, people, kwargs, message):
    with pytest.raises(ValidationError) as info:
        typed(people, tree, **kwargs)
    assert message in info.value.messages[0]
    assert FilingReview.objects.count() == 0 and Deadline.objects.count() == 0


def test_typing_in_needs_scope_at_the_reviewing_organ(tree, people):
    with pytest.raises(ScopeViolation):
        typed(people, tree, actor=people.clerk_a)
    assert FilingReview.objects.count() == 0


def test_decide_passes_and_closes_the_deadline(tree, people):
    review = typed(people, tree)
    filing_review_decide(actor=people.legal, review=review, result=FilingResult.PASSED, on=D(2025, 10, 9))
    review.refresh_from_db()
    assert (review.result, review.reviewed_on, review.reviewer) == (
        FilingResult.PASSED,
        D(2025, 10, 9),
        people.legal,
    )
    clock = Deadline.objects.get(object_id=str(review.pk))
    assert (clock.status, clock.completed_on) == (DeadlineStatus.MET, D(2025, 10, 9))
    assert not is_overdue(review, D(2026, 1, 1))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"result": FilingResult.CORRECTION, "opinion": ""}, "应写明审查意见"),
        ({"result": FilingResult.PENDING}, "审查结果无效"),
        ({"on": D(2025, 9, 1)}, "不能早于收到备案日期"),
        ({"on": D(2099, 9, 1)}, "不能晚于今天"),
    ],
)
def test_decide_refusals_change_nothing(tree, people, kwargs, message):
    review = typed(people, tree)
    before = FilingReview.objects.filter(pk=review.pk).values().get()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        filing_review_decide(
            actor=people.legal,
            review=review,
            **{"result": FilingResult.PASSED, "on": D(2025, 10, 1), **kwargs},
        )
    assert message in info.value.messages[0]
    assert FilingReview.objects.filter(pk=review.pk).values().get() == before
    assert AuditEvent.objects.count() == events
    assert Deadline.objects.get(object_id=str(review.pk)).status == DeadlineStatus.OPEN


def test_decide_twice_or_out_of_scope_is_refused(tree, people):
    review = typed(people, tree)
    with pytest.raises(FilingReview.DoesNotExist):
        filing_review_decide(
            actor=people.clerk_a, review=review, result=FilingResult.PASSED, on=D(2025, 10, 1)
        )
    filing_review_decide(actor=people.legal, review=review, result=FilingResult.PASSED, on=D(2025, 10, 1))
    with pytest.raises(ValidationError) as info:
        filing_review_decide(
            actor=people.legal, review=review, result=FilingResult.CORRECTION, opinion="x", on=D(2025, 10, 2)
        )
    assert "审查完毕" in info.value.messages[0]


def test_platform_document_filing_flows_back(tree, people):
    """The town files through the platform (H5's filing_submit); the county reviews; the result returns."""
    town_clerk = people.legal  # county staff also act for the town in this test tree
    document = f.published(town_clerk, tree.town, on=D(2025, 3, 3))
    from fazhi.normative.services.publication import filing_submit

    filing_submit(actor=town_clerk, document=document, on=D(2025, 3, 20), filing_organ=tree.county)
    review = FilingReview.objects.get(document=document)
    assert (review.unit, review.filer_name, review.title) == (tree.county, tree.town.name, document.title)
    assert review.on_time is True
    with pytest.raises(ValidationError):  # filed once, pending
        filing_review_create(
            actor=town_clerk, unit=tree.county, document=document, received_on=D(2025, 3, 21)
        )
    filing_review_decide(
        actor=people.legal,
        review=review,
        result=FilingResult.CORRECTION,
        opinion="第五条设定罚款，缺乏上位法依据，应予纠正。",
        on=D(2025, 4, 1),
    )
    document.refresh_from_db()
    assert (document.filing_result, document.filing_result_on) == (FilingResult.CORRECTION, D(2025, 4, 1))
    assert document.status == DocumentStatus.FILED


def test_unpublished_document_cannot_be_filed_for_review(tree, people):
    document = f.draft(people.legal, tree.town)
    with pytest.raises(ValidationError):
        filing_review_create(
            actor=people.legal, unit=tree.county, document=document, received_on=D(2025, 3, 21)
        )
    assert FilingReview.objects.count() == 0


def test_pages_and_home_panel(tree, people, login):
    client = login(people.legal)
    response = client.post(
        reverse("normative:filing-create"),
        {
            "unit": tree.county.pk,
            "filer_name": "凤山乡人民政府",
            "title": "凤山乡集体林地管理办法",
            "received_on": "2025-09-05",
            "published_on": "2025-08-30",
        },
    )
    review = FilingReview.objects.get()
    assert response.status_code == 302
    listing = client.get(reverse("normative:filing-list") + "?overdue=on")
    assert listing.status_code == 200 and review.title in listing.content.decode()  # 10-09 is past
    attention = home_attention(user=people.legal, today=D(2025, 10, 10))
    assert (attention.filings_pending_total, attention.filings_overdue_total) == (1, 1)
    response = client.post(
        reverse("normative:filing-decide", args=[review.pk]),
        {"result": FilingResult.CORRECTION, "opinion": "", "reviewed_on": "2025-10-09"},
    )
    assert response.status_code == 200 and "应写明审查意见" in response.content.decode()
    response = client.post(
        reverse("normative:filing-decide", args=[review.pk]),
        {"result": FilingResult.PASSED, "opinion": "", "reviewed_on": "2025-10-09"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("normative:filing-detail", args=[review.pk]))
    assert "审查通过" in detail.content.decode()
    assert NormativeDocument.objects.count() == 0
