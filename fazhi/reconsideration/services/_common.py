"""Helpers the reconsideration services share: locking, status checks, deadlines, events, audit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    SuspensionGround,
)
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.services import (
    deadline_close,
    deadline_open,
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
