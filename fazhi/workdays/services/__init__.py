"""Writes of the workdays app: the calendar (global, top-level administrators) and deadlines (scoped)."""

from fazhi.workdays.services.calendar import (
    CalendarChange,
    calendar_day_add,
    calendar_day_remove,
    calendar_import,
    calendar_year_set_complete,
    can_manage_calendar,
)
from fazhi.workdays.services.deadlines import (
    apply_computation,
    deadline_assign,
    deadline_close,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_restart,
    deadline_resume,
    deadlines_recompute,
    deadlines_refresh_stale,
)

__all__ = [
    "CalendarChange",
    "apply_computation",
    "calendar_day_add",
    "calendar_day_remove",
    "calendar_import",
    "calendar_year_set_complete",
    "can_manage_calendar",
    "deadline_assign",
    "deadline_close",
    "deadline_extend",
    "deadline_open",
    "deadline_pause",
    "deadline_restart",
    "deadline_resume",
    "deadlines_recompute",
    "deadlines_refresh_stale",
]
