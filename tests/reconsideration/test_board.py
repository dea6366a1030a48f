"""The 行政复议 deadline board: next statutory deadline per running case, colours, filters, scoping, 中止."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from fazhi.reconsideration import rules
from fazhi.reconsideration import selectors as rc_selectors
from fazhi.reconsideration.choices import DecisionType, SuspensionGround
from fazhi.reconsideration.selectors import BoardState, deadline_board
from fazhi.reconsideration.services import (
    case_accept,
    case_decide,
    case_record_copy_sent,
    case_record_respondent_answer,
    case_refuse,
    case_suspend,
)
from tests.reconsideration.factories import applicant, register

D = datetime.date
MARCH_3 = D(2025, 3, 3)
TODAY = D(2025, 3, 24)  # a Monday; FAZHI_REMINDER_WORKING_DAYS = 3 → due soon up to Thursday 03-27
pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(tree, people, settings):
    settings.FAZHI_REMINDER_WORKING_DAYS = 3
    legal = people.legal

    def reg(unit=tree.county, received_on=MARCH_3, n=1, **kw):
        return register(
            legal,
            unit,
            received_on=received_on,
            applicants=[applicant(name=f"申请人{n}", id_number=f"44060519800101{n:04d}")],
            contested_act=f"行政处罚决定第{n}号",
            act_document_number=f"罚〔2025〕{n}号",
            **kw,
        ).case

    lapsed = reg(n=1)  # review due 03-10: overdue on 03-24
    copy_soon = case_accept(actor=legal, case=reg(n=2), on=D(2025, 3, 17))  # copy due 03-26
    paused = case_accept(actor=legal, case=reg(n=3), on=D(2025, 3, 17))
    paused = case_record_copy_sent(actor=legal, case=paused, on=D(2025, 3, 18), received_on=D(2025, 3, 18))
    paused = case_record_respondent_answer(actor=legal, case=paused, on=D(2025, 3, 20))
    paused = case_suspend(actor=legal, case=paused, on=D(2025, 3, 21), ground=SuspensionGround.OTHER_CASE)
    normal = reg(n=4, received_on=D(2025, 3, 21), handler=legal)  # review due 03-28
    justice = reg(unit=tree.justice, n=5, received_on=D(2025, 3, 21))  # review due 03-28
    refused = case_refuse(actor=legal, case=reg(n=6), on=D(2025, 3, 5), reason="不属于本机关管辖")
    decided = case_accept(actor=legal, case=reg(n=7), on=D(2025, 3, 10))
    decided = case_decide(
        actor=legal,
        case=decided,
        decision_type=DecisionType.UPHOLD,
        decided_on=D(2025, 3, 20),
        approver="局长",
    )
    sibling = register(people.admin_other, tree.other_county, received_on=D(2025, 3, 3)).case
    return locals()


def test_rows_sorted_by_due_date_with_state_working_days_and_article(cases, people):
    board = deadline_board(user=people.legal, today=TODAY)
    got = [(r.case, r.state, r.working_days_left) for r in board.rows]
    assert [c for c, _s, _n in got] == [
        cases["lapsed"],
        cases["copy_soon"],
        *sorted([cases["normal"], cases["justice"]], key=lambda c: c.case_number),
        cases["paused"],
    ]
    by_case = {r.case: r for r in board.rows}
    lapsed = by_case[cases["lapsed"]]
    assert (lapsed.state, lapsed.working_days_left, lapsed.overdue_working_days) == (
        BoardState.OVERDUE,
        -10,
        10,
    )
    assert lapsed.deadline.rule_key == rules.ACCEPTANCE
    assert lapsed.deadline.due_date == D(2025, 3, 10)
    assert "《行政复议法》第三十条" in lapsed.deadline.citation
    assert "2025-03-10届满" in lapsed.deadline.explanation
    soon = by_case[cases["copy_soon"]]
    assert (soon.state, soon.working_days_left, soon.deadline.rule_key) == (
        BoardState.DUE_SOON,
        2,
        rules.RESPONDENT_COPY,
    )
    assert (by_case[cases["normal"]].state, by_case[cases["normal"]].working_days_left) == (
        BoardState.NORMAL,
        4,
    )


def test_finished_and_out_of_scope_cases_are_not_on_the_board(cases, people):
    shown = {r.case for r in deadline_board(user=people.legal, today=TODAY).rows}
    assert cases["refused"] not in shown
    assert cases["decided"] not in shown
    assert cases["sibling"] not in shown
    assert {r.case for r in deadline_board(user=people.admin_other, today=TODAY).rows} == {cases["sibling"]}
    assert deadline_board(user=people.clerk_b, today=TODAY).rows == []


def test_suspended_case_is_shown_paused_without_a_due_date(cases, people):
    row = next(r for r in deadline_board(user=people.legal, today=TODAY).rows if r.case == cases["paused"])
    assert row.state == BoardState.PAUSED
    assert row.deadline.rule_key == rules.DECISION
    assert row.deadline.due_date is None and row.deadline.paused_since == D(2025, 3, 21)
    assert row.working_days_left is None


def test_due_soon_threshold_follows_the_reminder_setting(cases, people, settings):
    def state_of(case):
        return next(r.state for r in deadline_board(user=people.legal, today=TODAY).rows if r.case == case)

    # 03-28 is the 4th working day after 03-24
    assert state_of(cases["normal"]) == BoardState.NORMAL
    settings.FAZHI_REMINDER_WORKING_DAYS = 4
    assert state_of(cases["normal"]) == BoardState.DUE_SOON
    # due today is still due soon, the day after it is overdue
    assert deadline_board(user=people.legal, today=D(2025, 3, 28)).rows[-2].working_days_left == 0
    assert state_of(cases["lapsed"]) == BoardState.OVERDUE


def test_filters_handler_unit_kind_and_only(cases, people, tree):
    legal = people.legal

    def shown(**filters):
        return [r.case for r in deadline_board(user=legal, today=TODAY, **filters).rows]

    assert shown(handler=legal) == [cases["normal"]]
    assert shown(unit=tree.justice) == [cases["justice"]]
    assert cases["justice"] not in shown(unit=tree.dept_a)
    decision = deadline_board(user=legal, today=TODAY, rule_key=rules.DECISION).rows
    assert [(r.case, r.deadline.rule_key) for r in decision] == [
        (cases["copy_soon"], rules.DECISION),
        (cases["paused"], rules.DECISION),
    ]
    assert decision[0].deadline.due_date == D(2025, 5, 16)  # 60日 from 03-17 (第六十二条)
    assert shown(only="overdue") == [cases["lapsed"]]
    assert shown(only="due_soon") == [cases["copy_soon"]]
    assert shown(only="attention") == [cases["lapsed"], cases["copy_soon"]]


def test_board_reads_cases_and_deadlines_in_one_query_each(cases, people, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        deadline_board(user=people.legal, today=TODAY)  # warm the content-type and membership caches
        with CaptureQueriesContext(connection) as captured:
            rows = deadline_board(user=people.legal, today=TODAY).rows
        sql = [q["sql"] for q in captured.captured_queries]
        return len(rows), sql

    before, sql = queries()
    assert len([q for q in sql if 'FROM "reconsideration_reconsiderationcase"' in q]) == 1
    assert len([q for q in sql if 'FROM "workdays_deadline"' in q]) == 1
    for n in range(10, 15):  # more cases, same number of queries: no N+1
        register(
            people.legal,
            tree.county,
            received_on=D(2025, 3, 21),
            applicants=[applicant(name=f"乙{n}")],
            contested_act=f"决定{n}",
            act_document_number=f"号{n}",
        )
    after, sql_after = queries()
    assert after == before + 5
    assert len(sql_after) == len(sql)


def test_board_page_colours_rows_and_links_to_the_case(cases, people, login, monkeypatch):
    monkeypatch.setattr(rc_selectors, "workdays_today", lambda: TODAY)
    response = login(people.legal).get(reverse("reconsideration:board"))
    assert response.status_code == 200
    body = response.content.decode()
    rows = re.findall(r'data-state="(\w+)" data-case="([0-9a-f-]+)"\s*class="([\w-]*)"', body)
    assert [(state, case) for state, case, _cls in rows][:2] == [
        ("overdue", str(cases["lapsed"].pk)),
        ("due_soon", str(cases["copy_soon"].pk)),
    ]
    classes = {case: cls for _state, case, cls in rows}
    assert classes[str(cases["lapsed"].pk)] == "table-danger"
    assert classes[str(cases["copy_soon"].pk)] == "table-warning"
    assert classes[str(cases["paused"].pk)] == "table-secondary"
    assert reverse("reconsideration:detail", args=[cases["lapsed"].pk]) in body
    assert "《行政复议法》第三十条" in body and "逾期 10 个工作日" in body
    assert str(cases["sibling"].pk) not in body and str(cases["decided"].pk) not in body


def test_board_page_filters_from_the_query_string(cases, people, login, monkeypatch, tree):
    monkeypatch.setattr(rc_selectors, "workdays_today", lambda: TODAY)
    client = login(people.legal)
    body = client.get(reverse("reconsideration:board"), {"unit": tree.justice.pk}).content.decode()
    assert str(cases["justice"].pk) in body and str(cases["lapsed"].pk) not in body
    body = client.get(reverse("reconsideration:board"), {"handler": people.legal.pk}).content.decode()
    assert str(cases["normal"].pk) in body and str(cases["justice"].pk) not in body
    body = client.get(reverse("reconsideration:board"), {"only": "overdue"}).content.decode()
    assert str(cases["lapsed"].pk) in body and str(cases["copy_soon"].pk) not in body
    body = client.get(reverse("reconsideration:board"), {"rule": rules.DECISION}).content.decode()
    assert str(cases["paused"].pk) in body and str(cases["lapsed"].pk) not in body
    # a unit outside the scope is not a choice: the filter is ignored with an error, nothing leaks
    response = client.get(reverse("reconsideration:board"), {"unit": tree.other_county.pk})
    assert response.status_code == 200
    assert str(cases["sibling"].pk) not in response.content.decode()
    assert "所选单位不存在或不在您的管理范围内" in response.content.decode()
