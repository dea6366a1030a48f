"""The home-page panel: the user's overdue deadlines and those due within N working days."""

from __future__ import annotations

from fazhi.core.home import register_home_panel
from fazhi.workdays.selectors import deadlines_needing_attention


@register_home_panel(order=10)
def deadlines_panel(request):
    """Shown only when something needs attention; reads through ``Deadline.objects.restrict()``."""
    attention = deadlines_needing_attention(user=request.user)
    if attention.empty:
        return None
    return {"template": "workdays/_home_panel.html", "attention": attention}
