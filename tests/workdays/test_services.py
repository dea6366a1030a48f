"""Deadline services (open, events, close), calendar services, and recomputation after calendar changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.workdays.calendar import is_workday, load_calendar
from fazhi.workdays.choices import DayKind, DeadlineStatus, EventKind
from fazhi.workdays.models import CalendarDay, CalendarYear, Deadline, DeadlineEvent
from fazhi.workdays.services import (
    calendar_day_add,
    calendar_day_remove,
    calendar_import,
    calendar_year_set_complete,
    deadline_assign,
    deadline_close,
    deadline_extend,
    deadline_open,
    deadline_pause,
    deadline_restart,
    deadline_resume,
    deadlines_refresh_stale,
)
from tests.workdays.helpers import SCHEDULE_2027, xlsx_upload

D = datetime.date
GIA = "《政府信息公开条例》第三十三条"


@pytest.fixture
def reply(tree, people):
    """依申请公开答复 on a request of dept A received 2025-09-30, the clerk responsible."""
    return deadline_open(
        actor=people.clerk_a,
        record=tree.dept_a,
        rule_key="disclosure.reply",
        start=D(2025, 9, 30),
        responsible=people.clerk_a,
    )


def audit_notes(deadline):
    return list(
        AuditEvent.objects.filter(object_id=str(deadline.pk)).order_by("seq").values_list("action", "note")
    )


def state(deadline):
    deadline.refresh_from_db()
    return (deadline.status, deadline.due_date, deadline.uncertain, deadline.explanation)


# --- opening ----------------------------------------------------------------------------------------


def test_open_computes_stores_and_audits(reply, tree, people):
    assert (reply.unit, reply.rule_label, reply.period_kind, reply.period_count, reply.citation) == (
        tree.dept_a,
        "依申请公开答复",
        "working_days",
        20,
        GIA,
    )
    assert (reply.due_date, reply.span_end, reply.uncertain, reply.calendar_version) == (
        D(2025, 11, 4),
        D(2025, 11, 4),
        False,
        "cc1.11.0+r0",
    )
    assert reply.explanation == "自2025-09-30起20个工作日，2025-11-04届满（《政府信息公开条例》第三十三条）"
    assert reply.record == tree.dept_a
    assert audit_notes(reply) == [(AuditAction.CREATE, reply.explanation)]


def test_one_open_deadline_per_record_and_rule(reply, tree, people):
    with pytest.raises(ValidationError) as exc:
        deadline_open(
            actor=people.clerk_a, record=tree.dept_a, rule_key="disclosure.reply", start=D(2025, 10, 9)
        )
    assert exc.value.messages == ["该记录已有进行中的“依申请公开答复”期限。"]
    assert Deadline.objects.count() == 1


def test_open_refuses_a_unit_out_of_the_actors_scope(tree, people):
    with pytest.raises(ScopeViolation):
        deadline_open(
            actor=people.clerk_b, record=tree.dept_a, rule_key="disclosure.reply", start=D(2025, 9, 30)
        )
    assert Deadline.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_open_refuses_a_responsible_user_outside_the_unit(tree, people):
    with pytest.raises(ValidationError) as exc:
        deadline_open(
            actor=people.clerk_a,
            record=tree.dept_a,
            rule_key="disclosure.reply",
            start=D(2025, 9, 30),
            responsible=people.clerk_b,
        )
    assert exc.value.messages == ["负责人“公安经办人”不在清河县市场监督管理局的管辖范围内。"]
    assert Deadline.objects.count() == 0


def test_open_with_an_unknown_rule(tree, people):
    from fazhi.workdays.rules import UnknownRule

    with pytest.raises(UnknownRule, match=r"未登记的期限规则：nope\.rule"):
        deadline_open(actor=people.clerk_a, record=tree.dept_a, rule_key="nope.rule", start=D(2025, 9, 30))


# --- events -----------------------------------------------------------------------------------------


def test_pause_then_resume(reply, people):
    deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 10), reason="征求第三方意见")
    assert state(reply) == (
        DeadlineStatus.OPEN,
        None,
        False,
        "自2025-09-30起20个工作日；2025-10-10起中止，尚余 18 个工作日，恢复后重新计算届满日"
        "（《政府信息公开条例》第三十三条）",
    )
    assert reply.paused_since == D(2025, 10, 10)
    deadline_resume(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 13), reason="第三方已答复")
    assert state(reply) == (
        DeadlineStatus.OPEN,
        D(2025, 11, 6),
        False,
        "自2025-09-30起20个工作日；其间中止 3 日，2025-11-06届满（《政府信息公开条例》第三十三条）",
    )
    assert reply.paused_since is None
    assert list(reply.events.values_list("kind", "on", "reason")) == [
        (EventKind.PAUSE, D(2025, 10, 10), "征求第三方意见"),
        (EventKind.RESUME, D(2025, 10, 13), "第三方已答复"),
    ]
    assert [a for a, _ in audit_notes(reply)] == [
        AuditAction.CREATE,
        AuditAction.TRANSITION,
        AuditAction.TRANSITION,
    ]
    event = AuditEvent.objects.filter(object_id=str(reply.pk)).order_by("-seq").first()
    assert event.changes["due_date"] == [None, "2025-11-06"]
    assert event.note == "期限恢复：第三方已答复"


def test_pause_twice_and_resume_without_pause_are_refused(reply, people):
    with pytest.raises(ValidationError) as exc:
        deadline_resume(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 13))
    assert exc.value.messages == ["该期限没有中止，无需恢复。"]
    deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 10))
    with pytest.raises(ValidationError) as exc:
        deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 11))
    assert exc.value.messages == ["该期限已于 2025-10-10 中止，尚未恢复。"]
    assert reply.events.count() == 1


def test_event_dates_are_checked(reply, people):
    with pytest.raises(ValidationError) as exc:
        deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 9, 29))
    assert exc.value.messages == ["日期不能早于起算日 2025-09-30。"]
    with pytest.raises(ValidationError) as exc:
        deadline_pause(
            actor=people.clerk_a, deadline=reply, on=datetime.date.today() + datetime.timedelta(days=2)
        )
    assert exc.value.messages == ["日期不能晚于今天。"]
    deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 10))
    with pytest.raises(ValidationError) as exc:
        deadline_resume(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 9))
    assert exc.value.messages == ["日期不能早于上一次登记的事件日期 2025-10-10。"]


def test_extend_within_and_beyond_the_statutory_maximum(reply, people):
    deadline_extend(
        actor=people.clerk_a,
        deadline=reply,
        days=15,
        approver="王主任",
        reason="需调取档案",
        on=D(2025, 10, 30),
    )
    assert state(reply)[1:] == (
        D(2025, 11, 25),
        False,
        "自2025-09-30起20个工作日；经批准延长 15 个工作日，2025-11-25届满（《政府信息公开条例》第三十三条）",
    )
    with pytest.raises(ValidationError) as exc:
        deadline_extend(
            actor=people.clerk_a, deadline=reply, days=6, approver="王主任", reason="再延", on=D(2025, 11, 3)
        )
    assert exc.value.messages == [
        "依照《政府信息公开条例》第三十三条，延长期限合计不得超过20个工作日（已延长15个工作日）。"
    ]
    event = reply.events.get()
    assert (event.kind, event.days, event.approver, event.reason) == (
        EventKind.EXTEND,
        15,
        "王主任",
        "需调取档案",
    )
    assert AuditEvent.objects.filter(object_id=str(reply.pk)).order_by("-seq").first().note == (
        "经王主任批准延长 15：需调取档案"
    )


def test_extend_needs_approver_and_reason_and_a_rule_that_allows_it(tree, people, reply):
    with pytest.raises(ValidationError) as exc:
        deadline_extend(
            actor=people.clerk_a, deadline=reply, days=5, approver=" ", reason="x", on=D(2025, 10, 30)
        )
    assert exc.value.messages == ["请填写批准人。"]
    simple = deadline_open(
        actor=people.legal,
        record=tree.county,
        rule_key="reconsideration.simple_decision",
        start=D(2025, 9, 1),
    )
    with pytest.raises(ValidationError) as exc:
        deadline_extend(
            actor=people.legal, deadline=simple, days=5, approver="李局长", reason="复杂", on=D(2025, 9, 20)
        )
    assert exc.value.messages == ["依照《行政复议法》第六十二条，该期限不能延长。"]
    assert DeadlineEvent.objects.count() == 0


def test_reconsideration_decision_extension_in_calendar_days(tree, people):
    case = deadline_open(
        actor=people.legal, record=tree.county, rule_key="reconsideration.decision", start=D(2025, 8, 1)
    )
    assert case.explanation == "自2025-08-01起60日，2025-09-30届满（《行政复议法》第六十二条）"
    deadline_extend(
        actor=people.legal,
        deadline=case,
        days=30,
        approver="复议机构负责人张某",
        reason="案情复杂",
        on=D(2025, 9, 25),
    )
    assert state(case)[1:] == (
        D(2025, 10, 30),
        False,
        "自2025-08-01起60日；经批准延长 30 日，2025-10-30届满（《行政复议法》第六十二条）",
    )


def test_restart_where_the_rule_allows_it(reply, tree, people):
    deadline_restart(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 15), reason="收到补正材料")
    assert state(reply)[1:] == (
        D(2025, 11, 12),
        False,
        "自2025-09-30起20个工作日；2025-10-15因收到补正材料重新起算，2025-11-12届满（《政府信息公开条例》第三十三条）",
    )
    assert reply.start_date == D(2025, 9, 30)  # the start is never edited
    case = deadline_open(
        actor=people.legal, record=tree.county, rule_key="reconsideration.decision", start=D(2025, 8, 1)
    )
    with pytest.raises(ValidationError) as exc:
        deadline_restart(actor=people.legal, deadline=case, on=D(2025, 8, 10))
    assert exc.value.messages == ["依照《行政复议法》第六十二条，该期限不因补正等事件重新起算。"]


def test_close_met_late_and_then_nothing_more(reply, people):
    deadline_close(actor=people.clerk_a, deadline=reply, on=D(2025, 11, 5), met=True, reason="已答复")
    reply.refresh_from_db()
    assert (reply.status, reply.completed_on, reply.met_late) == (DeadlineStatus.MET, D(2025, 11, 5), True)
    assert AuditEvent.objects.filter(object_id=str(reply.pk)).order_by("-seq").first().note == (
        "办结于 2025-11-05（超过届满日 2025-11-04）：已答复"
    )
    with pytest.raises(ValidationError) as exc:
        deadline_pause(actor=people.clerk_a, deadline=reply, on=D(2025, 11, 6))
    assert exc.value.messages == ["该期限已办结，不能再登记。"]


def test_close_without_meeting_needs_a_reason(reply, people):
    with pytest.raises(ValidationError) as exc:
        deadline_close(actor=people.clerk_a, deadline=reply, on=D(2025, 10, 20), met=False)
    assert exc.value.messages == ["终止期限须说明理由。"]
    deadline_close(
        actor=people.clerk_a, deadline=reply, on=D(2025, 10, 20), met=False, reason="申请人撤回申请"
    )
    assert state(reply)[0] == DeadlineStatus.CLOSED


@pytest.mark.parametrize("who", ["clerk_b", "leader", "auditor", "admin_other"])
def test_events_out_of_scope_or_without_the_permission_change_nothing(reply, people, who):
    before = state(reply)
    audits = AuditEvent.objects.count()
    with pytest.raises(Deadline.DoesNotExist):
        deadline_pause(actor=getattr(people, who), deadline=reply, on=D(2025, 10, 10))
    assert state(reply) == before
    assert (DeadlineEvent.objects.count(), AuditEvent.objects.count()) == (0, audits)


def test_assign_responsible(reply, people):
    deadline_assign(actor=people.legal, deadline=reply, responsible=people.admin_a)
    reply.refresh_from_db()
    assert reply.responsible == people.admin_a
    with pytest.raises(ValidationError):
        deadline_assign(actor=people.legal, deadline=reply, responsible=people.clerk_b)
    reply.refresh_from_db()
    assert reply.responsible == people.admin_a


# --- the calendar and recomputation -------------------------------------------------------------------


def test_is_workday_uses_entered_days_first(people):
    assert bool(is_workday(D(2025, 10, 20))) is True
    calendar_day_add(actor=people.root_admin, date=D(2025, 10, 20), kind=DayKind.HOLIDAY, name="临时放假")
    answer = is_workday(D(2025, 10, 20))
    assert (bool(answer), answer.certain, answer.name, answer.source) == (False, True, "临时放假", "manual")
    answer = is_workday(D(2025, 10, 11))
    assert (bool(answer), answer.certain, answer.name, answer.source) == (
        True,
        True,
        "国庆节调休上班",
        "package",
    )
    answer = is_workday(D(2027, 1, 1))
    assert (bool(answer), answer.certain, answer.source) == (True, False, "weekday")


def test_a_holiday_entered_later_moves_open_deadlines_in_the_same_transaction(reply, tree, people):
    met = deadline_open(
        actor=people.clerk_a, record=tree.dept_a_child, rule_key="disclosure.reply", start=D(2025, 9, 30)
    )
    deadline_close(actor=people.clerk_a, deadline=met, on=D(2025, 10, 15))
    earlier = deadline_open(
        actor=people.clerk_a, record=tree.dept_a, rule_key="disclosure.correction_notice", start=D(2025, 9, 1)
    )  # due 2025-09-10, untouched by October
    change = calendar_day_add(
        actor=people.root_admin, date=D(2025, 10, 20), kind=DayKind.HOLIDAY, name="临时放假"
    )
    assert change.recomputed == 1
    assert state(reply)[1:] == (
        D(2025, 11, 5),
        False,
        "自2025-09-30起20个工作日，2025-11-05届满（《政府信息公开条例》第三十三条）",
    )
    assert reply.calendar_version == "cc1.11.0+r1"
    met.refresh_from_db()
    earlier.refresh_from_db()
    assert (met.due_date, met.calendar_version) == (D(2025, 11, 4), "cc1.11.0+r0")  # history is not rewritten
    assert (earlier.due_date, earlier.calendar_version) == (D(2025, 9, 10), "cc1.11.0+r1")
    recompute = AuditEvent.objects.filter(object_id=str(reply.pk)).order_by("-seq").first()
    assert (recompute.action, recompute.actor, recompute.note) == (
        AuditAction.UPDATE,
        people.root_admin,
        "节假日安排变更（2025-10-20 放假 临时放假），期限重新计算",
    )
    assert recompute.changes["due_date"] == ["2025-11-04", "2025-11-05"]

    day = CalendarDay.objects.get()
    assert calendar_day_remove(actor=people.root_admin, day=day).recomputed == 1
    assert state(reply)[1] == D(2025, 11, 4)
    assert reply.calendar_version == "cc1.11.0+r2"


def test_only_a_top_level_administrator_changes_the_calendar(people):
    for who in ("admin", "admin_a", "legal", "clerk_a", "nobody"):
        with pytest.raises(PermissionDenied):
            calendar_day_add(
                actor=getattr(people, who), date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦"
            )
    assert (CalendarDay.objects.count(), CalendarYear.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )
    assert load_calendar().version == "cc1.11.0+r0"


def test_calendar_day_add_checks(people):
    with pytest.raises(ValidationError) as exc:
        calendar_day_add(actor=people.root_admin, date=D(2027, 1, 4), kind=DayKind.WORKDAY, name="调休")
    assert exc.value.messages == ["2027-01-04是周一，本来就是工作日，无需登记为调休上班。"]
    calendar_day_add(actor=people.root_admin, date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    with pytest.raises(ValidationError) as exc:
        calendar_day_add(actor=people.root_admin, date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    assert exc.value.messages == ["2027-01-01 已登记为“元旦”（放假），如需修改请先删除原记录。"]
    assert list(CalendarYear.objects.values_list("year", "source", "complete")) == [(2027, "manual", False)]


def test_a_deadline_into_2027_is_flagged_until_the_year_is_entered_and_complete(tree, people):
    deadline = deadline_open(
        actor=people.clerk_a, record=tree.dept_a, rule_key="disclosure.reply", start=D(2026, 12, 15)
    )
    assert state(deadline)[1:] == (
        D(2027, 1, 12),
        True,
        "自2026-12-15起20个工作日，2027-01-12届满（《政府信息公开条例》第三十三条）（节假日数据缺失，按周一至周五估算）",
    )
    with pytest.raises(ValidationError) as exc:
        calendar_year_set_complete(actor=people.root_admin, year=2027)
    assert exc.value.messages == ["2027年度尚未录入任何放假日，不能标记为数据完整。"]

    change = calendar_import(actor=people.root_admin, upload=xlsx_upload(SCHEDULE_2027), year=2027)
    assert change.recomputed == 1
    # 01-01 is now a holiday, but the year is not yet confirmed complete: still flagged
    assert state(deadline)[1:] == (
        D(2027, 1, 13),
        True,
        "自2026-12-15起20个工作日，2027-01-13届满（《政府信息公开条例》第三十三条）（节假日数据缺失，按周一至周五估算）",
    )

    change = calendar_year_set_complete(actor=people.root_admin, year=2027)
    assert change.recomputed == 1
    assert state(deadline)[1:] == (
        D(2027, 1, 13),
        False,
        "自2026-12-15起20个工作日，2027-01-13届满（《政府信息公开条例》第三十三条）",
    )
    assert deadline.calendar_version == "cc1.11.0+r2"
    year = CalendarYear.objects.get(year=2027)
    assert (year.complete, year.entered_by, year.source) == (True, people.root_admin, "manual")
    notes = list(
        AuditEvent.objects.filter(object_type="workdays.calendaryear")
        .order_by("seq")
        .values_list("note", flat=True)
    )
    assert notes == [
        "导入2027年度节假日安排 12 天（放假 11 天，调休上班 1 天），替换原有 0 天",
        "2027年度节假日数据标记为完整",
    ]


def test_a_package_year_cannot_be_marked(people):
    with pytest.raises(ValidationError) as exc:
        calendar_year_set_complete(actor=people.root_admin, year=2026)
    assert exc.value.messages == ["2026年度的节假日已由 chinesecalendar 数据包提供，无需标记。"]


def test_refresh_stale_recomputes_deadlines_of_an_older_calendar_version(reply):
    Deadline.objects.filter(pk=reply.pk).update(calendar_version="cc1.10.0+r0", due_date=D(2025, 11, 1))
    assert deadlines_refresh_stale() == 1
    reply.refresh_from_db()
    assert (reply.due_date, reply.calendar_version) == (D(2025, 11, 4), "cc1.11.0+r0")
    assert deadlines_refresh_stale() == 0
