"""Figure tokens: values, previous year, comparisons, shares, gaps."""

from __future__ import annotations

import pytest

from fazhi.reporting.figures import FigureResolver, token_problem
from tests.reporting.factories import type_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(tree, people, typed_in_only):
    def make(current: dict, previous: dict | None = None):
        type_in(tree.county, 2025, current, user=people.legal)
        if previous:
            type_in(tree.county, 2024, previous, user=people.legal)
        return FigureResolver(tree.county, 2025)

    return make


@pytest.mark.parametrize(
    ("now", "before", "text"),
    [
        (120, 100, "同比增长20.0%"),
        (90, 100, "同比下降10.0%"),
        (100, 100, "与上年持平"),
        (5, 0, "上年为0件"),
    ],
)
def test_count_comparison(figures, now, before, text):
    resolver = figures({"mediation.cases": now}, {"mediation.cases": before})
    assert resolver.resolve("mediation.cases@比较").text == text


@pytest.mark.parametrize(
    ("now", "before", "text"),
    [
        (40.5, 27.9, "较上年的27.9%明显上升"),
        (29.0, 27.9, "较上年的27.9%有所上升"),
        (25.0, 27.9, "较上年的27.9%有所下降"),
        (20.0, 27.9, "较上年的27.9%明显下降"),
        (27.9, 27.9, "与上年的27.9%持平"),
    ],
)
def test_rate_comparison(figures, now, before, text):
    resolver = figures({"complaints.ontime_rate": now}, {"complaints.ontime_rate": before})
    assert resolver.resolve("complaints.ontime_rate@比较").text == text


def test_values_previous_year_shares_and_gaps(figures):
    resolver = figures(
        {"reconsideration.upheld": 528, "reconsideration.closed": 908}, {"reconsideration.upheld": 365}
    )
    assert resolver.resolve("reconsideration.upheld").text == "528件"
    assert resolver.resolve("reconsideration.upheld@上年").text == "365件"
    assert resolver.resolve("reconsideration.upheld/reconsideration.closed").text == "58.1%"
    gap = resolver.resolve("reconsideration.closed@上年")
    assert (gap.text, gap.missing) == ("【待补充：上年行政复议·审结】", True)
    compare = resolver.resolve("reconsideration.closed@比较")
    assert compare.missing and "与上年比较" in compare.label


def test_token_problems():
    assert token_problem("reconsideration.received") == ""
    assert "不是有效的数据标记" in token_problem("reconsideration received")
    assert "不是指标目录中的指标" in token_problem("reconsideration.nope@上年")
    assert "占比不能" in token_problem("reconsideration.upheld/reconsideration.closed@比较")
