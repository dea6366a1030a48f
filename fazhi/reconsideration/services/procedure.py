"""审理程序: procedure, copy and answer, hearing, committee, 中止/恢复, 延期 (第四十八条至第六十二条)."""

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
    EventKind,
    Procedure,
    SuspensionGround,
)
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services._common import (
    _audit_update,
    _check_date,
    _close,
    _decision_rule,
    _event,
    _locked,
    _open,
    _require_status,
    case_deadline,
)
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute
from fazhi.workdays.rules import get_rule
from fazhi.workdays.services import (
    deadline_extend,
    deadline_pause,
    deadline_resume,
)

# --- 审理程序 -------------------------------------------------------------------------------------


def _switch_decision_deadline(actor, case, old_rule: str, on: datetime.date, reason: str) -> None:
    if case.accepted_on is None:
        return
    _close(actor, case, old_rule, on, met=False, reason=reason)
    _open(actor, case, _decision_rule(case), case.accepted_on)


@transaction.atomic
def case_set_procedure(
    *, actor, case: ReconsiderationCase, procedure: str, on: datetime.date, basis: str = ""
) -> ReconsiderationCase:
    """Choose 简易程序 (第五十三条: state the basis — 当场作出、警告或者通报批评、三千元以下、政府信息公开，或各方同意)
    or 普通程序 before the review starts. A simple case already under review goes to ordinary only by
    ``case_convert_to_ordinary`` (with approval)."""
    if procedure not in Procedure.values:
        raise ValidationError(_("审理程序无效。"))
    basis = (basis or "").strip()
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.REVIEW, CaseStatus.CORRECTION, CaseStatus.ACCEPTED), _("确定审理程序"))
    if case.procedure == procedure:
        raise ValidationError(_("本案已适用%(p)s。") % {"p": case.get_procedure_display()})
    if procedure == Procedure.SIMPLE and not basis:
        raise ValidationError(_("适用简易程序须写明第五十三条规定的情形。"))
    if case.accepted_on is not None:
        if procedure == Procedure.ORDINARY:
            raise ValidationError(_("简易程序案件转为普通程序须经行政复议机构负责人批准（第五十五条）。"))
        if case.copy_sent_on is not None:
            raise ValidationError(_("已按普通程序发送申请书副本，不能再改为简易程序。"))
    _check_date(on, _("日期"), not_before=case.received_on, before_label=_("收到申请日期"))
    before = snapshot(case)
    old_rule = _decision_rule(case)
    old_copy = rules.RESPONDENT_RULES[case.procedure][0]
    case.procedure = procedure
    case.save(update_fields=["procedure", "updated_at"])
    if case.accepted_on is not None:
        _switch_decision_deadline(
            actor, case, old_rule, on, _("改为%(p)s") % {"p": case.get_procedure_display()}
        )
        _close(actor, case, old_copy, on, met=False, reason=_("改变审理程序"))
        _open(actor, case, rules.RESPONDENT_RULES[procedure][0], case.accepted_on)
    _event(actor, case, EventKind.PROCEDURE_SET, on, ground=procedure, note=basis)
    _audit_update(
        actor, case, before, _("适用%(p)s：%(basis)s") % {"p": case.get_procedure_display(), "basis": basis}
    )
    return case


