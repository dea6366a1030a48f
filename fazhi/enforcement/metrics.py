"""Computed enforcement.* metrics (METRICS.md; docs/metrics.md) from bodies, certificates and exam records.

Mapping to the catalog: certificates_new = cards issued on a new application (新证申领); certificates_renewed
= cards issued on 换证 at the end of validity; certificates_replaced = cards issued on 补证 (遗失/损毁) —
the catalog's “统一换发的新版” has no separate record here, a uniform re-issue is entered as 换证;
certificates_issued = the three together. All count 行政执法证 only; 执法监督证 are
supervision_certificates. Stocks (bodies, personnel, certificates_total, supervision_certificates) are read
at the period's last day: a card counts when issued by then, not past its last valid day and not ended
(过期、换发、作废、注销) by then, and not under a suspension begun by then and still running.
"""

from django.db.models import Q

from fazhi.enforcement.choices import BodyStatus, CertificateKind, CertificateStatus, EventKind, IssueReason
from fazhi.enforcement.models import CertificateEvent, EnforcementBody, EnforcementCertificate
from fazhi.metrics.registry import metric_computer, register_count

_C = EnforcementCertificate
_CARD_COLUMNS = ("number", "officer", "unit", "kind", "issue_reason", "issued_on", "expires_on", "status")
_ISSUED = Q(kind=CertificateKind.ENFORCEMENT) & ~Q(number="")

register_count(
    "enforcement.certificates_issued",
    model=_C,
    date_field="issued_on",
    condition=_ISSUED,
    columns=_CARD_COLUMNS,
)
for _key, _reason in (
    ("enforcement.certificates_new", IssueReason.NEW),
    ("enforcement.certificates_renewed", IssueReason.RENEWAL),
    ("enforcement.certificates_replaced", IssueReason.REPLACEMENT),
):
    register_count(
        _key,
        model=_C,
        date_field="issued_on",
        condition=_ISSUED & Q(issue_reason=_reason),
        columns=_CARD_COLUMNS,
    )

register_count(
    "enforcement.exam_participants",
    model=CertificateEvent,
    date_field="on",
    condition=Q(kind=EventKind.EXAM),
    columns=("certificate", "unit", "on", "score", "passed"),
)
register_count(
    "enforcement.exam_passed",
    model=CertificateEvent,
    date_field="on",
    condition=Q(kind=EventKind.EXAM, passed=True),
    columns=("certificate", "unit", "on", "score"),
)


def held_at(end, kind: str) -> Q:
    """Cards of ``kind`` usable on ``end`` (see the module docstring)."""
    return (
        Q(kind=kind, issued_on__lte=end, expires_on__gte=end)
        & ~Q(number="")
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        & ~Q(status=CertificateStatus.SUSPENDED, suspended_on__lte=end)
        & ~Q(status__in=(CertificateStatus.APPLIED, CertificateStatus.TRAINING, CertificateStatus.WITHDRAWN))
    )


@metric_computer("enforcement.certificates_total", model=_C, columns=_CARD_COLUMNS)
def certificates_total(subtree, period):
    qs = _C.objects.filter(subtree.q(), held_at(period.end, CertificateKind.ENFORCEMENT))
    return qs.count(), qs


@metric_computer("enforcement.supervision_certificates", model=_C, columns=_CARD_COLUMNS)
def supervision_certificates(subtree, period):
    qs = _C.objects.filter(subtree.q(), held_at(period.end, CertificateKind.SUPERVISION))
    return qs.count(), qs


@metric_computer("enforcement.personnel", model=_C, columns=_CARD_COLUMNS)
def personnel(subtree, period):
    """Officers holding a usable 行政执法证 at the period's end (an officer has at most one current card of a
    kind, so the cards are the people; counted distinct all the same)."""
    qs = _C.objects.filter(subtree.q(), held_at(period.end, CertificateKind.ENFORCEMENT))
    return qs.values("officer_id").distinct().count(), qs


@metric_computer(
    "enforcement.bodies", model=EnforcementBody, columns=("name", "unit", "kind", "confirmed_on")
)
def bodies(subtree, period):
    end = period.end
    qs = EnforcementBody.objects.filter(subtree.q()).filter(
        (Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=end))
        & (Q(status=BodyStatus.ACTIVE) | Q(cancelled_on__gt=end))
    )
    return qs.count(), qs
