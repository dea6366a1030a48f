"""Computed enforcement.* metrics of the case procedure (METRICS.md; docs/metrics.md).

* ``enforcement.cases`` — cases 立案 in the period (filed_on), whatever became of them.
* ``enforcement.major_cases_legal_review`` — cases whose 法制审核 (第五十八条) was concluded in the period: a
  review round with a result (通过、退回补充调查、不通过) and its reviewed_on in the period; a case reviewed
  twice in the period counts once. The unit is the case's.
* ``enforcement.publications`` / ``enforcement.publications_timely`` — the denominator and numerator of
  ``enforcement.publication_timely_rate``: 行政处罚 decisions whose 公示 fell due in the period
  (publication_due_on, 国办发〔2018〕118号: 7 working days), and of those the ones published by the due day.
"""

from django.db.models import F, Q

from fazhi.enforcement.cases.choices import DecisionKind, ReviewResult
from fazhi.enforcement.cases.models import EnforcementCase, LegalReview
from fazhi.metrics.registry import metric_computer, register_count

_CASE_COLUMNS = ("number", "unit", "body", "party_name", "filed_on", "status", "decided_on")
_PUBLICATION_COLUMNS = (
    "number",
    "unit",
    "decision_number",
    "decided_on",
    "publication_due_on",
    "published_on",
)

register_count("enforcement.cases", model=EnforcementCase, date_field="filed_on", columns=_CASE_COLUMNS)


@metric_computer("enforcement.major_cases_legal_review", model=EnforcementCase, columns=_CASE_COLUMNS)
def major_cases_legal_review(subtree, period):
    reviewed = LegalReview.objects.filter(
        subtree.q(), period.q("reviewed_on"), ~Q(result=ReviewResult.PENDING)
    ).values("case_id")
    qs = EnforcementCase.objects.filter(pk__in=reviewed)
    return qs.count(), qs


_PENALTY = Q(decision_kind=DecisionKind.PENALTY)
register_count(
    "enforcement.publications",
    model=EnforcementCase,
    date_field="publication_due_on",
    condition=_PENALTY,
    columns=_PUBLICATION_COLUMNS,
)
register_count(
    "enforcement.publications_timely",
    model=EnforcementCase,
    date_field="publication_due_on",
    condition=_PENALTY & Q(published_on__isnull=False, published_on__lte=F("publication_due_on")),
    columns=_PUBLICATION_COLUMNS,
)

from fazhi.enforcement.cases import metrics_transfers  # noqa: E402, F401  (enforcement.transfers_to_judiciary)
