"""Reads of 行政执法案件: the publication state, the public decisions, the reminders of the home panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from fazhi.enforcement.cases.choices import CaseStatus
from fazhi.enforcement.cases.models import EnforcementCase
from fazhi.enforcement.cases.workflows import OPEN_STATES

#: how many days ahead the home panel looks for decision deadlines
DECISION_HORIZON_DAYS = 15


def published_late(case: EnforcementCase) -> bool:
    """公示 after its due day (国办发〔2018〕118号): allowed, flagged."""
    return bool(case.published_on and case.publication_due_on and case.published_on > case.publication_due_on)


def publication_state(case: EnforcementCase, today: datetime.date) -> str:
    """One phrase for the case page and the list: 无需公示 / 待公示 / 公示逾期 / 已公示 / 逾期公示 / 待撤回 / 已撤回."""
    if case.withdrawn_on:
        return "已撤回公示"
    if case.withdrawal_due_on:
        return "撤回逾期" if case.withdrawal_due_on < today else "待撤回公示"
    if case.published_on:
        return "已公示（逾期）" if published_late(case) else "已公示"
    if case.publication_due_on:
        return "公示逾期" if case.publication_due_on < today else "待公示"
    return "—"


def public_decisions() -> QuerySet:
    """Unscoped, for the public page: decisions published and not withdrawn (第四十八条; 118号)."""
    return (
        EnforcementCase.objects.filter(published_on__isnull=False, withdrawn_on__isnull=True)
        .exclude(public_summary="")
        .select_related("body", "item")
        .order_by("-published_on", "-created_at")
    )


def overdue_q(today: datetime.date) -> Q:
    """Cases past their decision period and not decided (第六十条)."""
    return Q(status__in=OPEN_STATES, decision_due_on__lt=today)


@dataclass
class Attention:
    decisions_due: list
    publications_due: list
    withdrawals_due: list
    horizon: datetime.date

    @property
    def empty(self) -> bool:
        return not (self.decisions_due or self.publications_due or self.withdrawals_due)


def home_attention(*, user, today: datetime.date, limit: int = 8) -> Attention:
    """Cases in the user's scope near (or past) their decision deadline, decisions awaiting 公示, notices to
    withdraw — nearest first, capped at ``limit``."""
    horizon = today + datetime.timedelta(days=DECISION_HORIZON_DAYS)
    cases = EnforcementCase.objects.restrict(user, "view").select_related("body")
    decisions = cases.filter(status__in=OPEN_STATES, decision_due_on__lte=horizon).order_by("decision_due_on")
    publications = cases.filter(
        publication_due_on__isnull=False, published_on__isnull=True, status__in=_DECIDED
    ).order_by("publication_due_on")
    withdrawals = cases.filter(withdrawal_due_on__isnull=False, withdrawn_on__isnull=True).order_by(
        "withdrawal_due_on"
    )
    return Attention(
        decisions_due=list(decisions[:limit]),
        publications_due=list(publications[:limit]),
        withdrawals_due=list(withdrawals[:limit]),
        horizon=horizon,
    )


_DECIDED = (CaseStatus.DECIDED, CaseStatus.SERVED, CaseStatus.EXECUTED, CaseStatus.CLOSED)
