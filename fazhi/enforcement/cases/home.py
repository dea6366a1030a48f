"""The home-page panel of 行政执法案件: cases near or past their decision deadline (第六十条), decisions awaiting
公示 (国办发〔2018〕118号) and notices to withdraw (第四十八条), in the user's scope."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.home import register_home_panel
from fazhi.enforcement.cases.selectors import DECISION_HORIZON_DAYS, home_attention


@register_home_panel(order=41)
def enforcement_cases_panel(request):
    """Shown only when something needs attention; reads through ``restrict()`` (home_attention)."""
    today = timezone.localdate()
    attention = home_attention(user=request.user, today=today)
    if attention.empty:
        return None
    groups = [
        (
            _("%(d)s 日内届满或已超过决定期限（第六十条）") % {"d": DECISION_HORIZON_DAYS},
            attention.decisions_due,
            "decision_due_on",
        ),
        (_("待公示的执法决定"), attention.publications_due, "publication_due_on"),
        (_("待撤回公示（第四十八条）"), attention.withdrawals_due, "withdrawal_due_on"),
    ]
    rows = [
        (label, [(c, getattr(c, field), getattr(c, field) < today) for c in cases])
        for label, cases, field in groups
    ]
    return {"template": "enforcement_cases/case_home_panel.html", "rows": rows}
