"""Computed normative.* metrics (METRICS.md; docs/metrics.md). Rates (filing_rate, filing_timely_rate)
follow from the catalog's numerators and denominators and are never registered here.

The 政府信息公开 yearly report (表二 第（一）项, RULES.md §4) needs three counts: 本年制发 = normative.issued,
本年废止 = normative.repealed and 现行有效 = normative.in_force (a stock at the period's end); the last two
are catalog keys of origin ``fazhi``.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from fazhi.metrics.registry import metric_computer, register_count
from fazhi.normative.choices import (
    IN_FORCE,
    UNPUBLISHED,
    CleanupDecision,
    DocumentKind,
    DocumentStatus,
    FilingResult,
)
from fazhi.normative.models import CleanupItem, FilingReview, NormativeDocument

_D = NormativeDocument
_COLUMNS = ("document_number", "title", "unit", "kind", "published_on", "status")
_FILED_COLUMNS = ("document_number", "title", "unit", "published_on", "filing_due_on", "filed_on")
_ENDED_COLUMNS = ("document_number", "title", "unit", "published_on", "ended_on", "status")
_ITEM_COLUMNS = ("campaign", "document", "decision", "reason", "decided_on")
_REVIEW_COLUMNS = ("filer_name", "title", "document_number", "received_on", "due_on", "reviewed_on", "result")

#: 有效期 ending within this many days after the period's end counts as 即将到期 (METRICS.md)
EXPIRING_DAYS = 90

register_count(
    "normative.reviewed",
    model=_D,
    date_field="reviewed_on",
    condition=~Q(review_opinion=""),
    columns=_COLUMNS,
)
register_count("normative.issued", model=_D, date_field="published_on", columns=_COLUMNS)
register_count(
    "normative.issued_government",
    model=_D,
    date_field="published_on",
    condition=Q(kind=DocumentKind.GOVERNMENT),
    columns=_COLUMNS,
)
register_count(
    "normative.issued_department",
    model=_D,
    date_field="published_on",
    condition=Q(kind=DocumentKind.DEPARTMENT),
    columns=_COLUMNS,
)
register_count("normative.filed", model=_D, date_field="filed_on", columns=_FILED_COLUMNS)
register_count(
    "normative.filed_timely",
    model=_D,
    date_field="filed_on",
    condition=Q(filing_due_on__isnull=False, filed_on__lte=F("filing_due_on")),
    columns=_FILED_COLUMNS,
)
register_count(
    "normative.interpretations",
    model=_D,
    date_field="published_on",
    condition=~Q(interpretation=""),
    columns=_COLUMNS,
)
register_count(
    "normative.repealed",
    model=_D,
    date_field="ended_on",
    condition=Q(status=DocumentStatus.REPEALED),
    columns=_ENDED_COLUMNS,
)
register_count(
    "normative.filing_reviewed",
    model=FilingReview,
    date_field="reviewed_on",
    condition=~Q(result=FilingResult.PENDING),
    columns=_REVIEW_COLUMNS,
)

_CLEANUP = {
    "normative.cleanup_kept": CleanupDecision.KEEP,
    "normative.cleanup_amended": CleanupDecision.AMEND,
    "normative.cleanup_repealed": CleanupDecision.REPEAL,
    "normative.cleanup_expired": CleanupDecision.EXPIRE,
}
for _key, _decision in _CLEANUP.items():
    # counted when the campaign publishes its result, at the campaign's organ
    register_count(
        _key,
        model=CleanupItem,
        date_field="campaign__published_on",
        condition=Q(decision=_decision),
        columns=_ITEM_COLUMNS,
    )


def in_force_on(day: datetime.date) -> Q:
    """Documents in force at the end of ``day``: published by then, not amended, repealed or expired by
    then (``ended_on`` is the first day out of force), and not past their last day in force."""
    return (
        Q(published_on__lte=day)
        & ~Q(status__in=UNPUBLISHED)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
    )


@metric_computer("normative.in_force", model=_D, columns=_COLUMNS)
def in_force(subtree, period):
    qs = _D.objects.filter(subtree.q(), in_force_on(period.end))
    return qs.count(), qs


@metric_computer(
    "normative.expiring",
    model=_D,
    columns=("document_number", "title", "unit", "published_on", "expires_on", "status"),
)
def expiring(subtree, period):
    """In force at the period's end with the last day in force within the following 90 days."""
    end = period.end
    qs = _D.objects.filter(
        subtree.q(),
        in_force_on(end),
        expires_on__gt=end,
        expires_on__lte=end + datetime.timedelta(days=EXPIRING_DAYS),
    )
    return qs.count(), qs


__all__ = ["EXPIRING_DAYS", "IN_FORCE", "in_force_on"]
