"""Writes of the reporting app: every one keyword-only, atomic, with an actor and an audit event."""

from fazhi.reporting.services.drafting import effective_outline, fresh_drafts, report_title  # noqa: F401
from fazhi.reporting.services.outline import (  # noqa: F401
    outline_customize,
    outline_item_add,
    outline_item_move,
    outline_item_remove,
    outline_item_update,
)
from fazhi.reporting.services.reports import report_create, section_redraft, section_save  # noqa: F401
from fazhi.reporting.services.workflow import (  # noqa: F401
    STEP_ROLES,
    can_step,
    report_freeze,
    report_leader_approve,
    report_leader_return,
    report_publish,
    report_review_pass,
    report_review_return,
    report_submit,
    run_step,
)
