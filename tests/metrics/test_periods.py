"""Periods: names, tokens, parsing, errors and the boundaries of their queries."""

from __future__ import annotations

import datetime

import pytest

from fazhi.metrics.periods import Period, PeriodError, PeriodKind

D = datetime.date


@pytest.mark.parametrize(
    ("period", "label", "token", "start", "end"),
    [
        (Period.for_year(2025), "2025年", "2025", D(2025, 1, 1), D(2025, 12, 31)),
        (Period.for_quarter(2025, 1), "2025年第一季度", "2025Q1", D(2025, 1, 1), D(2025, 3, 31)),
        (Period.for_quarter(2025, 3), "2025年第三季度", "2025Q3", D(2025, 7, 1), D(2025, 9, 30)),
        (Period.for_quarter(2024, 4), "2024年第四季度", "2024Q4", D(2024, 10, 1), D(2024, 12, 31)),
        (Period.for_month(2025, 10), "2025年10月", "2025-10", D(2025, 10, 1), D(2025, 10, 31)),
        (Period.for_month(2024, 2), "2024年2月", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (Period.for_month(2025, 2), "2025年2月", "2025-02", D(2025, 2, 1), D(2025, 2, 28)),
        (
            Period.for_range("2025-01-01", "2025-06-30"),
            "2025-01-01至2025-06-30",
            "2025-01-01~2025-06-30",
            D(2025, 1, 1),
            D(2025, 6, 30),
        ),
    ],
)
def test_labels_tokens_and_bounds(period, label, token, start, end):
    assert (period.label, period.token, period.start, period.end) == (label, token, start, end)
    assert Period.parse(token) == period


def test_a_range_that_is_a_calendar_period_is_named_as_one():
    assert Period.for_range(D(2025, 7, 1), D(2025, 9, 30)) == Period.for_quarter(2025, 3)
    assert Period.for_range("2025-01-01", "2025-12-31").kind == PeriodKind.YEAR
    assert Period.for_range("2025-10-01", "2025-10-31").label == "2025年10月"
    assert Period.for_range("2025-10-01", "2025-10-30").kind == PeriodKind.RANGE


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("2025q2", Period.for_quarter(2025, 2)),
        ("2025-Q2", Period.for_quarter(2025, 2)),
        ("2025-3", Period.for_month(2025, 3)),
        (" 2025 ", Period.for_year(2025)),
        ("2025-01-01至2025-03-15", Period.for_range(D(2025, 1, 1), D(2025, 3, 15))),
        ("2025-01-01..2025-03-15", Period.for_range(D(2025, 1, 1), D(2025, 3, 15))),
    ],
)
def test_parse_accepts_common_spellings(token, expected):
    assert Period.parse(token) == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: Period.parse("2025Q5"),
            "期间“2025Q5”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。",
        ),
        (lambda: Period.parse("2025-13"), "月份应为 1–12，收到的是 13。"),
        (lambda: Period.parse(""), "期间“”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。"),
        (lambda: Period.for_quarter(2025, 0), "季度应为 1–4，收到的是 0。"),
        (lambda: Period.for_year(1900), "年份应在 1949–2100 之间，收到的是 1900。"),
        (lambda: Period.for_year("二〇二五"), "年份应为整数，收到的是 二〇二五。"),
        (
            lambda: Period.for_range("2025-06-30", "2025-01-01"),
            "截止日期 2025-01-01 早于起始日期 2025-06-30。",
        ),
        (
            lambda: Period.for_range("2025-02-30", "2025-03-01"),
            "起始日期格式不正确，应为 YYYY-MM-DD，收到的是 2025-02-30。",
        ),
    ],
)
def test_impossible_periods_are_refused_in_chinese(call, message):
    with pytest.raises(PeriodError) as exc:
        call()
    assert str(exc.value) == message


def test_from_params():
    assert Period.from_params({"period": "2025Q3", "year": "2020"}) == Period.for_quarter(2025, 3)
    assert Period.from_params({"year": "2025"}) == Period.for_year(2025)
    assert Period.from_params({"year": "2025", "quarter": "4"}) == Period.for_quarter(2025, 4)
    assert Period.from_params({"year": "2025", "month": "1", "quarter": ""}) == Period.for_month(2025, 1)
    assert Period.from_params(
        {"start": "2025-01-01", "end": "2025-06-30", "year": "2025"}
    ) == Period.for_range(D(2025, 1, 1), D(2025, 6, 30))
    assert Period.from_params({}, default=Period.for_year(2024)) == Period.for_year(2024)
    for params, message in [
        ({}, "请给出期间：年份（可加季度或月份），或起止日期。"),
        ({"year": "2025", "quarter": "1", "month": "2"}, "季度和月份只能选择其一。"),
        ({"quarter": "1"}, "选择季度或月份时须给出年份。"),
        ({"start": "2025-01-01"}, "自定义期间须同时给出起始日期和截止日期。"),
    ]:
        with pytest.raises(PeriodError) as exc:
            Period.from_params(params)
        assert str(exc.value) == message


def test_q_counts_a_datetime_by_local_days():
    q = Period.for_year(2025).q("created_at", is_datetime=True)
    (_, first), (_, after) = sorted(q.children)
    assert first.isoformat() == "2025-01-01T00:00:00+08:00"
    assert after.isoformat() == "2026-01-01T00:00:00+08:00"
    assert sorted(Period.for_month(2025, 2).q("received_on").children) == [
        ("received_on__gte", D(2025, 2, 1)),
        ("received_on__lte", D(2025, 2, 28)),
    ]
