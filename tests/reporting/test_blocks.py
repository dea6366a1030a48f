"""Drafting blocks: the acceptance paragraph (南海区 2018), comparisons, zero and missing figures."""

from __future__ import annotations

import re

import pytest

from fazhi.metrics.registry import all_metrics
from fazhi.reporting.assemble import paragraphs
from fazhi.reporting.blocks import all_blocks, get_block
from fazhi.reporting.blocks._helpers import DraftContext
from fazhi.reporting.figures import FigureResolver
from tests.reporting.factories import gold_report, type_in

pytestmark = pytest.mark.django_db

NANHAI = "佛山市南海区人民政府"


def rendered(unit, year, block_key) -> str:
    resolver = FigureResolver(unit, year)
    text = get_block(block_key).draft(DraftContext.for_unit_year(unit, year, resolver))
    return "\n".join(p.text for p in paragraphs(text, resolver))


def gold_figures(year: int) -> dict:
    return {
        f["metric"]: f["value"]
        for f in gold_report(NANHAI, year)["figures"]
        if f["metric"].startswith("reconsideration.")
    }


def test_reconsideration_paragraph_states_the_seed_numbers_and_rate(tree, people, typed_in_only):
    figures = gold_figures(2018)
    type_in(tree.county, 2018, figures, user=people.legal)
    text = rendered(tree.county, 2018, "reconsideration")
    for key, value in figures.items():
        if key.endswith("_rate"):
            assert f"综合纠错率{value}%" in text
        else:
            assert re.search(rf"(?<!\d){value}件", text), f"{key} = {value} not stated: {text}"
    assert "全年共收到行政复议申请918件，其中受理898件、不予受理16件" in text
    # 528 ÷ 908 = 58.15%: the seed prints 58.2%, the other shares agree with it
    assert "复议决定维持528件，占58.1%" in text
    assert "终止319件，占35.1%" in text
    assert "驳回12件，占1.3%" in text
    # no previous year typed in: no comparison clause is invented
    assert "上年" not in text
    assert "待补充" in text  # figures the seed does not state are listed, not dropped


def test_comparison_with_previous_year(tree, people, typed_in_only):
    type_in(tree.county, 2018, gold_figures(2018), user=people.legal)
    type_in(tree.county, 2017, gold_figures(2017), user=people.legal)
    text = rendered(tree.county, 2018, "reconsideration")
    assert "综合纠错率40.5%，较上年的26.6%明显上升" in text
    assert "收案数同比增长39.7%" in text  # 918 against 657


def test_zero_sub_clause_is_left_out_and_missing_figure_marked(tree, people, typed_in_only):
    type_in(tree.county, 2025, {"reconsideration.received": 10, "reconsideration.accepted": 9,
                                "reconsideration.not_accepted": 0}, user=people.legal)  # fmt: skip
    text = rendered(tree.county, 2025, "reconsideration")
    assert "不予受理" not in text
    assert "受理9件" in text
    assert "【待补充：行政复议·作其他处理】" in text
    assert "【待补充：行政复议·审结】" in text


@pytest.mark.parametrize("block", [b.key for b in all_blocks()])
def test_every_block_quotes_catalog_keys_of_its_domain(block):
    keys = {m.key for m in all_metrics()}
    spec = get_block(block)
    assert set(spec.keys) <= keys
    assert set(spec.optional_keys) <= keys


def test_blocks_cover_the_required_domains():
    assert {b.key for b in all_blocks()} >= {
        "reconsideration", "litigation", "normative", "decisions", "enforcement", "disclosure", "complaints",
        "mediation", "training", "advisors",
    }  # fmt: skip


@pytest.mark.parametrize("block", [b.key for b in all_blocks()])
def test_every_block_drafts_with_no_figures_and_marks_them_all(tree, block, typed_in_only):
    from fazhi.metrics.registry import computer_for

    text = rendered(tree.county, 2025, block)
    from fazhi.metrics.registry import get_metric

    if any(computer_for(key) is None and not get_metric(key).is_rate for key in get_block(block).keys):
        assert "待补充" in text
    assert "{{" not in text


def test_computed_zero_year_reads_naturally(tree):
    text = rendered(tree.county, 2025, "reconsideration")
    assert text.startswith("全年未收到行政复议申请")
    assert "0件" not in text
