"""Writes of the reconsideration module: one service per step of the case (RULES.md §1).

Every service is keyword-only, atomic and audited; status changes go through
``fazhi.core.workflow.transition`` and every step opens or closes the statutory deadlines of
``fazhi/reconsideration/rules.py`` through the deadline engine (``fazhi.workdays.services``), in the
same transaction.
"""

from __future__ import annotations

from fazhi.reconsideration.services._common import (
    Registration,
    case_deadline,
    case_deadlines,
)
from fazhi.reconsideration.services.intake import (
    case_abandon,
    case_accept,
    case_deem_accepted,
    case_receive_correction,
    case_refuse,
    case_register,
    case_request_correction,
    find_duplicates,
)
from fazhi.reconsideration.services.outcome import (
    case_decide,
    case_issue_opinion,
    case_record_opinion_feedback,
    case_terminate,
)
from fazhi.reconsideration.services.procedure import (
    case_convert_to_ordinary,
    case_extend,
    case_record_copy_sent,
    case_record_respondent_answer,
    case_resume,
    case_schedule_hearing,
    case_set_committee,
    case_set_procedure,
    case_suspend,
    hearing_earliest,
)

__all__ = [
    "Registration",
    "case_abandon",
    "case_accept",
    "case_convert_to_ordinary",
    "case_deadline",
    "case_deadlines",
    "case_decide",
    "case_deem_accepted",
    "case_extend",
    "case_issue_opinion",
    "case_receive_correction",
    "case_record_copy_sent",
    "case_record_opinion_feedback",
    "case_record_respondent_answer",
    "case_refuse",
    "case_register",
    "case_request_correction",
    "case_resume",
    "case_schedule_hearing",
    "case_set_committee",
    "case_set_procedure",
    "case_suspend",
    "case_terminate",
    "find_duplicates",
    "hearing_earliest",
]
