"""Writes of a 行政执法案件, part 1: 立案 and its officers (处罚法 第42条), 告知, 听证, 延期.

Every service of the case procedure (this module, case_decision.py, case_closing.py) is keyword-only, atomic
and audited, with an explicit ``actor``. A refusal raises ``ValidationError`` with a Chinese sentence citing its
article and writes nothing. Cases created in bulk (demo data, imports) may have no tracked deadline and no audit
trail: the services compute from the case's own fields and touch a tracked deadline only where one exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_create
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases.choices import (
    ItemStatus,
    OfficerRole,
    Procedure,
)
from fazhi.enforcement.cases.doc_types import CASE_NUMBER
from fazhi.enforcement.cases.models import (
    CaseOfficer,
    EnforcementCase,
    EnforcementItem,
)
from fazhi.enforcement.cases.services._case_base import (
    S,
    _check_date,
    _locked,
    _refuse,
    _require,
    _update,
    case_deadline,
)
from fazhi.enforcement.cases.workflows import OPEN_STATES
from fazhi.enforcement.choices import BodyStatus, CertificateKind
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate, EnforcementOfficer
from fazhi.enforcement.selectors import ensure_assignable, usable_q
from fazhi.workdays.services import deadline_extend, deadline_open

# --- 立案 and the officers (处罚法 第四十二条) -------------------------------------------------------------


def _certificate_numbers(officers: list[EnforcementOfficer], on: datetime.date) -> dict:
    """The number of the 行政执法证 each officer could use on ``on`` (recorded with the assignment)."""
    cards = (
        EnforcementCertificate.objects.filter(
            usable_q(on), kind=CertificateKind.ENFORCEMENT, officer_id__in=[o.pk for o in officers]
        )
        .order_by("-issued_on")
        .values_list("officer_id", "number")
    )
    numbers: dict = {}
    for officer_id, number in cards:
        numbers.setdefault(officer_id, number)
    return numbers


def _check_officers(
    officers: Iterable[EnforcementOfficer], lead: EnforcementOfficer | None, on: datetime.date
):
    officers = list({o.pk: o for o in officers}.values())
    ensure_assignable(officers, on=on)  # 第四十二条: two or more, each with a usable card on the day
    if lead is None or lead.pk not in {o.pk for o in officers}:
        raise _refuse(_("请从指派的执法人员中确定一名主办人员。"), code="lead")
    return officers


def _assign(actor, case: EnforcementCase, officers, lead, on: datetime.date) -> list[CaseOfficer]:
    numbers = _certificate_numbers(officers, on)
    rows = []
    for officer in officers:
        row = CaseOfficer(
            unit_id=case.unit_id,
            case=case,
            officer=officer,
            role=OfficerRole.LEAD if officer.pk == lead.pk else OfficerRole.ASSIST,
            certificate_number=numbers.get(officer.pk, ""),
        )
        rows.append(record_create(actor=actor, instance=row))
    return rows


@transaction.atomic
def case_register(
    *,
    actor,
    body: EnforcementBody,
    item: EnforcementItem,
    source: str,
    title: str,
    party_kind: str,
    party_name: str,
    filed_on: datetime.date,
    officers: Iterable[EnforcementOfficer],
    lead: EnforcementOfficer | None,
    procedure: str = Procedure.ORDINARY,
    facts: str = "",
    party_id_number: str = "",
    party_phone: str = "",
    party_address: str = "",
    found_on: datetime.date | None = None,
) -> EnforcementCase:
    """立案: the case belongs to the body's unit, concerns an active 执法事项 of that body, and is handled by at
    least two officers with a usable 行政执法证 on the filing day (第四十二条). It is numbered by the numbering
    engine (行政处罚立案编号) and, in the ordinary procedure, its 90-day decision period (第六十条) is opened."""
    unit = body.unit
    ensure_unit_allowed(user=actor, unit=unit, model=EnforcementCase, action="add")
    if body.status != BodyStatus.ACTIVE:
        raise _refuse(_("%(body)s已取消执法主体资格，不能立案。") % {"body": body.name}, code="body")
    if item.body_id != body.pk:
        raise _refuse(
            _("执法事项“%(item)s”不属于%(body)s。") % {"item": item.name, "body": body.name}, code="item"
        )
    if item.status != ItemStatus.ACTIVE:
        raise _refuse(_("执法事项“%(item)s”已取消，不能据以立案。") % {"item": item.name}, code="item")
    _check_date(filed_on, _("立案日期"))
    if found_on is not None:
        _check_date(found_on, _("发现日期"))
        _check_date(filed_on, _("立案日期"), not_before=found_on, before_label=_("发现日期"))
    officers = _check_officers(officers, lead, filed_on)
    if not (title or "").strip() or not (party_name or "").strip():
        raise _refuse(_("请填写案由和当事人。"), code="required")
    case = EnforcementCase(
        unit=unit,
        body=body,
        item=item,
        procedure=procedure,
        source=source,
        title=title.strip(),
        facts=(facts or "").strip(),
        party_kind=party_kind,
        party_name=party_name.strip(),
        party_id_number=(party_id_number or "").strip(),
        party_phone=(party_phone or "").strip(),
        party_address=(party_address or "").strip(),
        found_on=found_on,
        filed_on=filed_on,
        decision_due_on=rules.decision_due(filed_on) if procedure == Procedure.ORDINARY else None,
    )
    record_create(actor=actor, instance=case)
    from fazhi.numbering.services import number_issue

    issued = number_issue(actor=actor, unit=unit, doc_type=CASE_NUMBER, year=filed_on.year, record=case)
    case.number = issued.text
    case.save(update_fields=["number", "updated_at"])
    _assign(actor, case, officers, lead, filed_on)
    if procedure == Procedure.ORDINARY:
        deadline = deadline_open(actor=actor, record=case, rule_key=rules.DECISION, start=filed_on)
        if (
            deadline.due_date and deadline.due_date != case.decision_due_on
        ):  # the same engine: never, but safe
            case.decision_due_on = deadline.due_date
            case.save(update_fields=["decision_due_on", "updated_at"])
    return case


@transaction.atomic
def case_reassign(
    *, actor, case: EnforcementCase, officers: Iterable[EnforcementOfficer], lead, on: datetime.date
) -> EnforcementCase:
    """改派办案人员 before the decision: the same gate as 立案 (第四十二条) on the day of the change."""
    case = _locked(actor, case)
    _require(case, OPEN_STATES, _("改派办案人员"))
    _check_date(on, _("改派日期"), not_before=case.filed_on, before_label=_("立案日期"))
    officers = _check_officers(officers, lead, on)
    wanted = {o.pk: o for o in officers}
    current = {row.officer_id: row for row in CaseOfficer.objects.filter(case=case)}
    for officer_id, row in current.items():
        if officer_id not in wanted:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                obj=row,
                changes=diff(snapshot(row), {}),
                note=_("改派"),
            )
            row.delete()
    numbers = _certificate_numbers(officers, on)
    for officer in officers:
        role = OfficerRole.LEAD if officer.pk == lead.pk else OfficerRole.ASSIST
        row = current.get(officer.pk)
        if row is None:
            record_create(
                actor=actor,
                instance=CaseOfficer(
                    unit_id=case.unit_id,
                    case=case,
                    officer=officer,
                    role=role,
                    certificate_number=numbers.get(officer.pk, ""),
                ),
            )
        elif row.role != role:
            before = snapshot(row, ["role"])
            row.role = role
            row.save(update_fields=["role", "updated_at"])
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=row, changes=diff(before, snapshot(row, ["role"]))
            )
    return case


# --- 告知、听证、延期 ---------------------------------------------------------------------------------------


@transaction.atomic
def case_notify(
    *, actor, case: EnforcementCase, on: datetime.date, statement_received: bool = False
) -> EnforcementCase:
    """告知 拟作出的处罚及陈述、申辩、听证权利 (第四十四条); the hearing request window is 5 working days
    (第六十四条第一项), counted by the calendar engine."""
    stored = _locked(actor, case)
    _check_date(on, _("告知日期"), not_before=stored.filed_on, before_label=_("立案日期"))
    return transition(
        actor=actor,
        obj=case,
        name="notify",
        notified_on=on,
        hearing_request_until=rules.hearing_request_until(on),
        statement_received=bool(statement_received),
    )


@transaction.atomic
def case_request_hearing(*, actor, case: EnforcementCase, on: datetime.date) -> EnforcementCase:
    """申请听证: only within 5 working days after 告知 (第六十四条第一项); a later request is refused."""
    stored = _locked(actor, case)
    _require(stored, [S.NOTIFIED], _("登记听证申请"))
    _check_date(on, _("申请听证日期"), not_before=stored.notified_on, before_label=_("告知日期"))
    until = stored.hearing_request_until or rules.hearing_request_until(stored.notified_on)
    if on > until:
        raise _refuse(
            _(
                "依照《中华人民共和国行政处罚法》第六十四条第一项，当事人要求听证的，应当在行政机关告知后五日内"
                "提出；本案告知日期为 %(notified)s，申请期限已于 %(until)s 届满。"
            )
            % {"notified": stored.notified_on, "until": until},
            code="hearing_window",
        )
    return transition(actor=actor, obj=case, name="request_hearing", hearing_requested_on=on)


@transaction.atomic
def case_hold_hearing(
    *, actor, case: EnforcementCase, notice_on: datetime.date, hearing_on: datetime.date
) -> list[str]:
    """举行听证: records the hearing day. A notice shorter than 7 working days (第六十四条第二项) is recorded with
    a warning, which is returned and written into the audit note."""
    stored = _locked(actor, case)
    _require(stored, [S.HEARING], _("登记听证"))
    _check_date(
        notice_on, _("听证通知日期"), not_before=stored.hearing_requested_on, before_label=_("申请听证日期")
    )
    _check_date(hearing_on, _("听证日期"), not_before=notice_on, before_label=_("听证通知日期"))
    enough, earliest = rules.hearing_notice_ok(notice_on, hearing_on)
    warnings = []
    if not enough:
        warnings.append(
            _(
                "依照《中华人民共和国行政处罚法》第六十四条第二项，行政机关应当在举行听证的七日前通知当事人；"
                "%(notice)s 通知的，听证日期不应早于 %(earliest)s。"
            )
            % {"notice": notice_on, "earliest": earliest}
        )
    reason = _("%(notice)s 通知听证") % {"notice": notice_on} + ("；" + warnings[0] if warnings else "")
    transition(actor=actor, obj=case, name="hold_hearing", reason=reason, hearing_on=hearing_on)
    return warnings


@transaction.atomic
def case_extend(
    *, actor, case: EnforcementCase, days: int, reason: str, approver: str, on: datetime.date
) -> EnforcementCase:
    """延期 (第六十条 “法律、法规、规章另有规定的，从其规定”, 经负责人批准): the decision period grows by ``days``;
    the due day is recomputed by the calendar engine and the tracked deadline, if any, gets the extension."""
    case = _locked(actor, case)
    _require(case, OPEN_STATES, _("延长办案期限"))
    if case.procedure != Procedure.ORDINARY:
        raise _refuse(_("简易程序案件当场作出决定，没有办案期限可延长。"), code="summary")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise _refuse(_("延长天数必须是正整数。"), code="days")
    reason, approver = (reason or "").strip(), (approver or "").strip()
    if not reason or not approver:
        raise _refuse(_("延长办案期限须写明理由和批准的负责人（《行政处罚法》第六十条）。"), code="required")
    _check_date(on, _("批准日期"), not_before=case.filed_on, before_label=_("立案日期"))
    total = case.extension_days + days
    deadline = case_deadline(case, rules.DECISION)
    if deadline is not None:
        deadline_extend(actor=actor, deadline=deadline, days=days, approver=approver, reason=reason, on=on)
    due = rules.decision_due(case.filed_on, total)
    note = _("经%(approver)s批准延长办案期限 %(days)s 日：%(reason)s") % {
        "approver": approver,
        "days": days,
        "reason": reason,
    }
    return _update(
        actor,
        case,
        note,
        extension_days=total,
        extension_reason=reason if not case.extension_reason else f"{case.extension_reason}；{reason}",
        extension_approver=approver,
        decision_due_on=due,
    )
