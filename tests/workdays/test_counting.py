"""The counting rules of RULES.md §9.1 on the official 2025 and 2026 schedules (chinesecalendar 1.11.0).

Every expected date was checked by hand against the schedules in RULES.md §9.3:
2025 放假 01-01; 01-28…02-04; 04-04…06; 05-01…05; 05-31…06-02; 10-01…10-08;
     调休上班 01-26, 02-08, 04-27, 09-28, 10-11.
2026 放假 01-01…03; 02-15…23; 04-04…06; 05-01…05; 06-19…21; 09-25…27; 10-01…07;
     调休上班 01-04, 02-14, 02-28, 05-09, 09-20, 10-10.
"""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest

from fazhi.workdays.calendar import Calendar, package_calendar
from fazhi.workdays.choices import DayKind, EventKind, PeriodKind
from fazhi.workdays.counting import ClockEvent, add_months, compute, explain

D = datetime.date
CAL = package_calendar()
GIA = "《政府信息公开条例》第三十三条"


def working(start, n, calendar=CAL):
    return compute(kind=PeriodKind.WORKING_DAYS, count=n, start=start, calendar=calendar).due


def calendar_days(start, n, calendar=CAL):
    return compute(kind=PeriodKind.CALENDAR_DAYS, count=n, start=start, calendar=calendar).due


def months(start, n, calendar=CAL):
    return compute(kind=PeriodKind.MONTHS, count=n, start=start, calendar=calendar).due


# --- RULES.md §9.3 vectors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 9, 30), 20, D(2025, 11, 4)),
        (D(2025, 9, 26), 5, D(2025, 10, 10)),
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
    ],
)
def test_rules_md_vectors(start, n, due):
    assert working(start, n) == due


def test_start_on_a_holiday_is_not_find_workday():
    """2025-10-01 is itself a holiday: the 20th working day after it is 11-04, as after 09-30."""
    assert working(D(2025, 10, 1), 20) == D(2025, 11, 4)
    assert chinese_calendar.find_workday(20, D(2025, 10, 1)) == D(2025, 11, 5)  # the pitfall we avoid
    assert working(D(2026, 10, 1), 20) == D(2026, 11, 3)
    assert chinese_calendar.find_workday(20, D(2026, 10, 1)) == D(2026, 11, 4)


# --- working days: 春节, 国庆, 清明, 劳动节, 端午, 中秋, 元旦, 调休 weekends --------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 2025 春节: 01-26 (Sun) is a 调休 workday, 01-28…02-04 off, 02-08 (Sat) a 调休 workday
        (D(2025, 1, 20), 5, D(2025, 1, 26)),
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 1, 28), 7, D(2025, 2, 12)),
        (D(2025, 2, 7), 1, D(2025, 2, 8)),
        # 2025 清明, 劳动节 (with the 04-27 Sunday workday), 端午
        (D(2025, 4, 3), 1, D(2025, 4, 7)),
        (D(2025, 4, 25), 3, D(2025, 4, 29)),
        (D(2025, 4, 30), 1, D(2025, 5, 6)),
        (D(2025, 5, 30), 1, D(2025, 6, 3)),
        # 2025 国庆 and 中秋 (10-01…08) with the 09-28 Sunday and 10-11 Saturday workdays
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 27), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 10, 9), 2, D(2025, 10, 11)),
        # 2026 元旦 (01-04 Sunday workday), across the year boundary
        (D(2026, 1, 1), 1, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),
        # 2026 春节: 02-14 and 02-28 (Saturdays) are workdays, 02-15…23 off
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        (D(2026, 2, 15), 20, D(2026, 3, 20)),
        # 2026 劳动节 (05-09 Saturday workday), 端午, 中秋, 国庆 (10-10 Saturday workday)
        (D(2026, 4, 30), 5, D(2026, 5, 11)),
        (D(2026, 6, 18), 1, D(2026, 6, 22)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 24), 1, D(2026, 9, 28)),
        (D(2026, 9, 30), 7, D(2026, 10, 15)),
        (D(2026, 10, 9), 1, D(2026, 10, 10)),
    ],
)
def test_working_days(start, n, due):
    assert working(start, n) == due


