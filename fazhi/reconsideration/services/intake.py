"""登记与受理审查: registration, 补正, acceptance, refusal, 视为受理 (复议法 第三十条、第三十一条)."""

from __future__ import annotations

import datetime
import secrets

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
    Channel,
    EventKind,
    IdType,
    MatterCategory,
    Procedure,
)
from fazhi.reconsideration.doc_types import CASE_NUMBER
from fazhi.reconsideration.models import CaseApplicant, ReconsiderationCase
from fazhi.reconsideration.services._common import (
    Registration,
    _check_date,
    _close,
    _close_rest,
    _decision_rule,
    _event,
    _locked,
    _normalise,
    _open,
    case_deadline,
)
from fazhi.workdays.services import (
    deadline_close,
    deadline_pause,
    deadline_restart,
)

#: no 0/O, 1/I/L: the code is read off paper and typed in by the applicant
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_verification_code() -> str:
    """An 8-character code for the public status check (about 40 bits)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


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
        verification_code=new_verification_code(),
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
    """From acceptance: the decision period and the copy to the respondent, by procedure — the stored
    procedure, not the caller's copy (which may predate a ``case_set_procedure``)."""
    case.procedure = ReconsiderationCase.objects.values_list("procedure", flat=True).get(pk=case.pk)
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
