"""disclosure.* metrics read from the tables: summed over the subtree's tables for a whole year."""

from __future__ import annotations

import pytest

from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.services import report_confirm, report_create
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import Subtree, computer_for
from fazhi.metrics.values import evaluate
from tests.disclosure.factories import balanced_values

YEAR = 2025


@pytest.fixture
def tables(tree, people):
    """dept A and its child each have a table; the child's with one more 自然人 application disclosed."""
    a = report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR, values=balanced_values())
    child = report_create(
        actor=people.clerk_a,
        unit=tree.dept_a_child,
        year=YEAR,
        values=balanced_values() | {"t3.new.natural": 11, "t3.disclosed.natural": 7},
    )
    report_confirm(actor=people.leader, report=a)
    report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR - 1, values=balanced_values())
    return a, child


def value(key, unit, period=None):
    return evaluate(key, unit, period or Period.for_year(YEAR))


def test_registered_on_the_tables():
    for key in ("disclosure.requests", "disclosure.requests_carried_over", "disclosure.reconsiderations_against",
                "disclosure.lawsuits_against", "disclosure.responses_by_type.disclosed"):  # fmt: skip
        assert computer_for(key).model is DisclosureReport


def test_figures_sum_the_tables_of_the_subtree(tables, tree):
    assert value("disclosure.requests", tree.dept_a_child).computed_value == 15
    assert value("disclosure.requests", tree.dept_a).computed_value == 14 + 15
    assert value("disclosure.requests", tree.county).computed_value == 29
    assert value("disclosure.requests_carried_over", tree.county).computed_value == 6
    assert value("disclosure.reconsiderations_against", tree.county).computed_value == 8
    assert value("disclosure.lawsuits_against", tree.county).computed_value == 4


def test_responses_by_type_follow_the_headings_of_the_form(tables, tree):
    unit = tree.dept_a
    assert value("disclosure.responses_by_type.disclosed", unit).computed_value == 8 + 9
    assert value("disclosure.responses_by_type.partly_disclosed", unit).computed_value == 2
    assert value("disclosure.responses_by_type.not_disclosed", unit).computed_value == 2  # 1.属于国家秘密
    assert value("disclosure.responses_by_type.unavailable", unit).computed_value == 4  # 本机关不掌握
    assert value("disclosure.responses_by_type.not_processed", unit).computed_value == 2  # 信访举报投诉类
    assert value("disclosure.responses_by_type.other", unit).computed_value == 2  # 逾期不补正


def test_no_figure_without_a_table_or_for_part_of_a_year(tables, tree):
    assert value("disclosure.requests", tree.dept_b).computed_value is None
    assert value("disclosure.requests", tree.dept_a, Period.for_quarter(YEAR, 1)).computed_value is None
    assert value("disclosure.requests", tree.dept_a, Period.for_year(YEAR - 1)).computed_value == 14
    assert value("disclosure.requests", tree.dept_a, Period.for_year(YEAR - 2)).computed_value is None


def test_drilldown_lists_the_tables(tables, tree):
    _value, queryset = computer_for("disclosure.requests")(Subtree(tree.dept_a), Period.for_year(YEAR))
    assert set(queryset) == set(tables)
