"""Computed reconsideration.* metrics (METRICS.md; docs/metrics.md). Rates follow from the catalog, and
the 纠错率 口径 from FAZHI_RECONSIDERATION_CORRECTION_BASIS (correction_basis.py)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from fazhi.metrics.registry import metric_computer, register_count, register_formula_choice
from fazhi.reconsideration import correction_basis
from fazhi.reconsideration.choices import (
    WITHDRAWAL_GROUNDS,
    DecisionType,
    EventKind,
    Procedure,
    TerminationGround,
)
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase

_C = ReconsiderationCase
_COLUMNS = ("case_number", "unit", "respondent_name", "contested_act", "received_on", "status")
_CLOSED_COLUMNS = ("case_number", "unit", "respondent_name", "decision_type", "closed_on")

register_count("reconsideration.received", model=_C, date_field="received_on", columns=_COLUMNS)
register_count("reconsideration.accepted", model=_C, date_field="accepted_on", columns=_COLUMNS)
register_count("reconsideration.not_accepted", model=_C, date_field="refused_on", columns=_COLUMNS)
#: 作其他处理: today only 补正逾期视为放弃 (第三十一条第二款); 告知、转送 are still to come
register_count("reconsideration.other_handling", model=_C, date_field="abandoned_on", columns=_COLUMNS)
register_count("reconsideration.closed", model=_C, date_field="closed_on", columns=_CLOSED_COLUMNS)
register_count(
    "reconsideration.simple_procedure",
    model=_C,
    date_field="accepted_on",
    condition=Q(procedure=Procedure.SIMPLE),
    columns=_COLUMNS,
)
register_count(
    "reconsideration.overdue",
    model=_C,
    date_field="closed_on",
    condition=Q(closed_late=True),
    columns=_CLOSED_COLUMNS,
)

_DECISIONS = {
    "reconsideration.upheld": (DecisionType.UPHOLD,),
    "reconsideration.revoked": (DecisionType.REVOKE, DecisionType.REVOKE_REDO),
    "reconsideration.changed": (DecisionType.CHANGE,),
    "reconsideration.confirmed_illegal": (DecisionType.CONFIRM_ILLEGAL,),
    "reconsideration.confirmed_invalid": (DecisionType.CONFIRM_INVALID,),
    "reconsideration.ordered_perform": (DecisionType.ORDER_PERFORM,),
    "reconsideration.rejected": (DecisionType.REJECT_REQUEST, DecisionType.REJECT_APPLICATION),
    "reconsideration.mediated": (DecisionType.MEDIATE,),
    "reconsideration.terminated": (DecisionType.TERMINATE,),
}
for _key, _types in _DECISIONS.items():
    register_count(
        _key, model=_C, date_field="closed_on", condition=Q(decision_type__in=_types), columns=_CLOSED_COLUMNS
    )

register_count(
    "reconsideration.withdrawn",
    model=_C,
    date_field="closed_on",
    condition=Q(decision_type=DecisionType.TERMINATE, termination_ground__in=WITHDRAWAL_GROUNDS),
    columns=_CLOSED_COLUMNS,
)
register_count(
    "reconsideration.terminated_self_corrected",
    model=_C,
    date_field="closed_on",
    condition=Q(
        decision_type=DecisionType.TERMINATE, termination_ground=TerminationGround.WITHDRAWN_SELF_CORRECTED
    ),
    columns=_CLOSED_COLUMNS,
)
register_count(
    "reconsideration.hearings",
    model=CaseEvent,
    date_field="on",
    condition=Q(kind=EventKind.HEARING),
    columns=("case", "unit", "on", "place"),
)


@metric_computer("reconsideration.pending", model=_C, columns=_COLUMNS)
def pending(subtree, period):
    """Accepted by the end of the period and not closed by then (a stock figure at period end)."""
    qs = _C.objects.filter(subtree.q(), accepted_on__lte=period.end).exclude(closed_on__lte=period.end)
    return qs.count(), qs


#: decisions on the merits after acceptance (the national 纠错率's denominator): not 驳回申请 (第三十三条:
#: the acceptance conditions were not met), 调解 or 终止
MERITS_DECISIONS = (
    DecisionType.UPHOLD,
    DecisionType.REVOKE,
    DecisionType.REVOKE_REDO,
    DecisionType.CHANGE,
    DecisionType.CONFIRM_ILLEGAL,
    DecisionType.CONFIRM_INVALID,
    DecisionType.ORDER_PERFORM,
    DecisionType.REJECT_REQUEST,
)
register_count(
    "reconsideration.decided_on_merits",
    model=_C,
    date_field="closed_on",
    condition=Q(decision_type__in=MERITS_DECISIONS),
    columns=_CLOSED_COLUMNS,
)


def handling_days(queryset) -> Decimal | None:
    """Mean calendar days from acceptance (视为受理 included) to closing, one decimal rounded half up; None
    when no case has both dates. One aggregate query (SUM of the date differences and COUNT)."""
    span = ExpressionWrapper(F("closed_on") - F("accepted_on"), output_field=DurationField())
    row = queryset.filter(accepted_on__isnull=False, closed_on__isnull=False).aggregate(
        total=Sum(span), cases=Count("pk")
    )
    if not row["cases"]:
        return None
    total = row["total"] or datetime.timedelta(0)
    days = Decimal(total.days) + Decimal(total.seconds) / Decimal(86400)
    return (days / row["cases"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@metric_computer(
    "reconsideration.avg_handling_days",
    model=_C,
    columns=("case_number", "unit", "respondent_name", "accepted_on", "closed_on", "decision_type"),
)
def avg_handling_days(subtree, period):
    """Cases closed in the period: mean of (closed_on − accepted_on) in calendar days (not summed up the
    tree: the mean is taken over the subtree's cases, never of the units' means)."""
    qs = _C.objects.filter(subtree.q(), period.q("closed_on"), accepted_on__isnull=False)
    return handling_days(qs), qs


register_formula_choice(correction_basis.RATE_KEY, correction_basis.chosen_formula)
