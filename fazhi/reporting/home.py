"""The reporting calendar on the home page (RULES.md §6): the report on last year, its deadlines and state."""

from __future__ import annotations

from django.utils import timezone

from fazhi.core.home import register_home_panel
from fazhi.reporting import rules
from fazhi.reporting.selectors import calendar_state


@register_home_panel(order=30)
def reporting_calendar_panel(request):
    """For the unit of the user's current membership, when that unit files a report; hidden once the
    report is published and the publication deadline has passed — except in December, when the panel
    turns to the report on the year that is ending."""
    membership = request.user.current_membership()
    if membership is None:
        return None
    today = timezone.localdate()
    state = calendar_state(user=request.user, unit=membership.unit, year=today.year - 1, today=today)
    if state is not None and state.published and today > state.publish_due and today.month == 12:
        # last year's report is done; in December the drafting of this year's report begins
        state = calendar_state(user=request.user, unit=membership.unit, year=today.year, today=today)
    if state is None or (state.published and today > state.publish_due):
        return None
    return {"template": "reporting/_home_panel.html", "state": state, "citation": rules.CITATION,
            "publication_citation": rules.PUBLICATION_CITATION}  # fmt: skip
