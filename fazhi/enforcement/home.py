"""The home-page panel of 行政执法: certificates whose 年审 or expiry is near or past, in the user's scope."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.home import register_home_panel
from fazhi.enforcement import rules
from fazhi.enforcement.selectors import home_attention


@register_home_panel(order=40)
def enforcement_panel(request):
    """Shown only when something needs attention; reads through ``restrict()`` (home_attention)."""
    attention = home_attention(user=request.user, today=timezone.localdate())
    if attention.empty:
        return None
    days = rules.reminder_days()
    groups = [
        (_("未按期年审（年审前不得使用）"), attention.review_overdue, "danger", "review_due_on"),
        (_("已过有效期，待换证或注销"), attention.expired_unmarked, "secondary", "expires_on"),
        (_("%(d)s 日内到期，请办理换证") % {"d": days}, attention.expiring, "warning", "expires_on"),
        (_("%(d)s 日内须年审") % {"d": days}, attention.review_soon, "info", "review_due_on"),
    ]
    return {"template": "enforcement/_home_panel.html", "attention": attention, "groups": groups}
