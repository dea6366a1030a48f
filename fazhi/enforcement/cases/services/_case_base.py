"""Helpers the case services share (cases.py, case_decision.py, case_closing.py): refusals, dates, the locked
case, updates audited as such, the tracked deadlines of a case."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope
from fazhi.enforcement.cases.choices import (
    CaseStatus,
    PartyKind,
)
from fazhi.enforcement.cases.models import (
    EnforcementCase,
)
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.services import deadline_close

S = CaseStatus
#: 处罚法 第五十一条: the most a 当场处罚 may fine a citizen, and a legal person or other organisation
SUMMARY_FINE_LIMIT = {PartyKind.PERSON: Decimal("200"), "other": Decimal("3000")}


def _refuse(message: str, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


def _check_date(
    value, label: str, *, not_before: datetime.date | None = None, before_label: str = ""
) -> None:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise _refuse(_("%(label)s无效。") % {"label": label}, code="date")
    if value > timezone.localdate():
        raise _refuse(_("%(label)s不能晚于今天。") % {"label": label}, code="date")
    if not_before is not None and value < not_before:
        raise _refuse(
            _("%(label)s（%(date)s）不能早于%(other)s（%(before)s）。")
            % {"label": label, "date": value, "other": before_label, "before": not_before},
            code="date_order",
        )


def _locked(actor, case: EnforcementCase, action: str = "change") -> EnforcementCase:
    """The stored case, locked, inside the actor's scope (out of scope: DoesNotExist, like a missing one)."""
    return (
        EnforcementCase.objects.restrict(actor, action)
        .select_for_update(of=("self",))
        .select_related("item", "unit", "body", "standard")
        .get(pk=case.pk)
    )


def _require(case: EnforcementCase, states, action: str) -> None:
    if case.status not in states:
        raise _refuse(
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": case.get_status_display(), "action": action},
            code="invalid_transition",
        )


def _update(actor, case: EnforcementCase, note: str, **fields) -> EnforcementCase:
    """A change that is not a transition (延期、认定重大、公示 …): saved and audited as an update."""
    before = snapshot(case, list(fields))
    for key, value in fields.items():
        setattr(case, key, value)
    case.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes=diff(before, snapshot(case, list(fields))),
        note=note,
    )
    ensure_in_scope(user=actor, obj=case, action="change")
    return case


def case_deadline(case: EnforcementCase, rule_key: str) -> Deadline | None:
    """The open tracked deadline ``rule_key`` of the case, if any (bulk-created cases have none)."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(EnforcementCase),
        object_id=str(case.pk),
        rule_key=rule_key,
        status=DeadlineStatus.OPEN,
    ).first()


def case_deadlines(case: EnforcementCase):
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(EnforcementCase), object_id=str(case.pk)
    ).order_by("created_at")


def _close_deadline(actor, case, rule_key: str, on: datetime.date, *, met: bool = True, reason: str = ""):
    deadline = case_deadline(case, rule_key)
    if deadline is not None:
        deadline_close(
            actor=actor, deadline=deadline, on=max(on, deadline.start_date), met=met, reason=reason
        )


def _close_all(actor, case, on: datetime.date, reason: str) -> None:
    for deadline in case_deadlines(case).filter(status=DeadlineStatus.OPEN):
        deadline_close(
            actor=actor, deadline=deadline, on=max(on, deadline.start_date), met=False, reason=reason
        )
