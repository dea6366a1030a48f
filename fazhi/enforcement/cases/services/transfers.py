"""Writes of 两法衔接: a case (or a matter found without a case) transferred to public security, the
procuratorate or a supervision organ as suspected crime, and the receiving organ's answers.

Follows 《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）: the sender records each answer of the
receiving organ — 立案, 不予立案, 退回 — and, after 立案, 起诉 and 判决. The transitions (``TRANSITIONS``):

    已移送 → 已立案 / 不予立案 / 退回
    不予立案 → 已立案   (after the sender's 复议 request or the procuratorate's 立案监督, 310号 第9条、第14条)
    已立案 → 已起诉 / 退回
    已起诉 → 已判决

A transfer from a case changes nothing on the case: the case's own 处理决定 (移送司法机关) is the case's.
Dates: a transfer is not dated in the future nor before its case's 立案; each answer is dated on or after
the transfer and the previous answer, and not in the future. Refusals are Chinese ValidationErrors and
write nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.enforcement.cases.choices import TransferStatus, TransferTarget
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer

S = TransferStatus
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.TRANSFERRED: (S.FILED, S.NOT_FILED, S.RETURNED),
    S.NOT_FILED: (S.FILED,),
    S.FILED: (S.PROSECUTED, S.RETURNED),
    S.PROSECUTED: (S.JUDGED,),
    S.RETURNED: (),
    S.JUDGED: (),
}
#: a transfer in one of these is still with the receiving organ: the same case is not transferred to the
#: same organ kind again meanwhile
OPEN_STATUSES = (S.TRANSFERRED, S.FILED, S.PROSECUTED)
#: the answer needs a word on what the receiving organ said
FEEDBACK_REQUIRED = (S.NOT_FILED, S.RETURNED, S.JUDGED)


def next_statuses(transfer: JudicialTransfer) -> list[tuple[str, str]]:
    """(value, label) of the statuses the transfer may move to."""
    return [(value, str(S(value).label)) for value in TRANSITIONS.get(transfer.status, ())]


def can_update_status(transfer: JudicialTransfer) -> bool:
    return bool(TRANSITIONS.get(transfer.status))


def _refuse(message: str, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


@transaction.atomic
def transfer_register(
    *,
    actor,
    target: str,
    receiving_organ: str,
    suspected_offence: str,
    transferred_on: datetime.date,
    case: EnforcementCase | None = None,
    unit=None,
    party_name: str = "",
    feedback: str = "",
) -> JudicialTransfer:
    """登记移送. With a ``case`` the unit and (unless given) the party are the case's; without one, ``unit``."""
    if case is not None:
        if not EnforcementCase.objects.restrict(actor, "view").filter(pk=case.pk).exists():
            raise ScopeViolation()
        case = EnforcementCase.objects.select_related("unit").get(pk=case.pk)
        if unit is not None and unit.pk != case.unit_id:
            raise ValidationError({"unit": [_("从案件移送的，登记单位应为办理该案件的单位。")]})
        unit = case.unit
        party_name = (party_name or "").strip() or case.party_name
    ensure_unit_allowed(user=actor, unit=unit, model=JudicialTransfer, action="add")
    errors: dict[str, list[str]] = {}
    if target not in TransferTarget.values:
        errors["target"] = [_("请选择移送对象。")]
    for field, value, message in (
        ("receiving_organ", receiving_organ, _("请填写接收机关。")),
        ("suspected_offence", suspected_offence, _("请填写涉嫌罪名。")),
        ("party_name", party_name, _("请填写当事人。")),
    ):
        if not (value or "").strip():
            errors[field] = [message]
    today = timezone.localdate()
    if transferred_on > today:
        errors["transferred_on"] = [_("移送日期不能晚于今天。")]
    elif case is not None and transferred_on < case.filed_on:
        errors["transferred_on"] = [
            _("移送日期（%(on)s）不能早于案件立案日期（%(filed)s）。")
            % {"on": transferred_on, "filed": case.filed_on}
        ]
    if errors:
        raise ValidationError(errors)
    if case is not None:
        open_one = JudicialTransfer.objects.filter(case=case, target=target, status__in=OPEN_STATUSES).first()
        if open_one is not None:
            raise _refuse(
                _("该案件已于 %(on)s 移送%(target)s（%(organ)s），尚在办理中，不能重复移送。")
                % {
                    "on": open_one.transferred_on,
                    "target": TransferTarget(target).label,
                    "organ": open_one.receiving_organ,
                },
                code="duplicate",
            )
    transfer = JudicialTransfer.objects.create(
        unit=unit,
        case=case,
        target=target,
        receiving_organ=receiving_organ.strip(),
        suspected_offence=suspected_offence.strip(),
        party_name=party_name.strip(),
        transferred_on=transferred_on,
        status=S.TRANSFERRED,
        status_on=transferred_on,
        feedback=(feedback or "").strip(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=transfer, changes=diff({}, snapshot(transfer)))
    ensure_in_scope(user=actor, obj=transfer, action="add")
    return transfer


@transaction.atomic
def transfer_update_status(
    *, actor, transfer: JudicialTransfer, status: str, on: datetime.date, feedback: str = ""
) -> JudicialTransfer:
    """Record the receiving organ's answer (立案、不予立案、退回、起诉、判决) with its date and feedback."""
    if not JudicialTransfer.objects.restrict(actor, "change").filter(pk=transfer.pk).exists():
        raise ScopeViolation()
    transfer = JudicialTransfer.objects.select_for_update().get(pk=transfer.pk)
    if status not in TRANSITIONS.get(transfer.status, ()):
        allowed = "、".join(label for _v, label in next_statuses(transfer)) or _("无（已办结）")
        raise _refuse(
            _("移送当前为“%(state)s”，不能登记为“%(target)s”。可登记：%(allowed)s。")
            % {
                "state": transfer.get_status_display(),
                "target": str(S(status).label) if status in S.values else status,
                "allowed": allowed,
            },
            code="invalid_transition",
        )
    since = max(transfer.transferred_on, transfer.status_on or transfer.transferred_on)
    if on < since:
        raise ValidationError(
            {
                "on": [
                    _("日期（%(on)s）不能早于移送日期或上一次办理状态的日期（%(since)s）。")
                    % {"on": on, "since": since}
                ]
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": [_("日期不能晚于今天。")]})
    feedback = (feedback or "").strip()
    if status in FEEDBACK_REQUIRED and not feedback:
        raise ValidationError(
            {"feedback": [_("登记“%(s)s”的，请填写反馈情况（理由或判决结果）。") % {"s": S(status).label}]}
        )
    before = snapshot(transfer)
    previous = transfer.status
    transfer.status = status
    transfer.status_on = on
    if feedback:
        line = f"{on.isoformat()} {S(status).label}：{feedback}"
        transfer.feedback = f"{transfer.feedback}\n{line}".strip() if transfer.feedback else line
    transfer.save(update_fields=["status", "status_on", "feedback", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=transfer,
        changes=diff(before, snapshot(transfer)),
        note=_("两法衔接：%(a)s → %(b)s") % {"a": S(previous).label, "b": S(status).label},
    )
    ensure_in_scope(user=actor, obj=transfer, action="change")
    return transfer
