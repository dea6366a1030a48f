"""Calendar services: enter or remove a day, import a year, mark a year complete.

Only an administrator of a top-level unit may change the calendar: it is one for the whole
deployment. Every change bumps the calendar revision and, in the same transaction, recomputes every
open deadline whose counted span touches the changed dates (docs/deadlines.md#recompute).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import covers_root
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.workdays.calendar import load_calendar, package_covers
from fazhi.workdays.choices import DayKind, YearSource
from fazhi.workdays.importers import read_schedule, workday_problem
from fazhi.workdays.models import CalendarDay, CalendarState, CalendarYear
from fazhi.workdays.services.deadlines import deadlines_recompute

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class CalendarChange:
    """What a calendar service did: the row it touched (if one) and how many deadlines moved."""

    obj: object
    recomputed: int


def can_manage_calendar(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and covers_root(user, "manage"))


def _require_manager(actor) -> None:
    if not can_manage_calendar(actor):
        raise PermissionDenied(_("只有顶层单位的系统管理员可以维护节假日安排。"))


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("年度应在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _year_row(year: int) -> CalendarYear:
    row, _created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": YearSource.PACKAGE if package_covers(year) else YearSource.MANUAL}
    )
    return row


def _bump() -> None:
    CalendarState.objects.get_or_create(pk=1)
    CalendarState.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=timezone.now())


def _after_change(actor, date_from: datetime.date, date_to: datetime.date, reason: str) -> int:
    _bump()
    return deadlines_recompute(actor=actor, date_from=date_from, date_to=date_to, reason=reason)


@transaction.atomic
def calendar_day_add(*, actor, date: datetime.date, kind: str, name: str, note: str = "") -> CalendarChange:
    """Enter one 放假 or 调休上班 day; it takes precedence over the package for that date."""
    _require_manager(actor)
    _check_year(date.year)
    name, note = (name or "").strip(), (note or "").strip()
    if kind not in DayKind.values:
        raise ValidationError(_("类型只能是“放假”或“调休上班”。"))
    if not name:
        raise ValidationError(_("请填写名称，如“春节”。"))
    existing = CalendarDay.objects.filter(date=date).first()
    if existing is not None:
        raise ValidationError(
            _("%(date)s 已登记为“%(name)s”（%(kind)s），如需修改请先删除原记录。")
            % {"date": date.isoformat(), "name": existing.name, "kind": existing.get_kind_display()}
        )
    problem = workday_problem(date, kind, load_calendar())
    if problem:
        raise ValidationError(problem)
    day = CalendarDay(date=date, kind=kind, name=name, note=note, created_by=actor)
    day.full_clean()
    day.save()
    _year_row(date.year)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=day,
        changes=diff({}, snapshot(day)),
        note=_("登记节假日安排：%(day)s") % {"day": day},
    )
    moved = _after_change(actor, date, date, _("节假日安排变更（%(day)s），期限重新计算") % {"day": day})
    return CalendarChange(day, moved)


@transaction.atomic
def calendar_day_remove(*, actor, day: CalendarDay) -> CalendarChange:
    """Remove an entered day; the package (or Monday–Friday) decides that date again."""
    _require_manager(actor)
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=day,
        changes=diff(snapshot(day), {}),
        note=_("删除节假日安排：%(day)s") % {"day": day},
    )
    date, text = day.date, str(day)
    day.delete()
    moved = _after_change(
        actor, date, date, _("节假日安排变更（删除 %(day)s），期限重新计算") % {"day": text}
    )
    return CalendarChange(None, moved)


@transaction.atomic
def calendar_year_set_complete(*, actor, year: int, complete: bool = True) -> CalendarChange:
    """Mark an entered year as checked against the State Council notice (or withdraw the mark)."""
    _require_manager(actor)
    _check_year(year)
    if package_covers(year):
        raise ValidationError(
            _("%(year)s年度的节假日已由 chinesecalendar 数据包提供，无需标记。") % {"year": year}
        )
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if complete and not CalendarDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY).exists():
        raise ValidationError(_("%(year)s年度尚未录入任何放假日，不能标记为数据完整。") % {"year": year})
    row = row or _year_row(year)
    if row.complete == complete:
        return CalendarChange(row, 0)
    before = snapshot(row)
    row.complete = complete
    row.entered_by = actor if complete else None
    row.entered_at = timezone.now() if complete else None
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        changes=diff(before, snapshot(row)),
        note=(_("%(year)s年度节假日数据标记为完整") if complete else _("撤销%(year)s年度节假日数据完整标记"))
        % {"year": year},
    )
    moved = _after_change(
        actor,
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
        _("%(year)s年度节假日数据状态变更，期限重新计算") % {"year": year},
    )
    return CalendarChange(row, moved)


@transaction.atomic
def calendar_import(*, actor, upload, year: int, mark_complete: bool = False) -> CalendarChange:
    """Replace the year's entered days with those of an .xlsx sheet — every row valid, or nothing saved.

    Raises :class:`fazhi.workdays.importers.ImportRejected` with per-row errors.
    """
    _require_manager(actor)
    _check_year(year)
    days = read_schedule(upload, year=year, calendar=load_calendar())
    old = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d.date, kind=d.kind, name=d.name, note=d.note, created_by=actor) for d in days]
    )
    row = _year_row(year)
    holidays = sum(1 for d in days if d.kind == DayKind.HOLIDAY)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        changes={"days": [[str(d) for d in old], [f"{d.date.isoformat()} {d.kind} {d.name}" for d in days]]},
        note=_(
            "导入%(year)s年度节假日安排 %(total)s 天（放假 %(holidays)s 天，"
            "调休上班 %(workdays)s 天），替换原有 %(old)s 天"
        )
        % {
            "year": year,
            "total": len(days),
            "holidays": holidays,
            "workdays": len(days) - holidays,
            "old": len(old),
        },
    )
    if mark_complete and not row.complete and not package_covers(year):
        before = snapshot(row)
        row.complete, row.entered_by, row.entered_at = True, actor, timezone.now()
        row.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            changes=diff(before, snapshot(row)),
            note=_("%(year)s年度节假日数据标记为完整") % {"year": year},
        )
    moved = _after_change(
        actor,
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
        _("导入%(year)s年度节假日安排，期限重新计算") % {"year": year},
    )
    return CalendarChange(row, moved)
