"""Deadline services: open a deadline on a record, put events on its clock, close it, recompute it.

Every function is keyword-only, atomic and audited. ``actor=None`` means the system acting on a
module's behalf (e.g. a request received through the public portal); a user actor must hold the
action on the deadline's unit, and a deadline out of their scope is ``Deadline.DoesNotExist`` (404).
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import has_permission_on_unit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.workdays.calendar import Calendar, load_calendar
from fazhi.workdays.choices import DeadlineStatus, EventKind, PeriodKind
from fazhi.workdays.counting import ClockEvent, Computation, compute, explain
from fazhi.workdays.models import Deadline, DeadlineEvent
from fazhi.workdays.rules import get_rule

#: fields a recomputation rewrites; their changes go into the audit record
COMPUTED_FIELDS = ("due_date", "span_end", "paused_since", "calendar_version", "uncertain", "explanation")


def _unit_of_record(record) -> OrgUnit:
    if isinstance(record, OrgUnit):
        return record
    attr = getattr(type(record), "scope_unit_attr", None)
    unit = getattr(record, attr, None) if attr else None
    if unit is None:
        raise ValidationError(_("无法确定该记录所属的单位，不能为其登记期限。"))
    return unit


def clock_events(deadline: Deadline) -> list[ClockEvent]:
    return [
        ClockEvent(kind=e.kind, on=e.on, days=e.days or 0, reason=e.reason) for e in deadline.events.all()
    ]


def computation_for(
    deadline: Deadline, calendar: Calendar, events: list[ClockEvent] | None = None
) -> Computation:
    return compute(
        kind=deadline.period_kind,
        count=deadline.period_count,
        start=deadline.start_date,
        calendar=calendar,
        events=clock_events(deadline) if events is None else events,
    )


def apply_computation(
    deadline: Deadline, calendar: Calendar, events: list[ClockEvent] | None = None
) -> Computation:
    """Write the computed fields onto ``deadline`` (not saved)."""
    result = computation_for(deadline, calendar, events)
    deadline.due_date = result.due
    deadline.span_end = result.span_end
    deadline.paused_since = result.paused_since
    deadline.calendar_version = calendar.version
    deadline.uncertain = result.uncertain
    deadline.explanation = explain(result, deadline.citation)
    return result


def _locked(actor, deadline: Deadline, action: str = "change") -> Deadline:
    """Re-read the deadline inside the transaction, locked; out of the actor's scope → DoesNotExist."""
    if actor is not None:
        Deadline.objects.restrict(actor, action).get(pk=deadline.pk)
    return Deadline.objects.select_for_update(of=("self",)).select_related("unit").get(pk=deadline.pk)


def _require_open(deadline: Deadline) -> None:
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError(_("该期限%(status)s，不能再登记。") % {"status": deadline.get_status_display()})


def _check_event_date(deadline: Deadline, on: datetime.date, *, allow_future: bool = False) -> None:
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise ValidationError(_("日期无效。"))
    if on < deadline.start_date:
        raise ValidationError(
            _("日期不能早于起算日 %(start)s。") % {"start": deadline.start_date.isoformat()}
        )
    last = deadline.events.order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError(_("日期不能早于上一次登记的事件日期 %(date)s。") % {"date": last.isoformat()})
    if not allow_future and on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))


def _record_event(
    *,
    actor,
    deadline: Deadline,
    kind: str,
    on: datetime.date,
    note: str,
    days: int | None = None,
    approver: str = "",
    reason: str = "",
) -> Deadline:
    before = snapshot(deadline, list(COMPUTED_FIELDS))
    DeadlineEvent.objects.create(
        deadline=deadline, kind=kind, on=on, days=days, approver=approver, reason=reason, actor=actor
    )
    apply_computation(deadline, load_calendar())
    deadline.save(update_fields=[*COMPUTED_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=deadline,
        changes={"event": [None, kind], **diff(before, snapshot(deadline, list(COMPUTED_FIELDS)))},
        note=note,
    )
    return deadline


@transaction.atomic
def deadline_open(
    *, actor, record, rule_key: str, start: datetime.date, responsible=None, unit: OrgUnit | None = None
) -> Deadline:
    """Start the period ``rule_key`` on ``record`` from ``start`` (the start event's day, not counted)."""
    rule = get_rule(rule_key)
    unit = unit or _unit_of_record(record)
    if actor is not None:
        ensure_unit_allowed(user=actor, unit=unit, model=Deadline, action="add")
    if responsible is not None and not has_permission_on_unit(responsible, Permission.VIEW, unit):
        raise ValidationError(
            _("负责人“%(name)s”不在%(unit)s的管辖范围内。")
            % {"name": responsible.get_full_name() or responsible.username, "unit": unit.name}
        )
    deadline = Deadline(
        unit=unit,
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        record_repr=str(record)[:200],
        rule_key=rule.key,
        rule_label=rule.label,
        period_kind=rule.kind,
        period_count=rule.count,
        start_event=rule.start_event,
        citation=rule.citation,
        restartable=rule.restartable,
        max_extension=rule.max_extension,
        start_date=start,
        responsible=responsible,
    )
    apply_computation(deadline, load_calendar(), events=[])
    try:
        with transaction.atomic():
            deadline.save()
    except IntegrityError:
        raise ValidationError(_("该记录已有进行中的“%(label)s”期限。") % {"label": rule.label}) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=deadline,
        changes=diff({}, snapshot(deadline)),
        note=deadline.explanation,
    )
    return deadline


