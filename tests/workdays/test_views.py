"""The calendar page (read by all, changed by top-level administrators), deadline pages, the home panel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import DayKind, DeadlineStatus, EventKind
from fazhi.workdays.models import CalendarDay, CalendarYear, Deadline, DeadlineEvent
from fazhi.workdays.services import calendar_day_add, deadline_close
from tests.workdays.helpers import SCHEDULE_2027, xlsx_upload
from tests.workdays.samples import make_deadline

D = datetime.date


@pytest.fixture
def on_2025_11_03(monkeypatch):
    monkeypatch.setattr("fazhi.workdays.selectors.today", lambda: D(2025, 11, 3))
    return D(2025, 11, 3)


def calendar_state():
    return (
        list(CalendarDay.objects.values_list("date", "kind", "name")),
        list(CalendarYear.objects.values_list("year", "complete")),
        load_calendar().version,
        AuditEvent.objects.count(),
    )


# --- the calendar page --------------------------------------------------------------------------------


def test_everyone_signed_in_reads_the_calendar_without_edit_controls(login, people):
    response = login(people.clerk_a).get(reverse("workdays:holidays") + "?year=2025")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-date="2025-10-11"' in body and "国庆节调休上班" in body
    assert 'data-testid="year-status">数据包已覆盖<' in body
    assert "共放假 28 天（含放假期间的周末），调休上班 5 天" in body
    assert "登记一天" not in body and "从 Excel 导入一个年度" not in body
    assert "节假日安排由顶层单位的系统管理员维护" in body


def test_an_unknown_year_is_shown_as_missing(login, people):
    body = login(people.root_admin).get(reverse("workdays:holidays") + "?year=2027").content.decode()
    assert 'data-testid="year-status">节假日数据缺失<' in body
    assert "2027年度的放假安排尚未录入" in body
    assert "登记一天" in body and "从 Excel 导入一个年度" in body and 'data-testid="year-complete"' in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("workdays:holidays"))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/login/")


@pytest.mark.parametrize("who", ["admin", "admin_a", "legal", "clerk_a", "auditor", "nobody"])
def test_only_a_top_level_administrator_may_post(login, people, who):
    calendar_day_add(actor=people.root_admin, date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    day = CalendarDay.objects.get()
    client = login(getattr(people, who))
    before = calendar_state()
    posts = [
        (reverse("workdays:day-add"), {"date": "2027-01-02", "kind": "holiday", "name": "元旦"}),
        (reverse("workdays:day-delete", args=[day.pk]), {}),
        (reverse("workdays:year-complete"), {"year": "2027", "complete": "on"}),
        (reverse("workdays:import"), {"year": "2027", "file": xlsx_upload(SCHEDULE_2027)}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert calendar_state() == before


def test_administrator_adds_marks_and_removes_days(login, people, tree):
    client = login(people.root_admin)
    deadline = make_deadline(tree.dept_a, start=D(2026, 12, 15))
    assert (deadline.due_date, deadline.uncertain) == (D(2027, 1, 12), True)

    response = client.post(
        reverse("workdays:day-add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/calendar/?year=2027"
    assert "已登记 2027-01-01 放假 元旦。已重新计算受影响的期限 1 项。" in response.content.decode()
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.uncertain) == (D(2027, 1, 13), True)

    response = client.post(reverse("workdays:year-complete"), {"year": "2027", "complete": "on"}, follow=True)
    assert "2027年度已标记为数据完整。已重新计算受影响的期限 1 项。" in response.content.decode()
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.uncertain) == (D(2027, 1, 13), False)

    response = client.post(reverse("workdays:year-complete"), {"year": "2027"}, follow=True)
    assert "已撤销2027年度的数据完整标记。已重新计算受影响的期限 1 项。" in response.content.decode()
    day = CalendarDay.objects.get()
    response = client.post(reverse("workdays:day-delete", args=[day.pk]), follow=True)
    assert "已删除 2027-01-01 放假 元旦。" in response.content.decode()
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.uncertain) == (D(2027, 1, 12), True)


def test_day_add_shows_the_services_refusal(login, people):
    response = login(people.root_admin).post(
        reverse("workdays:day-add"), {"date": "2027-01-04", "kind": "workday", "name": "调休"}
    )
    assert response.status_code == 200
    assert "2027-01-04是周一，本来就是工作日，无需登记为调休上班。" in response.content.decode()
    assert CalendarDay.objects.count() == 0


def test_import_page_lists_row_errors_and_saves_nothing(login, people):
    client = login(people.root_admin)
    rows = [*SCHEDULE_2027, ("2027-13-01", "放假", "元旦")]
    before = calendar_state()  # after the login, which is audited too
    response = client.post(reverse("workdays:import"), {"year": "2027", "file": xlsx_upload(rows)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "文件有误，未导入任何数据：" in body
    assert "<li>第14行“日期”：“2027-13-01”不是有效日期，应为 2027-01-01 这样的日期。</li>" in body
    assert calendar_state() == before
    response = client.post(
        reverse("workdays:import"),
        {"year": "2027", "file": xlsx_upload(SCHEDULE_2027), "mark_complete": "on"},
        follow=True,
    )
    assert "已导入2027年度节假日安排。" in response.content.decode()
    assert (CalendarDay.objects.count(), CalendarYear.objects.get(year=2027).complete) == (12, True)


# --- deadline pages ---------------------------------------------------------------------------------


@pytest.fixture
def deadlines(tree, people):
    """On 2025-11-03 (N=3 → due soon up to 11-06)."""
    return {
        "a_soon": make_deadline(tree.dept_a, responsible=people.clerk_a, record_repr="甲申请"),  # 11-04
        "a_overdue": make_deadline(
            tree.dept_a,
            rule_key="disclosure.correction_notice",
            start=D(2025, 10, 9),
            responsible=people.clerk_a,
            record_repr="乙申请",
        ),  # 10-17
        "a_other": make_deadline(
            tree.dept_a_child, responsible=people.admin_a, record_repr="丙申请"
        ),  # 11-04
        "a_far": make_deadline(
            tree.dept_a,
            rule_key="reconsideration.decision",
            start=D(2025, 10, 1),
            responsible=people.clerk_a,
            record_repr="丁案",
        ),  # 12-01
        "b_soon": make_deadline(tree.dept_b, responsible=people.clerk_b, record_repr="戊申请"),  # 11-04
    }


def listed(response) -> list[str]:
    return [d.record_repr for d in response.context["object_list"]]


def test_deadline_list_is_scoped_and_filtered(login, people, deadlines, on_2025_11_03):
    client = login(people.clerk_a)
    url = reverse("workdays:deadlines")
    assert listed(client.get(url)) == ["乙申请", "丙申请", "甲申请", "丁案"]  # by due date, then 事项
    assert listed(client.get(url, {"overdue": "on"})) == ["乙申请"]
    response = client.get(url, {"within": "3"})
    assert listed(response) == ["丙申请", "甲申请"]
    assert "届满日在 2025-11-03 至 2025-11-06 之间。" in response.content.decode()
    assert listed(client.get(url, {"mine": "on"})) == ["乙申请", "甲申请", "丁案"]
    assert listed(client.get(url, {"q": "丁"})) == ["丁案"]
    deadline_close(actor=people.clerk_a, deadline=deadlines["a_soon"], on=D(2025, 10, 30))
    assert listed(client.get(url, {"status": "met"})) == ["甲申请"]
    assert listed(login(people.legal).get(url, {"within": "3"})) == ["丙申请", "戊申请"]


def test_deadline_list_query_count_does_not_grow(
    login, people, tree, deadlines, django_assert_max_num_queries
):
    client = login(people.legal)
    for i in range(20):
        make_deadline(tree.town, responsible=people.legal, record_repr=f"批量{i}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workdays:deadlines"))
    assert len(response.context["object_list"]) == 25


def test_deadline_detail_shows_the_explanation_and_records_events(login, people, deadlines):
    deadline = deadlines["a_soon"]
    client = login(people.clerk_a)
    url = reverse("workdays:deadline-detail", args=[deadline.pk])
    body = client.get(url).content.decode()
    assert (
        'data-testid="explanation">自2025-09-30起20个工作日，2025-11-04届满（《政府信息公开条例》第三十三条）</p>'
        in body
    )
    assert 'data-testid="deadline-actions"' in body

    event_url = reverse("workdays:deadline-event", args=[deadline.pk])
    response = client.post(event_url, {"kind": "pause", "on": "2025-10-10", "reason": "征求第三方意见"})
    assert (response.status_code, response["Location"]) == (302, url)
    response = client.post(event_url, {"kind": "resume", "on": "2025-10-13"}, follow=True)
    assert "已登记恢复。" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.due_date == D(2025, 11, 6)

    response = client.post(event_url, {"kind": "resume", "on": "2025-10-14"})
    assert response.status_code == 200
    assert "该期限没有中止，无需恢复。" in response.content.decode()
    response = client.post(event_url, {"kind": "extend", "days": "5"})
    assert "批准人：请填写批准人。" in response.content.decode()
    assert list(deadline.events.values_list("kind", flat=True)) == [EventKind.PAUSE, EventKind.RESUME]

    response = client.post(event_url, {"kind": "met", "on": "2025-11-05"}, follow=True)
    assert "已办结。" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert 'data-testid="deadline-actions"' not in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["leader", "auditor", "clerk_b"])
def test_deadline_events_refused_without_change_in_scope(login, people, deadlines, who):
    deadline = deadlines["a_soon"]
    response = login(getattr(people, who)).post(
        reverse("workdays:deadline-event", args=[deadline.pk]), {"kind": "pause", "on": "2025-10-10"}
    )
    assert response.status_code == 404
    deadline.refresh_from_db()
    assert (deadline.due_date, DeadlineEvent.objects.count()) == (D(2025, 11, 4), 0)


def test_leader_reads_but_cannot_act(login, people, deadlines):
    body = (
        login(people.leader)
        .get(reverse("workdays:deadline-detail", args=[deadlines["a_soon"].pk]))
        .content.decode()
    )
    assert "甲申请" in body and 'data-testid="deadline-actions"' not in body


# --- the home panel -------------------------------------------------------------------------------


def test_home_panel_lists_the_users_overdue_and_due_soon_deadlines(login, people, deadlines, on_2025_11_03):
    body = login(people.clerk_a).get(reverse("home")).content.decode()
    assert 'data-testid="deadline-overdue-total">已逾期 1 项<' in body
    assert 'data-testid="deadline-soon-total">3个工作日内到期 1 项（截至 2025-11-06）<' in body
    assert "乙申请：告知补正" in body and "甲申请：依申请公开答复" in body
    assert "丙申请" not in body and "丁案" not in body and "戊申请" not in body


def test_home_panel_for_legal_staff_covers_every_deadline_in_scope(login, people, deadlines, on_2025_11_03):
    body = login(people.legal).get(reverse("home")).content.decode()
    assert 'data-testid="deadline-overdue-total">已逾期 1 项<' in body
    assert 'data-testid="deadline-soon-total">3个工作日内到期 3 项（截至 2025-11-06）<' in body
    assert all(name in body for name in ("甲申请", "乙申请", "丙申请", "戊申请"))
    assert "丁案" not in body


def test_home_panel_hidden_when_nothing_is_due(login, people, deadlines, on_2025_11_03):
    body = login(people.admin_other).get(reverse("home")).content.decode()
    assert 'data-testid="deadline-panel"' not in body


def test_home_panel_respects_the_setting(login, people, deadlines, on_2025_11_03, settings):
    settings.FAZHI_REMINDER_WORKING_DAYS = 0
    body = login(people.clerk_a).get(reverse("home")).content.decode()
    assert 'data-testid="deadline-overdue-total">已逾期 1 项<' in body
    assert 'data-testid="deadline-soon-total"' not in body
    assert Deadline.objects.count() == 5
