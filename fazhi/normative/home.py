"""The home-page panel of 行政规范性文件: documents of the user's organs due for their pre-expiry
evaluation (有效期届满前6个月, RULES.md §4.2) and filings waiting for the user's 备案审查."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.core.home import register_home_panel
from fazhi.normative import validity
from fazhi.normative.choices import FilingResult
from fazhi.normative.models import FilingReview, NormativeDocument

#: at most this many rows of each list on the panel; the totals are exact
SHOWN = 8


@dataclass
class NormativeAttention:
    today: object
    evaluations: list = field(default_factory=list)
    evaluations_total: int = 0
    filings_overdue: list = field(default_factory=list)
    filings_overdue_total: int = 0
    filings_pending_total: int = 0

    @property
    def empty(self) -> bool:
        return not (self.evaluations_total or self.filings_overdue_total or self.filings_pending_total)


def home_attention(*, user, today=None) -> NormativeAttention:
    """Read through ``restrict()``: the issuing organ's staff see their documents' evaluations, the
    reviewing organ's staff their pending filings."""
    today = today or timezone.localdate()
    attention = NormativeAttention(today=today)
    due = validity.evaluation_candidates(NormativeDocument.objects.restrict(user, "change"), today)
    attention.evaluations_total = len(due)
    attention.evaluations = due[:SHOWN]
    pending = FilingReview.objects.restrict(user, "change").filter(result=FilingResult.PENDING)
    attention.filings_pending_total = pending.count()
    overdue = pending.filter(due_on__lt=today).order_by("due_on")
    attention.filings_overdue_total = overdue.count()
    attention.filings_overdue = list(overdue[:SHOWN])
    return attention


@register_home_panel(order=40)
def normative_panel(request):
    """Shown only when something needs attention."""
    attention = home_attention(user=request.user)
    if attention.empty:
        return None
    return {"template": "normative/oversight/_home_panel.html", "attention": attention}
