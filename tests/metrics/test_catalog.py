"""The catalog against domain/METRICS.md and seeds/gold.json, and the registry's rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from fazhi.core.models import Membership
from fazhi.metrics.catalog import CATALOG, DOMAINS, Kind, Obtained, Origin
from fazhi.metrics.checks import check_metric_formulas
from fazhi.metrics.registry import (
    UnknownMetric,
    all_metrics,
    formula_for,
    get_metric,
    register_count,
    register_metric,
    resolve,
    unregister_metric,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
METRICS_MD = SHARED / "domain" / "METRICS.md"
GOLD = SHARED / "seeds" / "gold.json"
needs_shared = pytest.mark.skipif(not METRICS_MD.exists(), reason="../shared/domain/METRICS.md is not here")

UNITS = {"件", "%", "人", "名", "个", "次", "人次", "份", "项", "条", "户", "宗", "万元", "张", "分", "日"}


def _strip_parentheses(text: str) -> str:
    while True:
        stripped = re.sub(r"\([^()]*\)", "", text)
        if stripped == text:
            return stripped
        text = stripped


def metrics_md() -> tuple[dict[str, str], set[str]]:
    """({key: unit} of the table rows, keys named in the inline lists) of METRICS.md."""
    table: dict[str, str] = {}
    inline: set[str] = set()
    domain = None
    for block in METRICS_MD.read_text(encoding="utf-8").split("\n## ")[1:]:
        heading, _, body = block.partition("\n")
        domain = re.search(r"(\w+)\.\*\s*$", heading)[1]
        rows = [line for line in body.splitlines() if line.startswith("|")]
        if rows:
            for row in rows[2:]:  # header and separator
                cells = [c.strip() for c in row.strip("|").split("|")]
                table[f"{domain}.{cells[0]}"] = cells[2]
            continue
        for name in re.split(r"[,/]", _strip_parentheses(body.replace("\n", " "))):
            name = name.strip().rstrip(".").strip()
            if name:
                assert re.fullmatch(r"[a-z_]+", name), f"unparsed METRICS.md name {name!r} in {domain}"
                inline.add(f"{domain}.{name}")
    return table, inline


def gold_keys() -> set[str]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    return {f["metric"] for report in data["reports"] for f in report["figures"]}


@needs_shared
def test_parser_reads_every_section():
    table, inline = metrics_md()
    assert len(table) == 21
    assert {k.split(".")[0] for k in [*table, *inline]} == set(DOMAINS)
    assert "litigation.procuratorial_suggestions" in inline
    assert {
        "normative.drafts_reviewed",
        "normative.reviewed",
        "complaints.red_cards",
        "complaints.yellow_cards",
    } <= inline


@needs_shared
def test_every_metrics_md_key_is_in_the_catalog():
    table, inline = metrics_md()
    keys = {m.key for m in all_metrics()}
    families = {m.family for m in all_metrics() if m.family}
    missing = sorted(k for k in {*table, *inline} if k not in keys and k not in families)
    assert missing == []
    # "one key per statutory response type": the family has the six types of the yearly report table
    assert sorted(
        m.key.rsplit(".", 1)[1] for m in all_metrics() if m.family == "disclosure.responses_by_type"
    ) == ["disclosed", "not_disclosed", "not_processed", "other", "partly_disclosed", "unavailable"]


@needs_shared
def test_table_units_match_metrics_md():
    table, _inline = metrics_md()
    assert {k: get_metric(k).unit for k in table} == table


@needs_shared
def test_every_gold_key_is_in_the_catalog():
    table, inline = metrics_md()
    keys = {m.key for m in all_metrics()}
    used = {k for k in gold_keys() if not k.startswith("other:")}
    assert len(used) == 60
    assert sorted(used - keys) == []
    # gold.json uses no key METRICS.md lacks; any it did would be in the catalog marked as from gold.json
    only_in_gold = sorted(used - set(table) - inline)
    assert only_in_gold == []
    assert all(get_metric(k).origin == Origin.GOLD for k in only_in_gold)


def test_catalog_rows_are_well_formed():
    keys = [m.key for m in CATALOG]
    assert len(keys) == len(set(keys)) == 142
    for metric in CATALOG:
        assert metric.domain in DOMAINS, metric.key
        assert metric.unit in UNITS, metric.key
        assert re.search(r"[\u4e00-\u9fff]", str(metric.label)), metric.key
        assert str(metric.definition), metric.key
        assert (metric.unit == "%") == (metric.kind == Kind.RATE), metric.key
        if metric.is_rate:
            assert metric.numerator and metric.denominator, metric.key
            for component in (*metric.numerator, *metric.denominator):
                assert get_metric(component).is_additive, f"{metric.key} → {component}"
    assert {m.key for m in CATALOG if m.obtained == Obtained.TYPED_IN} == {"mediation.legal_aid_cases"}
    assert {m.key for m in CATALOG if m.obtained == Obtained.COMPUTED} == {"normative.expiring"}
    assert [m.key for m in CATALOG if m.alias_of] == ["normative.drafts_reviewed"]
    assert check_metric_formulas() == []


def test_added_keys_are_marked():
    added = sorted(m.key for m in CATALOG if m.origin == Origin.FAZHI)
    assert added == [
        "advisors.units_covered",
        "advisors.units_total",
        "complaints.closed_ontime",
        "complaints.petitions_accepted",
        "complaints.petitions_closed",
        "complaints.satisfied",
        "decisions.procedure_complete",
        "enforcement.exam_participants",
        "enforcement.exam_passed",
        "enforcement.publications",
        "enforcement.publications_timely",
        "litigation.appearance_required",
        "litigation.head_appeared",
        "litigation.judged",
        "normative.filed_timely",
        "normative.in_force",
        "normative.repealed",
        "reconsideration.avg_handling_days",
        "reconsideration.decided_on_merits",
        "reconsideration.terminated_self_corrected",
        "training.exam_eligible",
        "training.exam_passed",
    ]


def test_correction_rate_formula_is_the_metrics_md_default():
    formula = formula_for(get_metric("reconsideration.correction_rate"))
    assert formula.numerator == (
        "reconsideration.revoked",
        "reconsideration.changed",
        "reconsideration.confirmed_illegal",
        "reconsideration.confirmed_invalid",
        "reconsideration.ordered_perform",
        "reconsideration.terminated",
    )
    assert formula.denominator == ("reconsideration.closed",)
    assert formula.configured is False
    assert formula.text() == "（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结"
    assert formula_for(get_metric("mediation.success_rate")).text() == "调解成功÷调解案件"
    assert formula_for(get_metric("mediation.cases")) is None


SELF_CORRECTED = {
    "reconsideration.correction_rate": {
        "numerator": [
            "reconsideration.revoked",
            "reconsideration.changed",
            "reconsideration.confirmed_illegal",
            "reconsideration.confirmed_invalid",
            "reconsideration.ordered_perform",
            "reconsideration.terminated_self_corrected",
        ],
        "denominator": ["reconsideration.closed"],
    }
}


def test_a_deployment_sets_its_own_correction_rate_basis():
    with override_settings(FAZHI_METRIC_FORMULAS=SELF_CORRECTED):
        formula = formula_for(get_metric("reconsideration.correction_rate"))
        assert formula.configured is True
        assert formula.text() == "（撤销＋变更＋确认违法＋确认无效＋责令履行＋被申请人自行纠正后终止）÷审结"
        assert check_metric_formulas() == []


def test_a_bad_formula_setting_fails_the_check():
    bad = {
        "reconsideration.correction_rate": {
            "numerator": ["reconsideration.nope"],
            "denominator": ["reconsideration.direct_correction_rate"],
        },
        "reconsideration.closed": {
            "numerator": ["reconsideration.closed"],
            "denominator": ["reconsideration.received"],
        },
    }
    with override_settings(FAZHI_METRIC_FORMULAS=bad):
        messages = [e.msg for e in check_metric_formulas()]
    prefix = "FAZHI_METRIC_FORMULAS：reconsideration."
    assert messages == [
        f"{prefix}correction_rate：分子中的 reconsideration.nope 不是目录中的指标",
        f"{prefix}correction_rate：分母中的 reconsideration.direct_correction_rate 不是可加总的计数或金额指标",
        f"{prefix}closed：不是比率类指标，不能设置分子分母",
    ]


def test_unknown_key_and_alias():
    with pytest.raises(UnknownMetric) as exc:
        get_metric("reconsideration.nope")
    assert str(exc.value) == "未知的指标：reconsideration.nope。指标目录见“指标”页面或 GET /api/metrics/。"
    assert resolve("normative.drafts_reviewed").key == "normative.reviewed"


def _count(subtree, period):
    qs = Membership.objects.filter(subtree.q())
    return qs.count(), qs


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("reconsideration.nope", "未知的指标"),
        ("reconsideration.correction_rate", "是比率，由分子分母计算，不能注册计算函数"),
        ("mediation.legal_aid_cases", "在指标目录中标为只能填报"),
        ("normative.drafts_reviewed", "是 normative.reviewed 的别名，请注册后者"),
    ],
)
def test_register_refuses(key, message):
    with pytest.raises((ImproperlyConfigured, UnknownMetric), match=message):
        register_metric(key, compute=_count)


def test_a_metric_is_registered_once():
    register_metric("training.sessions", compute=_count, model=Membership)
    try:
        register_metric("training.sessions", compute=_count, model=Membership)  # the same function: harmless
        with pytest.raises(ImproperlyConfigured, match=r"已由 tests\.metrics\.test_catalog 注册计算函数"):
            register_count("training.sessions", model=Membership, date_field="created_at")
        with pytest.raises(ImproperlyConfigured, match="没有字段 received_on"):
            register_count("training.participants", model=Membership, date_field="received_on")
    finally:
        unregister_metric("training.sessions")