@transaction.atomic
def case_convert_to_ordinary(
    *, actor, case: ReconsiderationCase, on: datetime.date, approver: str, reason: str
) -> ReconsiderationCase:
    """简易程序转为普通程序 (第五十五条), approved by the head of the reconsideration office. The decision
    period becomes 60 days from acceptance (RULES.md §1.1: the law is silent; counted from acceptance)."""
    approver, reason = (approver or "").strip(), (reason or "").strip()
    if not approver:
        raise ValidationError(_("请填写批准人（行政复议机构负责人）。"))
    if not reason:
        raise ValidationError(_("请填写转为普通程序的理由。"))
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.ACCEPTED,), _("转为普通程序"))
    if case.procedure != Procedure.SIMPLE:
        raise ValidationError(_("本案不是简易程序案件。"))
    _check_date(on, _("转换日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    before = snapshot(case)
    case.procedure = Procedure.ORDINARY
    case.save(update_fields=["procedure", "updated_at"])
    _switch_decision_deadline(actor, case, rules.SIMPLE_DECISION, on, _("经批准转为普通程序"))
    _event(actor, case, EventKind.CONVERTED, on, approver=approver, note=reason)
    _audit_update(actor, case, before, _("经%(a)s批准转为普通程序：%(r)s") % {"a": approver, "r": reason})
    return case


@transaction.atomic
def case_record_copy_sent(
    *, actor, case: ReconsiderationCase, on: datetime.date, received_on: datetime.date | None = None
) -> ReconsiderationCase:
    """申请书副本发送被申请人 (第四十八条 7个工作日 / 第五十四条 3个工作日); the answer period (10 / 5 working
    days) runs from the respondent's receipt (``received_on``, default ``on``)."""
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED), _("登记发送申请书副本"))
    if case.copy_sent_on is not None:
        raise ValidationError(_("已于%(d)s登记发送申请书副本。") % {"d": case.copy_sent_on.isoformat()})
    _check_date(on, _("发送日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    received_on = received_on or on
    _check_date(received_on, _("被申请人收到副本日期"), not_before=on, before_label=_("发送日期"))
    copy_rule, answer_rule = rules.RESPONDENT_RULES[case.procedure]
    before = snapshot(case)
    case.copy_sent_on = on
    case.save(update_fields=["copy_sent_on", "updated_at"])
    _close(actor, case, copy_rule, on)
    _open(actor, case, answer_rule, received_on)
    _event(actor, case, EventKind.COPY_SENT, on, notice_on=received_on)
    _audit_update(actor, case, before, _("发送申请书副本"))
    return case


@transaction.atomic
def case_record_respondent_answer(
    *, actor, case: ReconsiderationCase, on: datetime.date
) -> ReconsiderationCase:
    """被申请人提出书面答复和证据 (第四十八条 / 第五十四条)."""
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED), _("登记被申请人答复"))
    if case.copy_sent_on is None:
        raise ValidationError(_("尚未登记发送申请书副本，不能登记答复。"))
    if case.answer_received_on is not None:
        raise ValidationError(_("已于%(d)s登记被申请人答复。") % {"d": case.answer_received_on.isoformat()})
    _check_date(on, _("收到答复日期"), not_before=case.copy_sent_on, before_label=_("发送申请书副本日期"))
    before = snapshot(case)
    case.answer_received_on = on
    case.save(update_fields=["answer_received_on", "updated_at"])
    _close(actor, case, rules.RESPONDENT_RULES[case.procedure][1], on)
    _event(actor, case, EventKind.ANSWER_RECEIVED, on)
    _audit_update(actor, case, before, _("收到被申请人书面答复"))
    return case


def hearing_earliest(notice_on: datetime.date) -> datetime.date:
    """The earliest hearing day for a notice given on ``notice_on`` (5 working days, 第五十一条)."""
    rule = get_rule(rules.HEARING_NOTICE)
    return compute(kind=rule.kind, count=rule.count, start=notice_on, calendar=load_calendar()).due


