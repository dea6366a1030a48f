"""Computed reconsideration.* metrics (METRICS.md; docs/metrics.md). Rates follow from the catalog."""

from django.db.models import Q

from fazhi.metrics.registry import metric_computer, register_count
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
