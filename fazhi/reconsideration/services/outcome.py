"""结案: termination, decision, 意见书 and its feedback (第四十一条、第六十一条至第七十六条)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.workflow import transition
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    CaseStatus,
    DecisionType,
    EventKind,
    TerminationGround,
)
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services._common import (
    _LAPSING_SUSPENSIONS,
    _check_date,
    _close,
    _close_rest,
    _decision_rule,
    _event,
    _locked,
    _open,
    case_deadline,
)
from fazhi.workdays.services import (
    deadline_resume,
)

# --- 结案 -----------------------------------------------------------------------------------------


def _finish(actor, case, on: datetime.date, reason: str) -> bool:
    """Close the decision period (办结 on ``on``) and every other open period; True when late."""
    deadline = _close(actor, case, _decision_rule(case), on)
    _close_rest(actor, case, on, reason)
    return bool(deadline and deadline.met_late)


@transaction.atomic
def case_terminate(
    *, actor, case: ReconsiderationCase, on: datetime.date, ground: str, approver: str = "", note: str = ""
) -> ReconsiderationCase:
    """终止 (第四十一条), withdrawal included."""
    if ground not in TerminationGround.values:
        raise ValidationError(_("请选择第四十一条规定的终止事由。"))
    _check_date(on, _("终止日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    if ground == TerminationGround.SUSPENSION_LAPSED:
        current = _locked(actor, case)
        if (
            current.status != CaseStatus.SUSPENDED
            or current.suspension_ground not in _LAPSING_SUSPENSIONS
            or (on - current.suspended_on).days < 60
        ):
            raise ValidationError(
                _(
                    "依照第四十一条第五项，只有因第三十九条第一款第一、二、四项中止满六十日且中止原因仍未消除的，才能终止。"
                )
            )
    case = transition(
        actor=actor,
        obj=case,
        name="terminate",
        reason=(note or "").strip() or str(TerminationGround(ground).label),
        decision_type=DecisionType.TERMINATE,
        termination_ground=ground,
        decided_on=on,
        decision_approver=(approver or "").strip(),
        closed_on=on,
    )
    if case_deadline(case, _decision_rule(case)) and case_deadline(case, _decision_rule(case)).paused_since:
        deadline_resume(
            actor=actor, deadline=case_deadline(case, _decision_rule(case)), on=on, reason=_("终止审理")
        )
    late = _finish(actor, case, on, _("案件终止审理"))
    if late:
        ReconsiderationCase.objects.filter(pk=case.pk).update(closed_late=True)
        case.closed_late = True
    return case


@transaction.atomic
def case_decide(
    *,
    actor,
    case: ReconsiderationCase,
    decision_type: str,
    decided_on: datetime.date,
    approver: str,
    decision_text: str = "",
) -> ReconsiderationCase:
    """行政复议决定 (第六十一条 — approved by the organ's head — to 第六十九条), or 调解 (第七十三条)."""
    if decision_type not in DecisionType.values or decision_type == DecisionType.TERMINATE:
        raise ValidationError(_("结案方式无效；终止审理请使用“终止”。"))
    approver = (approver or "").strip()
    if not approver:
        raise ValidationError(_("请填写批准人（行政复议机关负责人）。"))
    _check_date(decided_on, _("决定日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    case = transition(
        actor=actor,
        obj=case,
        name="decide",
        decision_type=decision_type,
        decided_on=decided_on,
        decision_approver=approver,
        decision_text=(decision_text or "").strip(),
        closed_on=decided_on,
    )
    late = _finish(actor, case, decided_on, _("已作出行政复议决定"))
    if late:
        ReconsiderationCase.objects.filter(pk=case.pk).update(closed_late=True)
        case.closed_late = True
    return case


@transaction.atomic
def case_issue_opinion(*, actor, case: ReconsiderationCase, on: datetime.date, note: str = "") -> CaseEvent:
    """行政复议意见书 to the respondent (第七十六条): it reports back within 60 days."""
    case = _locked(actor, case)
    _check_date(
        on, _("制发日期"), not_before=case.accepted_on or case.received_on, before_label=_("受理日期")
    )
    if case.accepted_on is None:
        raise ValidationError(_("案件尚未受理，不能制发行政复议意见书。"))
    event = _event(actor, case, EventKind.OPINION_ISSUED, on, note=(note or "").strip())
    _open(actor, case, rules.OPINION_FEEDBACK, on)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        changes=diff({}, snapshot(event)),
        note=_("制发行政复议意见书"),
    )
    return event


@transaction.atomic
def case_record_opinion_feedback(
    *, actor, case: ReconsiderationCase, on: datetime.date, note: str = ""
) -> CaseEvent:
    """The respondent reported how it acted on the 意见书."""
    case = _locked(actor, case)
    if case_deadline(case, rules.OPINION_FEEDBACK) is None:
        raise ValidationError(_("本案没有待反馈的行政复议意见书。"))
    _check_date(on, _("反馈日期"))
    _close(actor, case, rules.OPINION_FEEDBACK, on)
    event = _event(actor, case, EventKind.OPINION_FEEDBACK, on, note=(note or "").strip())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        changes=diff({}, snapshot(event)),
        note=_("收到意见书反馈"),
    )
    return event