@transaction.atomic
def case_schedule_hearing(
    *,
    actor,
    case: ReconsiderationCase,
    notice_on: datetime.date,
    hearing_on: datetime.date,
    place: str,
    minutes: str = "",
) -> CaseEvent:
    """听证 (第五十条、第五十一条): written notice at least five working days before the hearing."""
    place = (place or "").strip()
    if not place:
        raise ValidationError(_("请填写听证地点。"))
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.ACCEPTED,), _("安排听证"))
    _check_date(notice_on, _("听证通知日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    earliest = hearing_earliest(notice_on)
    if hearing_on < earliest:
        raise ValidationError(
            _(
                "依照《行政复议法》第五十一条，应当在举行听证的五个工作日前书面通知；%(n)s通知的，听证日期不得早于%(e)s。"
            )
            % {"n": notice_on.isoformat(), "e": earliest.isoformat()}
        )
    event = _event(
        actor,
        case,
        EventKind.HEARING,
        hearing_on,
        notice_on=notice_on,
        place=place,
        note=(minutes or "").strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        changes=diff({}, snapshot(event)),
        note=_("安排听证"),
    )
    return event


@transaction.atomic
def case_set_committee(*, actor, case: ReconsiderationCase, consulted: bool) -> ReconsiderationCase:
    """提请行政复议委员会咨询 (第五十二条)."""
    case = _locked(actor, case)
    before = snapshot(case)
    case.committee_consulted = bool(consulted)
    case.save(update_fields=["committee_consulted", "updated_at"])
    _audit_update(actor, case, before, _("行政复议委员会咨询"))
    return case


@transaction.atomic
def case_suspend(
    *, actor, case: ReconsiderationCase, on: datetime.date, ground: str, note: str = ""
) -> ReconsiderationCase:
    """中止 (第三十九条): the decision period stops until 恢复."""
    if ground not in SuspensionGround.values:
        raise ValidationError(_("请选择第三十九条规定的中止事由。"))
    _check_date(on, _("中止日期"), not_before=case.accepted_on, before_label=_("受理日期"))
    case = transition(
        actor=actor,
        obj=case,
        name="suspend",
        reason=(note or "").strip() or str(SuspensionGround(ground).label),
        suspension_ground=ground,
        suspended_on=on,
    )
    deadline_pause(
        actor=actor,
        deadline=case_deadline(case, _decision_rule(case)),
        on=on,
        reason=str(SuspensionGround(ground).label),
    )
    _event(actor, case, EventKind.SUSPENDED, on, ground=ground, note=(note or "").strip())
    return case


@transaction.atomic
def case_resume(
    *, actor, case: ReconsiderationCase, on: datetime.date, note: str = ""
) -> ReconsiderationCase:
    """恢复审理 (第三十九条第二款): the decision period runs again."""
    _check_date(on, _("恢复日期"), not_before=case.suspended_on, before_label=_("中止日期"))
    case = transition(
        actor=actor,
        obj=case,
        name="resume",
        reason=(note or "").strip(),
        suspension_ground="",
        suspended_on=None,
    )
    deadline_resume(
        actor=actor, deadline=case_deadline(case, _decision_rule(case)), on=on, reason=_("恢复审理")
    )
    _event(actor, case, EventKind.RESUMED, on, note=(note or "").strip())
    return case


@transaction.atomic
def case_extend(
    *, actor, case: ReconsiderationCase, days: int, approver: str, reason: str, on: datetime.date
) -> ReconsiderationCase:
    """延期审理 (第六十二条第一款): ordinary procedure only, ≤ 30 days in total, approved by the head of the
    reconsideration office."""
    case = _locked(actor, case)
    _require_status(case, (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED), _("延期审理"))
    if case.procedure == Procedure.SIMPLE:
        raise ValidationError(
            _(
                "依照《行政复议法》第六十二条，简易程序案件不得延期；确需延长的，应当经批准转为普通程序（第五十五条）。"
            )
        )
    deadline = deadline_extend(
        actor=actor,
        deadline=case_deadline(case, rules.DECISION),
        days=days,
        approver=approver,
        reason=reason,
        on=on,
    )
    before = snapshot(case)
    case.extended_days += days
    case.extension_approver = approver.strip()
    case.save(update_fields=["extended_days", "extension_approver", "updated_at"])
    _event(actor, case, EventKind.EXTENDED, on, days=days, approver=approver.strip(), note=reason.strip())
    _audit_update(actor, case, before, deadline.explanation)
    return case
