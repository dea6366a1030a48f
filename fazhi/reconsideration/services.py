"""Writes of the reconsideration module: one service per step of the case (RULES.md §1).

Every service is keyword-only, atomic and audited; status changes go through
``fazhi.core.workflow.transition`` and every step opens or closes the statutory deadlines of
``fazhi/reconsideration/rules.py`` through the deadline engine (``fazhi.workdays.services``), in the
same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import has_permission_on_unit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.numbering.services import number_issue
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    DecisionType,
    EventKind,
    IdType,
    MatterCategory,
    Procedure,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.doc_types import CASE_NUMBER
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.counting import compute
from fazhi.workdays.models import Deadline
from fazhi.workdays.rules import get_rule
from fazhi.workdays.services import (
    deadline_close,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_restart,
    deadline_resume,
)

#: 第四十一条第五项: only suspensions on these grounds may end in termination after 60 days
_LAPSING_SUSPENSIONS = (SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.SUCCESSOR)


@dataclass
class Registration:
    """What ``case_register`` returns: the case and the earlier cases of the same applicant on the same act."""

    case: ReconsiderationCase
    duplicates: list[ReconsiderationCase] = field(default_factory=list)

    @property
    def duplicate_warning(self) -> bool:
        return bool(self.duplicates)


# --- helpers --------------------------------------------------------------------------------------


def _check_date(
    value, label: str, *, not_before: datetime.date | None = None, before_label: str = ""
) -> None:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(_("%(label)s无效。") % {"label": label})
    if value > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})
    if not_before is not None and value < not_before:
        raise ValidationError(
            _("%(label)s不能早于%(other)s（%(date)s）。")
            % {"label": label, "other": before_label, "date": not_before.isoformat()}
        )


def _locked(actor, case: ReconsiderationCase, action: str = "change") -> ReconsiderationCase:
    """The stored case, locked, inside the actor's scope (out of scope: DoesNotExist, like a missing one)."""
    return (
        ReconsiderationCase.objects.restrict(actor, action)
        .select_for_update(of=("self",))
        .select_related("unit", "handler")
        .get(pk=case.pk)
    )


def _require_status(case: ReconsiderationCase, allowed, action: str) -> None:
    if case.status not in allowed:
        raise ValidationError(
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": case.get_status_display(), "action": action},
            code="invalid_transition",
        )


def case_deadline(case: ReconsiderationCase, rule_key: str) -> Deadline | None:
    """The open deadline ``rule_key`` of the case, if any."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(ReconsiderationCase),
        object_id=str(case.pk),
        rule_key=rule_key,
        status=DeadlineStatus.OPEN,
    ).first()


def case_deadlines(case: ReconsiderationCase):
    """Every deadline of the case (open and closed), oldest first."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(ReconsiderationCase), object_id=str(case.pk)
    ).order_by("created_at")


def _open(actor, case, rule_key: str, start: datetime.date) -> Deadline:
    return deadline_open(actor=actor, record=case, rule_key=rule_key, start=start, responsible=case.handler)


def _close(
    actor, case, rule_key: str, on: datetime.date, *, met: bool = True, reason: str = ""
) -> Deadline | None:
    deadline = case_deadline(case, rule_key)
    if deadline is not None:
        deadline = deadline_close(actor=actor, deadline=deadline, on=on, met=met, reason=reason)
    return deadline


def _close_rest(actor, case, on: datetime.date, reason: str) -> None:
    """Close every deadline of the case still open (the case ended): 终止, not 办结."""
    for deadline in case_deadlines(case).filter(status=DeadlineStatus.OPEN):
        deadline_close(
            actor=actor, deadline=deadline, on=max(on, deadline.start_date), met=False, reason=reason
        )


def _decision_rule(case) -> str:
    return rules.DECISION_RULES[case.procedure]


def _event(actor, case, kind: str, on: datetime.date, **values) -> CaseEvent:
    event = CaseEvent.objects.create(unit_id=case.unit_id, case=case, kind=kind, on=on, actor=actor, **values)
    return event