# --- calendar days: only a last day that is a rest day moves ------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 3, 1), 7, D(2025, 3, 10)),  # an ordinary Saturday → Monday
        (D(2025, 9, 5), 30, D(2025, 10, 9)),  # 10-05, inside 国庆 → the first working day after it
        (D(2025, 9, 1), 30, D(2025, 10, 9)),
        (D(2025, 1, 1), 27, D(2025, 2, 5)),  # 春节
        (D(2025, 1, 10), 29, D(2025, 2, 8)),  # a 调休 Saturday is a working day: no shift
        (D(2025, 3, 5), 30, D(2025, 4, 7)),  # 清明
        (D(2025, 4, 1), 30, D(2025, 5, 6)),  # 劳动节
        (D(2025, 5, 1), 30, D(2025, 6, 3)),  # 端午
        (D(2025, 9, 11), 30, D(2025, 10, 11)),  # 调休 Saturday
        (D(2025, 8, 31), 30, D(2025, 9, 30)),  # a plain working day
        (D(2026, 1, 20), 30, D(2026, 2, 24)),  # 2026 春节
        (D(2026, 1, 15), 30, D(2026, 2, 14)),  # 调休 Saturday before 春节
        (D(2026, 1, 29), 30, D(2026, 2, 28)),  # 调休 Saturday after 春节
        (D(2026, 4, 1), 3, D(2026, 4, 7)),  # 清明
        (D(2026, 9, 11), 15, D(2026, 9, 28)),  # 中秋 Saturday
        (D(2026, 9, 5), 15, D(2026, 9, 20)),  # 调休 Sunday
        (D(2026, 9, 10), 30, D(2026, 10, 10)),  # 调休 Saturday after 国庆
    ],
)
def test_calendar_days(start, n, due):
    assert calendar_days(start, n) == due


# --- months: the corresponding day, else the month's last day, then the rest-day shift ----------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 8, 31), 1, D(2025, 9, 30)),
        (D(2025, 3, 31), 6, D(2025, 9, 30)),
        (D(2025, 7, 1), 3, D(2025, 10, 9)),  # 10-01 is 国庆
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # no 30 February; 02-28 is a 调休 Saturday: no shift
        (D(2025, 11, 15), 3, D(2026, 2, 24)),  # 02-15 is 春节
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
    ],
)
def test_months(start, n, due):
    assert months(start, n) == due


def test_add_months_handles_year_ends_and_short_months():
    assert add_months(D(2025, 12, 31), 1) == D(2026, 1, 31)
    assert add_months(D(2025, 10, 31), 4) == D(2026, 2, 28)
    assert add_months(D(2025, 5, 15), 12) == D(2026, 5, 15)


# --- clock events --------------------------------------------------------------------------------------


def run(kind, count, start, *events):
    return compute(kind=kind, count=count, start=start, calendar=CAL, events=list(events))


def test_pause_and_resume_leave_out_the_days_between():
    # Paused Friday 10-10, resumed Monday 10-13: 10-11 (调休 Saturday) and 10-13 are not counted.
    result = run(
        PeriodKind.WORKING_DAYS,
        20,
        D(2025, 9, 30),
        ClockEvent(EventKind.PAUSE, D(2025, 10, 10)),
        ClockEvent(EventKind.RESUME, D(2025, 10, 13)),
    )
    assert (result.due, result.paused_days) == (D(2025, 11, 6), 3)
    assert (
        explain(result, GIA)
        == "自2025-09-30起20个工作日；其间中止 3 日，2025-11-06届满（《政府信息公开条例》第三十三条）"
    )


def test_an_open_pause_has_no_due_date_and_says_what_remains():
    result = run(PeriodKind.WORKING_DAYS, 20, D(2025, 9, 30), ClockEvent(EventKind.PAUSE, D(2025, 10, 10)))
    assert (result.due, result.span_end, result.paused_since, result.remaining) == (
        None,
        None,
        D(2025, 10, 10),
        18,
    )
    assert explain(result, GIA) == (
        "自2025-09-30起20个工作日；2025-10-10起中止，尚余 18 个工作日，恢复后重新计算届满日"
        "（《政府信息公开条例》第三十三条）"
    )


def test_calendar_day_pause_adds_its_days():
    result = run(
        PeriodKind.CALENDAR_DAYS,
        60,
        D(2025, 3, 3),
        ClockEvent(EventKind.PAUSE, D(2025, 3, 20)),
        ClockEvent(EventKind.RESUME, D(2025, 3, 30)),
    )
    # 60 days → 05-02 (劳动节); plus 10 paused days → 05-12, a Monday
    assert (result.due, result.paused_days) == (D(2025, 5, 12), 10)


