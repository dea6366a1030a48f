"""What fazhi drafts, fazhi reads back: the paragraph drafted from 南海区 2018's figures, run through the
report analysis of issue 6, gives the same figures and no finding of an error (sums, rates, parts larger
than their wholes)."""

from __future__ import annotations

import pytest

from fazhi.analysis.engine import analyze_text
from tests.reporting.factories import type_in
from tests.reporting.test_blocks import gold_figures, rendered

pytestmark = pytest.mark.django_db


def test_the_drafted_reconsideration_paragraph_reads_back_with_the_same_figures(tree, people, typed_in_only):
    figures = gold_figures(2018)
    type_in(tree.county, 2018, figures, user=people.legal)
    text = "清河县人民政府2018年度法治政府建设情况报告\n" + rendered(tree.county, 2018, "reconsideration")
    report = analyze_text(text).reports[0]
    read = {f.metric: float(f.value) for f in report.figures if f.keyed}
    assert {key: read.get(key) for key in figures} == {key: float(value) for key, value in figures.items()}
    assert [f.message for f in report.findings if f.severity == "error"] == []
    rate = next(f for f in report.findings if f.kind == "rate" and "综合纠错率" in f.message)
    assert rate.severity == "ok", rate.message
