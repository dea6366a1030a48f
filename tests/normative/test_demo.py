"""The normative demo step: ~300 documents over ten years of 清河县, deterministic for a build day, with
expired, cleaned-up and amended documents, filing reviews, drafts in the workflow, indexed for search."""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter

import pytest
from django.db import transaction

from fazhi.core.demo.org import build_organisation
from fazhi.core.demo.registry import DEMO_SEED, DemoContext
from fazhi.core.services.audit import verify_chain
from fazhi.fulltext.models import IndexEntry
from fazhi.fulltext.services import search
from fazhi.normative.choices import UNPUBLISHED, CampaignStatus, DocumentStatus, FilingResult
from fazhi.normative.demo import build_normative_documents
from fazhi.normative.models import CleanupCampaign, FilingReview, NormativeDocument

pytestmark = pytest.mark.django_db
D = datetime.date
BUILD_DAY = D(2026, 3, 2)


def build() -> float:
    context = DemoContext(today=BUILD_DAY)
    build_organisation(context)
    context.rng = random.Random(f"{DEMO_SEED}:normative.documents")
    started = time.perf_counter()
    build_normative_documents(context)
    return time.perf_counter() - started


def fingerprint():
    return (
        sorted(
            NormativeDocument.objects.values_list(
                "document_number", "title", "status", "published_on", "ended_on"
            )
        ),
        sorted(FilingReview.objects.values_list("title", "received_on", "result")),
    )


@pytest.fixture
def built(db):
    with transaction.atomic():
        build()
        first = fingerprint()
        transaction.set_rollback(True)
    seconds = build()
    return first, seconds


def test_deterministic_and_fast(built):
    first, seconds = built
    assert fingerprint() == first
    assert seconds < 30, seconds


def test_ten_years_of_documents_in_every_state(built):
    docs = NormativeDocument.objects.all()
    published = docs.exclude(status__in=UNPUBLISHED)
    assert 250 <= published.count() <= 360
    years = {d.year for d in published.dates("published_on", "year")}
    assert years == set(range(2017, 2027))
    statuses = Counter(docs.values_list("status", flat=True))
    for status in (
        DocumentStatus.EXPIRED,
        DocumentStatus.REPEALED,
        DocumentStatus.AMENDED,
        DocumentStatus.FILED,
    ):
        assert statuses[status] > 0, status
    assert 8 <= sum(statuses[s] for s in UNPUBLISHED) <= 12
    assert statuses[DocumentStatus.REVIEWING] >= 3 and statuses[DocumentStatus.DELIBERATING] >= 2
    assert docs.filter(title__startswith="清河县人民政府关于印发《清河县").exists()
    assert docs.filter(title__contains="暂行").exists()
    assert docs.filter(replaces__isnull=False).exists()
    assert not published.filter(
        expires_on__lt=BUILD_DAY, status__in=(DocumentStatus.PUBLISHED, DocumentStatus.FILED)
    ).exists()


def test_cleanup_campaign_and_filing_reviews(built):
    campaign = CleanupCampaign.objects.get()
    assert campaign.status == CampaignStatus.PUBLISHED and campaign.published_on.year == 2024
    decisions = Counter(campaign.items.values_list("decision", flat=True))
    assert set(decisions) == {"keep", "amend", "repeal", "expire"}
    reviews = FilingReview.objects.all()
    assert reviews.count() > 100
    assert reviews.filter(result=FilingResult.PASSED).exists()
    assert reviews.filter(result=FilingResult.PENDING).exists()
    assert reviews.filter(document__unit__kind="town").exists()


def test_indexed_for_the_public_library_and_audit_chain_intact(built):
    published = NormativeDocument.objects.exclude(status__in=UNPUBLISHED).count()
    assert IndexEntry.objects.filter(kind="normative.document").count() == published
    assert search("normative.document", "最低生活保障", public_only=True).total >= 1
    assert verify_chain().ok