def test_extension_of_a_calendar_day_period_shifts_only_the_new_last_day():
    # 60 days from 2025-08-01 end on 09-30; 30 more end on 10-30 (a Thursday).
    result = run(
        PeriodKind.CALENDAR_DAYS, 60, D(2025, 8, 1), ClockEvent(EventKind.EXTEND, D(2025, 9, 20), days=30)
    )
    assert result.due == D(2025, 10, 30)
    assert explain(result, "《行政复议法》第六十二条") == (
        "自2025-08-01起60日；经批准延长 30 日，2025-10-30届满（《行政复议法》第六十二条）"
    )


def test_extension_of_a_working_day_period_counts_working_days():
    result = run(
        PeriodKind.WORKING_DAYS, 20, D(2025, 9, 30), ClockEvent(EventKind.EXTEND, D(2025, 10, 30), days=20)
    )
    assert result.due == D(2025, 12, 2)
    assert explain(result, GIA) == (
        "自2025-09-30起20个工作日；经批准延长 20 个工作日，2025-12-02届满（《政府信息公开条例》第三十三条）"
    )


def test_restart_counts_the_whole_period_again_and_drops_earlier_events():
    result = run(
        PeriodKind.WORKING_DAYS,
        20,
        D(2025, 9, 30),
        ClockEvent(EventKind.PAUSE, D(2025, 10, 9)),
        ClockEvent(EventKind.RESUME, D(2025, 10, 10)),
        ClockEvent(EventKind.RESTART, D(2025, 10, 15), reason="收到补正材料"),
    )
    assert (result.due, result.paused_days) == (D(2025, 11, 12), 0)
    assert explain(result, GIA) == (
        "自2025-09-30起20个工作日；2025-10-15因收到补正材料重新起算，2025-11-12届满（《政府信息公开条例》第三十三条）"
    )


def test_shifted_last_day_is_explained():
    result = run(PeriodKind.CALENDAR_DAYS, 30, D(2025, 9, 5))
    assert explain(result, "《行政复议法》第六十二条") == (
        "自2025-09-05起30日；末日2025-10-05为休息日，顺延，2025-10-09届满（《行政复议法》第六十二条）"
    )


def test_month_explanation():
    assert explain(run(PeriodKind.MONTHS, 6, D(2025, 3, 31)), "《行政诉讼法》第八十一条") == (
        "自2025-03-31起6个月，2025-09-30届满（《行政诉讼法》第八十一条）"
    )


# --- unknown years ----------------------------------------------------------------------------------


def test_a_period_into_an_unknown_year_is_estimated_and_flagged():
    result = compute(kind=PeriodKind.WORKING_DAYS, count=20, start=D(2026, 12, 15), calendar=CAL)
    assert (result.due, result.uncertain, result.unknown_years) == (D(2027, 1, 12), True, [2027])
    assert explain(result, GIA) == (
        "自2026-12-15起20个工作日，2027-01-12届满（《政府信息公开条例》第三十三条）（节假日数据缺失，按周一至周五估算）"
    )


def test_a_calendar_day_period_is_flagged_only_when_its_last_day_is_unknown():
    assert (
        compute(kind=PeriodKind.CALENDAR_DAYS, count=10, start=D(2026, 12, 1), calendar=CAL).uncertain
        is False
    )
    result = compute(kind=PeriodKind.CALENDAR_DAYS, count=60, start=D(2026, 12, 1), calendar=CAL)
    assert (result.due, result.uncertain) == (D(2027, 2, 1), True)  # 01-30 is a Saturday


def test_entered_days_win_and_a_complete_year_is_known():
    calendar = Calendar(
        overrides={D(2027, 1, 1): (DayKind.HOLIDAY, "元旦")}, complete_years=frozenset({2027})
    )
    result = compute(kind=PeriodKind.WORKING_DAYS, count=20, start=D(2026, 12, 15), calendar=calendar)
    assert (result.due, result.uncertain) == (D(2027, 1, 13), False)


@pytest.mark.parametrize("count", [0, -1, True, 100_001])
def test_counts_must_be_positive(count):
    with pytest.raises(ValueError, match="期间长度必须是 1 至 100000 之间的整数。"):
        compute(kind=PeriodKind.WORKING_DAYS, count=count, start=D(2025, 1, 1), calendar=CAL)