def _audit_update(actor, case, before: dict, note: str) -> None:
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=case, changes=diff(before, snapshot(case)), note=note
    )


def _normalise(text: str) -> str:
    return "".join((text or "").split())


# --- 登记 -----------------------------------------------------------------------------------------


def find_duplicates(
    *,
    actor,
    applicants: list[dict],
    respondent_name: str,
    contested_act: str,
    act_document_number: str = "",
    exclude=None,
) -> list[ReconsiderationCase]:
    """Cases the actor can see where one of the same applicants contested the same act (same respondent
    and the same act, by wording or by document number)."""
    ids = {a.get("id_number", "").strip() for a in applicants if a.get("id_number", "").strip()}
    names = {a.get("name", "").strip() for a in applicants if not a.get("id_number", "").strip()}
    if not ids and not names:
        return []
    qs = ReconsiderationCase.objects.restrict(actor, "view")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    candidates = qs.filter(applicants__id_number__in=ids) | qs.filter(
        applicants__name__in=names, applicants__id_number=""
    )
    act, number = _normalise(contested_act), _normalise(act_document_number)
    found = []
    for other in candidates.distinct().order_by("received_on"):
        same_act = (number and _normalise(other.act_document_number) == number) or (
            _normalise(other.respondent_name) == _normalise(respondent_name)
            and _normalise(other.contested_act) == act
        )
        if same_act:
            found.append(other)
    return found


def _clean_applicants(applicants: list[dict]) -> list[dict]:
    if not applicants:
        raise ValidationError(_("请至少填写一名申请人。"))
    cleaned = []
    for i, raw in enumerate(applicants, start=1):
        a = {k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items()}
        unknown = set(a) - {"kind", "name", "id_type", "id_number", "phone", "address"}
        if unknown:
            raise ValueError(f"申请人字段未知：{sorted(unknown)}")
        if not a.get("name"):
            raise ValidationError(_("第%(n)s名申请人未填写姓名或名称。") % {"n": i})
        if a.get("kind") not in ApplicantKind.values:
            raise ValidationError(_("第%(n)s名申请人的类型无效。") % {"n": i})
        if a.get("id_type") and a["id_type"] not in IdType.values:
            raise ValidationError(_("第%(n)s名申请人的证件类型无效。") % {"n": i})
        if a.get("id_number") and not a.get("id_type"):
            raise ValidationError(_("第%(n)s名申请人填写了证件号码，请选择证件类型。") % {"n": i})
        cleaned.append(a)
    return cleaned


