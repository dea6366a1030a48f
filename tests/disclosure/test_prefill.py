"""用平台数据填入: cells whose figure has a metric computer are filled from it; the others stay typed."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent
from fazhi.disclosure.services import cell_sources, report_create, report_prefill, report_values
from fazhi.disclosure.tables import LAYOUT_2021
from fazhi.metrics.catalog import Kind, Metric, Obtained
from fazhi.metrics.registry import (
    computer_for,
    define_metric,
    forget_metric,
    get_metric,
    register_metric,
    unregister_metric,
)
from fazhi.reconsideration.models import ReconsiderationCase
from tests.disclosure.factories import balanced_values

KEY = "enforcement.penalty_decisions"  # the cell's source: not in the catalog until enforcement exists


@pytest.fixture
def penalty_metric():
    """A computer for 行政处罚 决定数: here, the subtree's reconsideration cases (any countable records)."""
    defined = False
    try:
        get_metric(KEY)
    except LookupError:
        define_metric(Metric(KEY, "行政处罚决定", "件", Kind.COUNT, Obtained.BOTH, "测试用"))
        defined = True

    def compute(subtree, period):
        qs = ReconsiderationCase.objects.filter(subtree.q())
        return qs.count() + 7, qs

    registered = computer_for(KEY) is None
    if registered:
        register_metric(KEY, compute=compute, model=ReconsiderationCase)
    yield
    if registered:
        unregister_metric(KEY)
    if defined:
        forget_metric(KEY)


def test_sources_are_looked_up_at_run_time():
    sources = {s.cell.code: s for s in cell_sources(LAYOUT_2021)}
    assert len(sources) == len(LAYOUT_2021.input_cells)
    assert sources["t3.new.natural"].key == ""
    assert sources["t3.new.natural"].reason == "平台无此数据来源"
    assert sources["t2.rules.issued"].available is False
    assert sources["t2.penalty.decisions"].available is (computer_for(KEY) is not None)


def test_prefill_fills_the_cells_with_a_computer_and_says_which(tree, people, penalty_metric):
    report = report_create(actor=people.clerk_a, unit=tree.dept_a, year=2025, values=balanced_values())
    result = report_prefill(actor=people.clerk_a, report=report)
    filled = {cell.code: (key, value) for cell, key, value in result.filled}
    assert filled["t2.penalty.decisions"] == (KEY, 7)
    assert report_values(report)["t2.penalty.decisions"] == 7
    # typed-in cells without a source keep their figures
    assert report_values(report)["t3.new.natural"] == 10
    untouched = {s.cell.code for s in result.without_source}
    assert "t3.new.natural" in untouched
    assert "t2.rules.issued" in untouched
    assert "t2.penalty.decisions" not in untouched
    event = AuditEvent.objects.filter(object_id=str(report.pk)).latest("seq")
    assert event.note.startswith("用平台数据填入")
    assert event.changes["表二 第二十条第（六）项 第“行政处罚”行“本年处理决定数量”列"] == ["35", "7"]


def test_prefill_on_a_confirmed_table_is_refused(tree, people, penalty_metric):
    from django.core.exceptions import ValidationError

    from fazhi.disclosure.services import report_confirm

    report = report_create(actor=people.clerk_a, unit=tree.dept_a, year=2025, values=balanced_values())
    report_confirm(actor=people.leader, report=report)
    with pytest.raises(ValidationError):
        report_prefill(actor=people.clerk_a, report=report)
    assert report_values(report)["t2.penalty.decisions"] == 35