@transaction.atomic
def deadline_pause(*, actor, deadline: Deadline, on: datetime.date, reason: str = "") -> Deadline:
    """Stop the clock on ``on`` (中止, 征求第三方意见): the days after it do not count until it resumes."""
    deadline = _locked(actor, deadline)
    _require_open(deadline)
    if deadline.is_paused:
        raise ValidationError(
            _("该期限已于 %(date)s 中止，尚未恢复。") % {"date": deadline.paused_since.isoformat()}
        )
    _check_event_date(deadline, on)
    return _record_event(
        actor=actor,
        deadline=deadline,
        kind=EventKind.PAUSE,
        on=on,
        reason=reason,
        note=_("期限中止：%(reason)s") % {"reason": reason or "—"},
    )


@transaction.atomic
def deadline_resume(*, actor, deadline: Deadline, on: datetime.date, reason: str = "") -> Deadline:
    """Start the clock again; ``on`` itself is not counted, as a start day is not."""
    deadline = _locked(actor, deadline)
    _require_open(deadline)
    if not deadline.is_paused:
        raise ValidationError(_("该期限没有中止，无需恢复。"))
    _check_event_date(deadline, on)
    return _record_event(
        actor=actor,
        deadline=deadline,
        kind=EventKind.RESUME,
        on=on,
        reason=reason,
        note=_("期限恢复：%(reason)s") % {"reason": reason or "—"},
    )


def extension_used(deadline: Deadline) -> int:
    """Days (or working days) already granted since the last restart."""
    events = deadline.events.all()
    last_restart = events.filter(kind=EventKind.RESTART).order_by("-on").values_list("on", flat=True).first()
    extensions = events.filter(kind=EventKind.EXTEND)
    if last_restart is not None:
        extensions = extensions.filter(on__gte=last_restart)
    return extensions.aggregate(total=Sum("days"))["total"] or 0


@transaction.atomic
def deadline_extend(
    *, actor, deadline: Deadline, days: int, approver: str, reason: str, on: datetime.date | None = None
) -> Deadline:
    """Extend by ``days`` (working days for a working-day period, else days), approved by ``approver``."""
    deadline = _locked(actor, deadline)
    _require_open(deadline)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ValidationError(_("延长天数必须是正整数。"))
    approver, reason = (approver or "").strip(), (reason or "").strip()
    if not approver:
        raise ValidationError(_("请填写批准人。"))
    if not reason:
        raise ValidationError(_("请填写延长理由。"))
    on = on or timezone.localdate()
    _check_event_date(deadline, on)
    if deadline.max_extension is not None:
        used = extension_used(deadline)
        unit = _("个工作日") if deadline.period_kind == PeriodKind.WORKING_DAYS else _("日")
        if deadline.max_extension == 0:
            raise ValidationError(_("依照%(citation)s，该期限不能延长。") % {"citation": deadline.citation})
        if used + days > deadline.max_extension:
            raise ValidationError(
                _("依照%(citation)s，延长期限合计不得超过%(max)s%(unit)s（已延长%(used)s%(unit)s）。")
                % {"citation": deadline.citation, "max": deadline.max_extension, "unit": unit, "used": used}
            )
    return _record_event(
        actor=actor,
        deadline=deadline,
        kind=EventKind.EXTEND,
        on=on,
        days=days,
        approver=approver,
        reason=reason,
        note=_("经%(approver)s批准延长 %(days)s：%(reason)s")
        % {"approver": approver, "days": days, "reason": reason},
    )


@transaction.atomic
def deadline_restart(*, actor, deadline: Deadline, on: datetime.date, reason: str = "") -> Deadline:
    """Count the whole period again from ``on`` (e.g. 收到补正材料), where the rule says so."""
    deadline = _locked(actor, deadline)
    _require_open(deadline)
    if not deadline.restartable:
        raise ValidationError(
            _("依照%(citation)s，该期限不因补正等事件重新起算。") % {"citation": deadline.citation}
        )
    _check_event_date(deadline, on)
    reason = (reason or "").strip() or _("收到补正材料")
    return _record_event(
        actor=actor,
        deadline=deadline,
        kind=EventKind.RESTART,
        on=on,
        reason=reason,
        note=_("期限重新起算：%(reason)s") % {"reason": reason},
    )