@transaction.atomic
def case_register(
    *,
    actor,
    unit: OrgUnit,
    applicants: list[dict],
    contested_act: str,
    category: str,
    requests: str,
    channel: str,
    received_on: datetime.date,
    respondent_unit: OrgUnit | None = None,
    respondent_name: str = "",
    act_document_number: str = "",
    knew_on: datetime.date | None = None,
    reasons: str = "",
    agent_name: str = "",
    agent_phone: str = "",
    handler=None,
    procedure: str = Procedure.ORDINARY,
) -> Registration:
    """登记 an application: the case, its applicants, the case number and the 5-working-day review
    (第三十条). ``applicants``: dicts of kind, name, id_type, id_number, phone, address.

    Returns the case and, as a warning (not a refusal), the earlier cases of the same applicant on the
    same act."""
    ensure_unit_allowed(user=actor, unit=unit, model=ReconsiderationCase, action="add")
    applicants = _clean_applicants(applicants)
    respondent_name = (respondent_name or "").strip() or (respondent_unit.name if respondent_unit else "")
    contested_act, requests = (contested_act or "").strip(), (requests or "").strip()
    if not respondent_name:
        raise ValidationError(_("请填写被申请人。"))
    if not contested_act:
        raise ValidationError(_("请填写被申请复议的行政行为。"))
    if not requests:
        raise ValidationError(_("请填写复议请求。"))
    if category not in MatterCategory.values:
        raise ValidationError(_("案件类别无效。"))
    if channel not in Channel.values:
        raise ValidationError(_("申请方式无效。"))
    if procedure not in Procedure.values:
        raise ValidationError(_("审理程序无效。"))
    _check_date(received_on, _("收到申请日期"))
    if knew_on is not None:
        _check_date(knew_on, _("知道该行政行为之日"))
        if knew_on > received_on:
            raise ValidationError(_("知道该行政行为之日不能晚于收到申请日期。"))
    if handler is not None and not has_permission_on_unit(handler, Permission.VIEW, unit):
        raise ValidationError(
            _("承办人“%(name)s”不在%(unit)s的管辖范围内。")
            % {"name": handler.get_full_name() or handler.username, "unit": unit.name}
        )
    duplicates = find_duplicates(
        actor=actor,
        applicants=applicants,
        respondent_name=respondent_name,
        contested_act=contested_act,
        act_document_number=act_document_number,
    )
    case = ReconsiderationCase.objects.create(
        unit=unit,
        respondent_unit=respondent_unit,
        respondent_name=respondent_name,
        contested_act=contested_act,
        act_document_number=(act_document_number or "").strip(),
        category=category,
        knew_on=knew_on,
        requests=requests,
        reasons=(reasons or "").strip(),
        channel=channel,
        received_on=received_on,
        agent_name=(agent_name or "").strip(),
        agent_phone=(agent_phone or "").strip(),
        handler=handler,
        procedure=procedure,
    )
    issued = number_issue(actor=actor, unit=unit, doc_type=CASE_NUMBER, year=received_on.year, record=case)
    case.case_number = issued.text
    case.save(update_fields=["case_number", "updated_at"])
    for a in applicants:
        applicant = CaseApplicant.objects.create(unit=unit, case=case, **a)
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=applicant, changes=diff({}, snapshot(applicant))
        )
    note = _("登记行政复议申请")
    if duplicates:
        note += _("（同一申请人已就同一行政行为申请：%(numbers)s）") % {
            "numbers": "、".join(d.case_number or str(d.pk) for d in duplicates)
        }
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=case, changes=diff({}, snapshot(case)), note=note
    )
    _open(actor, case, rules.ACCEPTANCE, received_on)
    ensure_in_scope(user=actor, obj=case, action="add")
    return Registration(case=case, duplicates=duplicates)


# --- 受理审查 -------------------------------------------------------------------------------------


@transaction.atomic
def case_request_correction(
    *,
    actor,
    case: ReconsiderationCase,
    on: datetime.date,
    items: str,
    notice_received_on: datetime.date | None = None,
) -> ReconsiderationCase:
    """补正 (第三十一条): a one-time list; the review clock stops, the applicant has 10 working days from
    receiving the notice (``notice_received_on``, default ``on``)."""
    items = (items or "").strip()
    if not items:
        raise ValidationError(_("请逐项列明需要补正的材料。"))
    _check_date(on, _("通知补正日期"), not_before=case.received_on, before_label=_("收到申请日期"))
    notice_received_on = notice_received_on or on
    _check_date(
        notice_received_on, _("申请人收到补正通知日期"), not_before=on, before_label=_("通知补正日期")
    )
    current = _locked(actor, case)
    if current.correction_requested_on is not None:
        raise ValidationError(
            _("补正通知应当一次性载明需要补正的事项；本案已于%(date)s通知补正。")
            % {"date": current.correction_requested_on.isoformat()}
        )
    case = transition(
        actor=actor, obj=case, name="request_correction", correction_requested_on=on, correction_items=items
    )
    deadline_pause(actor=actor, deadline=case_deadline(case, rules.ACCEPTANCE), on=on, reason=_("通知补正"))
    _open(actor, case, rules.CORRECTION, notice_received_on)
    _event(actor, case, EventKind.CORRECTION_REQUESTED, on, notice_on=notice_received_on, note=items)
    return case


@transaction.atomic
def case_receive_correction(*, actor, case: ReconsiderationCase, on: datetime.date) -> ReconsiderationCase:
    """收到补正材料: the 5-working-day review counts again from ``on`` (第三十条、第三十一条)."""
    _check_date(
        on,
        _("收到补正材料日期"),
        not_before=case.correction_requested_on or case.received_on,
        before_label=_("通知补正日期"),
    )
    case = transition(actor=actor, obj=case, name="receive_correction", correction_received_on=on)
    _close(actor, case, rules.CORRECTION, on)
    deadline_restart(
        actor=actor, deadline=case_deadline(case, rules.ACCEPTANCE), on=on, reason=_("收到补正材料")
    )
    _event(actor, case, EventKind.CORRECTION_RECEIVED, on)
    return case


