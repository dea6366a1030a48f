"""The home-page panel of 行政复议: overdue deadlines and acceptance reviews about to lapse (视为受理)."""

from __future__ import annotations

from fazhi.core.home import register_home_panel
from fazhi.reconsideration.selectors import home_attention


@register_home_panel(order=20)
def reconsideration_panel(request):
    """Shown only when something needs attention; reads through ``restrict()`` (home_attention)."""
    attention = home_attention(user=request.user)
    if attention.empty:
        return None
    return {"template": "reconsideration/_home_panel.html", "attention": attention}