@transaction.atomic
def deadline_close(
    *, actor, deadline: Deadline, on: datetime.date, met: bool = True, reason: str = ""
) -> Deadline:
    """The duty was done on ``on`` (办结, ``met``) or fell away (终止: withdrawn, 视为放弃 …)."""
    deadline = _locked(actor, deadline)
    _require_open(deadline)
    _check_event_date(deadline, on)
    reason = (reason or "").strip()
    if not met and not reason:
        raise ValidationError(_("终止期限须说明理由。"))
    before = snapshot(deadline)
    deadline.status = DeadlineStatus.MET if met else DeadlineStatus.CLOSED
    deadline.completed_on = on
    deadline.close_reason = reason
    deadline.save(update_fields=["status", "completed_on", "close_reason", "updated_at"])
    note = (_("办结于 %(date)s") if met else _("终止于 %(date)s")) % {"date": on.isoformat()}
    if deadline.met_late:
        note += _("（超过届满日 %(due)s）") % {"due": deadline.due_date.isoformat()}
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=deadline,
        changes=diff(before, snapshot(deadline)),
        note=f"{note}{'：' + reason if reason else ''}",
    )
    return deadline


@transaction.atomic
def deadline_assign(*, actor, deadline: Deadline, responsible) -> Deadline:
    """Change who answers for the deadline (the reminders go to them)."""
    deadline = _locked(actor, deadline)
    if responsible is not None and not has_permission_on_unit(responsible, Permission.VIEW, deadline.unit):
        raise ValidationError(
            _("负责人“%(name)s”不在%(unit)s的管辖范围内。")
            % {"name": responsible.get_full_name() or responsible.username, "unit": deadline.unit.name}
        )
    before = snapshot(deadline, ["responsible"])
    deadline.responsible = responsible
    deadline.save(update_fields=["responsible", "updated_at"])
    changes = diff(before, snapshot(deadline, ["responsible"]))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=deadline, changes=changes)
    return deadline


def _in_chunks(pks: list, size: int = 500):
    """The deadlines, locked (PostgreSQL) so an event being recorded meanwhile is not overwritten."""
    for index in range(0, len(pks), size):
        yield from (
            Deadline.objects.select_for_update(of=("self",))
            .filter(pk__in=pks[index : index + size])
            .select_related("unit")
            .prefetch_related("events")
        )


def affected_by(date_from: datetime.date, date_to: datetime.date) -> Q:
    """Open deadlines whose counted span (start, span_end] meets [date_from, date_to]; paused ones always."""
    return Q(status=DeadlineStatus.OPEN, start_date__lt=date_to) & (
        Q(span_end__gte=date_from) | Q(span_end__isnull=True)
    )


@transaction.atomic
def deadlines_recompute(
    *,
    actor,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    reason: str = "",
    calendar: Calendar | None = None,
) -> int:
    """Recompute open deadlines after a calendar change (or all of them); returns how many moved.

    The calendar is one for every unit, so this reads every open deadline, not the actor's scope:
    a holiday entered by the top-level administrator moves due dates everywhere.
    Deadlines outside the changed dates cannot move; they take the new calendar version as they are.
    """
    calendar = calendar or load_calendar()
    condition = Q(status=DeadlineStatus.OPEN)
    if date_from is not None and date_to is not None:
        condition = affected_by(date_from, date_to)
    # Keys first: writing to rows while a cursor walks them is undefined on SQLite.
    pks = list(Deadline.objects.filter(condition).order_by("pk").values_list("pk", flat=True))
    changed = _recompute(pks, calendar=calendar, actor=actor, reason=reason)
    Deadline.objects.filter(status=DeadlineStatus.OPEN).exclude(condition).exclude(
        calendar_version=calendar.version
    ).update(calendar_version=calendar.version)
    return changed


@transaction.atomic
def deadlines_refresh_stale(*, actor=None, calendar: Calendar | None = None) -> int:
    """Recompute open deadlines computed under another calendar version (e.g. after a package upgrade)."""
    calendar = calendar or load_calendar()
    pks = list(
        Deadline.objects.filter(status=DeadlineStatus.OPEN)
        .exclude(calendar_version=calendar.version)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _recompute(
        pks,
        calendar=calendar,
        actor=actor,
        reason=_("日历版本更新为 %(version)s，期限重新计算") % {"version": calendar.version},
    )


def _recompute(pks: list, *, calendar: Calendar, actor, reason: str) -> int:
    changed = 0
    for deadline in _in_chunks(pks):
        before = snapshot(deadline, list(COMPUTED_FIELDS))
        apply_computation(deadline, calendar)
        after = snapshot(deadline, list(COMPUTED_FIELDS))
        if after == before:
            continue
        deadline.save(update_fields=[*COMPUTED_FIELDS, "updated_at"])
        if any(key != "calendar_version" for key in diff(before, after)):
            changed += 1
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=deadline,
                changes=diff(before, after),
                note=reason or _("节假日安排变更，期限重新计算"),
            )
    return changed