@transaction.atomic
def case_abandon(*, actor, case: ReconsiderationCase, on: datetime.date) -> ReconsiderationCase:
    """补正期限届满未补正：视为申请人放弃行政复议申请 (第三十一条第二款), recorded on ``on`` (after the
    10 working days; an applicant with 正当理由 is given more time by extending the deadline instead)."""
    deadline = case_deadline(case, rules.CORRECTION)
    if deadline is None or deadline.due_date is None or on <= deadline.due_date:
        raise ValidationError(_("补正期限尚未届满，不能视为放弃申请。"))
    _check_date(on, _("日期"))
    case = transition(
        actor=actor, obj=case, name="abandon", abandoned_on=on, reason=_("无正当理由逾期不补正")
    )
    deadline_close(actor=actor, deadline=deadline, on=on, met=False, reason=_("逾期未补正，视为放弃申请"))
    _close_rest(actor, case, on, _("申请人逾期未补正，视为放弃申请"))
    return case


def _start_review(actor, case: ReconsiderationCase, accepted_on: datetime.date) -> None:
    """From acceptance: the decision period and the copy to the respondent, by procedure."""
    _open(actor, case, _decision_rule(case), accepted_on)
    _open(actor, case, rules.RESPONDENT_RULES[case.procedure][0], accepted_on)


@transaction.atomic
def case_accept(*, actor, case: ReconsiderationCase, on: datetime.date) -> ReconsiderationCase:
    """受理 (第三十条第一款)."""
    _check_date(
        on,
        _("受理日期"),
        not_before=case.correction_received_on or case.received_on,
        before_label=_("收到申请（补正材料）日期"),
    )
    case = transition(actor=actor, obj=case, name="accept", accepted_on=on)
    _close(actor, case, rules.ACCEPTANCE, on)
    _start_review(actor, case, on)
    return case


@transaction.atomic
def case_refuse(
    *, actor, case: ReconsiderationCase, on: datetime.date, reason: str, competent_organ: str = ""
) -> ReconsiderationCase:
    """不予受理 (第三十条第二款): with the reason and, where another organ has jurisdiction, that organ."""
    reason, competent_organ = (reason or "").strip(), (competent_organ or "").strip()
    _check_date(on, _("不予受理日期"), not_before=case.received_on, before_label=_("收到申请日期"))
    case = transition(
        actor=actor,
        obj=case,
        name="refuse",
        reason=reason,
        refused_on=on,
        refusal_reason=reason,
        competent_organ=competent_organ,
    )
    _close(actor, case, rules.ACCEPTANCE, on)
    return case


@transaction.atomic
def case_deem_accepted(
    *, actor, case: ReconsiderationCase, today: datetime.date | None = None
) -> ReconsiderationCase:
    """视为受理 (第三十条第三款): the review period ended without a 不予受理 decision; the case counts as
    accepted from the day the period ended."""
    today = today or timezone.localdate()
    deadline = case_deadline(case, rules.ACCEPTANCE)
    if deadline is None or deadline.due_date is None or deadline.due_date >= today:
        raise ValidationError(_("受理审查期限尚未届满，不能视为受理。"))
    due = deadline.due_date
    case = transition(
        actor=actor,
        obj=case,
        name="deem_accept",
        accepted_on=due,
        deemed_accepted=True,
        reason=_("审查期限届满未作出不予受理决定"),
    )
    deadline_close(
        actor=actor,
        deadline=deadline,
        on=due,
        met=False,
        reason=_("审查期限届满，依照第三十条第三款视为受理"),
    )
    _start_review(actor, case, due)
    return case


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
    *, actor, case: ReconsiderationCase, decision_type: str, decided_on: datetime.date, approver: str
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
