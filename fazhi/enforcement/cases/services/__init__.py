"""Writes of 行政执法案件. The case procedure lives in services/cases.py, case_decision.py and case_closing.py
(re-exported here); 执法事项 in items.py and 两法衔接 in transfers.py (imported from their modules)."""

from fazhi.enforcement.cases.services._case_base import case_deadline, case_deadlines
from fazhi.enforcement.cases.services.case_closing import (
    case_close,
    case_decision_changed,
    case_drop,
    case_execute,
    case_publish,
    case_serve,
    case_withdraw_publication,
    record_add,
)
from fazhi.enforcement.cases.services.case_decision import (
    case_decide,
    case_mark_major,
    case_record_review,
    case_submit_review,
    latest_review,
)
from fazhi.enforcement.cases.services.cases import (
    case_extend,
    case_hold_hearing,
    case_notify,
    case_reassign,
    case_register,
    case_request_hearing,
)

__all__ = [
    "case_close",
    "case_deadline",
    "case_deadlines",
    "case_decide",
    "case_decision_changed",
    "case_drop",
    "case_execute",
    "case_extend",
    "case_hold_hearing",
    "case_mark_major",
    "case_notify",
    "case_publish",
    "case_reassign",
    "case_record_review",
    "case_register",
    "case_request_hearing",
    "case_serve",
    "case_submit_review",
    "case_withdraw_publication",
    "latest_review",
    "record_add",
]
