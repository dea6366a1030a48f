"""Values for a unit and period: aggregation up the tree, rates, "—", periods, computed beside typed-in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from fazhi.core.choices import Role
from fazhi.metrics.periods import Period
from fazhi.metrics.values import Source, evaluate
from tests.metrics.conftest import at

Y2024 = Period.for_year(2024)


@pytest.fixture
def memberships(tree, member, membership_metrics):
    """Dept A: 1 clerk of 2; its child: 1 clerk; dept B: 3 clerks of 4; the county: 1; sibling county: 4."""
    member(tree.dept_a, Role.CLERK)
    member(tree.dept_a, Role.LEGAL_STAFF)
    member(tree.dept_a_child, Role.CLERK)
    for role in (Role.CLERK, Role.CLERK, Role.CLERK, Role.ADMIN):
        member(tree.dept_b, role)
    member(tree.county, Role.LEADER)
    for _ in range(4):
        member(tree.other_county, Role.CLERK)
    return tree


def test_counts_sum_up_the_tree(memberships):
    tree = memberships
    figures = {
        u.code: evaluate("test.memberships", u, Y2024).value
        for u in (
            tree.dept_a_child,
            tree.dept_a,
            tree.dept_b,
            tree.town,
            tree.county,
            tree.other_county,
            tree.city,
            tree.province,
        )
    }
    assert figures == {
        "qh-scj-cg": 1,
        "qh-scj": 3,
        "qh-gaj": 4,
        "qh-cgz": 0,
        "qh": 8,
        "bs": 4,
        "yz": 12,
        "jn": 12,
    }
    value = evaluate("test.memberships", tree.county, Y2024)
    assert (value.source, value.display, value.display_with_unit, value.drilldown_available) == (
        Source.COMPUTED,
        "8",
        "8个",
        True,
    )


def test_a_rate_is_recomputed_from_the_sums_not_averaged(tree, member, membership_metrics):
    member(tree.dept_a, Role.CLERK)
    member(tree.dept_a, Role.ADMIN)  # A: 1/2
    for role in (Role.CLERK, Role.CLERK, Role.CLERK, Role.LEADER):
        member(tree.dept_b, role)  # B: 3/4
    a = evaluate("test.clerk_share", tree.dept_a, Y2024)
    b = evaluate("test.clerk_share", tree.dept_b, Y2024)
    county = evaluate("test.clerk_share", tree.county, Y2024)
    assert (a.display, b.display) == ("50.0%", "75.0%")
    assert (county.numerator, county.denominator, county.value, county.display) == (
        4,
        6,
        Decimal("66.7"),
        "66.7%",
    )
    assert county.source == Source.COMPUTED
    assert county.formula_text == "经办人任职÷任职"
    assert county.as_dict()["value"] == 66.7  # not the mean of 50% and 75% (62.5%)


def test_a_typed_in_rate_is_recomputed_from_typed_in_counts(tree, typed):
    typed("complaints.satisfied", tree.dept_a, 1)
    typed("complaints.callbacks", tree.dept_a, 2)
    typed("complaints.satisfied", tree.dept_b, 3)
    typed("complaints.callbacks", tree.dept_b, 4)
    county = evaluate("complaints.satisfaction_rate", tree.county, Y2024)
    assert (county.numerator, county.denominator, county.display, county.source) == (
        4,
        6,
        "66.7%",
        Source.TYPED_IN,
    )


def test_a_zero_denominator_is_not_applicable(tree, member, membership_metrics, typed):
    member(tree.dept_a, Role.CLERK)
    town = evaluate("test.clerk_share", tree.town, Y2024)
    assert (town.numerator, town.denominator, town.value, town.not_applicable) == (0, 0, None, True)
    assert (town.display, town.display_with_unit) == ("—", "—")
    data = town.as_dict()
    assert (data["value"], data["display"], data["not_applicable"], data["source"]) == (
        None,
        "—",
        True,
        "computed",
    )
    typed("mediation.success", tree.town, 0)
    typed("mediation.cases", tree.town, 0)
    assert evaluate("mediation.success_rate", tree.town, Y2024).display == "—"


@pytest.mark.parametrize(
    ("numerator", "denominator", "display"),
    [
        (1, 80, "1.3%"),  # 1.25 rounds half up (四舍五入), not to even
        (1, 6, "16.7%"),
        (2, 3, "66.7%"),
        (1, 40, "2.5%"),
        (0, 7, "0.0%"),
        (7, 7, "100.0%"),
    ],
)
def test_rates_have_one_decimal_rounded_half_up(tree, typed, numerator, denominator, display):
    typed("mediation.success", tree.dept_a, numerator)
    typed("mediation.cases", tree.dept_a, denominator)
    assert evaluate("mediation.success_rate", tree.dept_a, Y2024).display == display


def test_period_boundaries(tree, member, membership_metrics):
    for moment in (
        at("2024-09-30", "23:59:59"),
        at("2024-10-01", "00:00:00"),
        at("2024-12-31", "23:59:59"),
        at("2025-01-01", "00:00:00"),
    ):
        member(tree.dept_a, when=moment)
    counts = {
        period.label: evaluate("test.memberships", tree.dept_a, period).value
        for period in (
            Period.for_year(2024),
            Period.for_year(2025),
            Period.for_quarter(2024, 3),
            Period.for_quarter(2024, 4),
            Period.for_month(2024, 12),
            Period.for_month(2024, 10),
            Period.parse("2024-10-01~2025-01-01"),
            Period.parse("2024-10-02~2024-12-30"),
        )
    }
    assert counts == {
        "2024年": 3,
        "2025年": 1,
        "2024年第三季度": 1,
        "2024年第四季度": 2,
        "2024年12月": 1,
        "2024年10月": 1,
        "2024-10-01至2025-01-01": 3,
        "2024-10-02至2024-12-30": 0,
    }


def test_typed_in_and_computed_are_both_shown_and_the_computed_one_is_used(memberships, typed):
    tree = memberships
    typed("test.memberships", tree.county, 99)
    county = evaluate("test.memberships", tree.county, Y2024)
    assert (county.value, county.source, county.computed_value, county.typed_in_value) == (
        8,
        Source.COMPUTED,
        8,
        99,
    )
    assert (county.both, county.differs, county.computed_display, county.typed_in_display) == (
        True,
        True,
        "8个",
        "99个",
    )
    data = county.as_dict()
    assert (data["value"], data["computed_value"], data["typed_in_value"], data["both_present"]) == (
        8,
        8,
        99,
        True,
    )
    dept_a = evaluate("test.memberships", tree.dept_a, Y2024)
    assert (dept_a.typed_in_value, dept_a.both) == (None, False)


def test_a_computed_zero_with_no_record_behind_it_gives_way_to_a_typed_in_figure(memberships, typed):
    """2023: no membership existed yet (the work was kept elsewhere): the figure typed in for it is used,
    and both are still shown. (A non-zero computed figure still wins: the test above.)"""
    y2023 = Period.for_year(2023)
    typed("test.memberships", memberships.county, 12, period=y2023)
    county = evaluate("test.memberships", memberships.county, y2023)
    assert (county.value, county.source, county.computed_value, county.typed_in_value, county.both) == (
        12,
        Source.TYPED_IN,
        0,
        12,
        True,
    )


def test_typed_in_figures_add_up_where_a_unit_has_none_of_its_own(tree, typed):
    typed("mediation.legal_aid_cases", tree.county, 10)  # the county's total, covering the entries below it
    typed("mediation.legal_aid_cases", tree.dept_a, 4)
    typed("mediation.legal_aid_cases", tree.dept_a_child, 1)
    typed("mediation.legal_aid_cases", tree.dept_b, 3)
    typed("mediation.legal_aid_cases", tree.other_county, 5)
    figures = {
        u.code: evaluate("mediation.legal_aid_cases", u, Y2024)
        for u in (tree.county, tree.dept_a, tree.dept_a_child, tree.town, tree.city, tree.province)
    }
    assert {code: v.display_with_unit for code, v in figures.items()} == {
        "qh": "10件",
        "qh-scj": "4件",
        "qh-scj-cg": "1件",
        "qh-cgz": "无数据",
        "yz": "15件",
        "jn": "15件",
    }
    assert {code: v.source for code, v in figures.items()} == {
        "qh": "typed_in",
        "qh-scj": "typed_in",
        "qh-scj-cg": "typed_in",
        "qh-cgz": "none",
        "yz": "typed_in",
        "jn": "typed_in",
    }
    assert figures["yz"].typed_in_entries == 5
    assert figures["qh-cgz"].as_dict()["value"] is None


def test_a_typed_in_figure_answers_exactly_its_period(tree, typed):
    typed("mediation.legal_aid_cases", tree.dept_a, 12)
    assert evaluate("mediation.legal_aid_cases", tree.dept_a, Period.for_year(2024)).value == 12
    assert evaluate("mediation.legal_aid_cases", tree.dept_a, Period.for_quarter(2024, 1)).value is None
    assert evaluate("mediation.legal_aid_cases", tree.dept_a, Period.for_year(2025)).value is None


def test_scores_are_not_summed(tree, typed):
    typed("planning.assessment_score", tree.dept_a, "95.5")
    typed("planning.assessment_score", tree.dept_b, 88)
    assert evaluate("planning.assessment_score", tree.dept_a, Y2024).display_with_unit == "95.5分"
    assert evaluate("planning.assessment_score", tree.dept_b, Y2024).display_with_unit == "88分"
    county = evaluate("planning.assessment_score", tree.county, Y2024)
    assert (county.value, county.display) == (None, "无数据")


def test_a_typed_in_rate_is_used_until_its_counts_exist(tree, typed):
    typed("complaints.satisfaction_rate", tree.county, "97.25")
    rate = evaluate("complaints.satisfaction_rate", tree.county, Y2024)
    assert (rate.display, rate.source, rate.missing) == (
        "97.25%",
        "typed_in",
        ("complaints.satisfied", "complaints.callbacks"),
    )
    typed("complaints.satisfied", tree.county, 190)
    typed("complaints.callbacks", tree.county, 200)
    rate = evaluate("complaints.satisfaction_rate", tree.county, Y2024)
    assert (rate.display, rate.both, rate.typed_in_display, rate.missing) == ("95.0%", True, "97.25%", ())


def test_correction_rate_follows_the_configured_basis(tree, typed, uncomputed):
    for key, value in [
        ("revoked", 2),
        ("changed", 1),
        ("confirmed_illegal", 0),
        ("ordered_perform", 0),
        ("terminated", 4),
        ("terminated_self_corrected", 1),
        ("closed", 20),
    ]:
        typed(f"reconsideration.{key}", tree.county, value)
    rate = evaluate("reconsideration.correction_rate", tree.county, Y2024)
    assert (rate.value, rate.display, rate.missing) == (
        None,
        "无数据",
        ("reconsideration.confirmed_invalid",),
    )
    typed("reconsideration.confirmed_invalid", tree.county, 0)
    rate = evaluate("reconsideration.correction_rate", tree.county, Y2024)
    assert (rate.numerator, rate.denominator, rate.display) == (7, 20, "35.0%")
    assert evaluate("reconsideration.direct_correction_rate", tree.county, Y2024).display == "15.0%"
    basis = {
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
    with override_settings(FAZHI_METRIC_FORMULAS=basis):
        rate = evaluate("reconsideration.correction_rate", tree.county, Y2024)
        assert (rate.numerator, rate.display, rate.as_dict()["formula_configured"]) == (4, "20.0%", True)


def test_an_alias_gives_its_target(tree, typed):
    typed("normative.reviewed", tree.dept_a, 3)
    value = evaluate("normative.drafts_reviewed", tree.dept_a, Y2024)
    assert (value.key, value.value, value.as_dict()["requested_key"]) == (
        "normative.reviewed",
        3,
        "normative.drafts_reviewed",
    )


def test_nothing_known_is_no_data(tree, uncomputed):
    value = evaluate("reconsideration.received", tree.county, Y2024)
    assert (value.value, value.source, value.display, value.drilldown_available) == (
        None,
        "none",
        "无数据",
        False,
    )


def test_one_aggregate_query_per_metric_whatever_the_tree(memberships, django_assert_num_queries):
    tree = memberships
    with django_assert_num_queries(2):  # the count over the subtree, the typed-in entries
        assert evaluate("test.memberships", tree.province, Y2024).value == 12
    with django_assert_num_queries(3):  # numerator, denominator, the typed-in entries of all three keys
        assert evaluate("test.clerk_share", tree.province, Y2024).display == "75.0%"


def test_the_subtree_is_one_subquery_on_the_unit_path(memberships):
    from fazhi.core.models import Membership
    from fazhi.metrics.registry import Subtree

    sql = str(Membership.objects.filter(Subtree(memberships.county).q()).order_by().query)
    assert '"unit_id" IN (SELECT' in sql and "LIKE" in sql
    assert "JOIN" not in sql


def test_a_counted_model_without_its_index_is_warned_about(membership_metrics):
    from fazhi.metrics.checks import check_metric_indexes

    warnings = [(w.id, w.msg) for w in check_metric_indexes()]
    assert warnings == [
        (
            "metrics.W001",
            "指标 test.clerks 按 (unit, created_at) 统计 core.Membership，"
            "但该模型没有以这些字段开头的索引；百万级记录时统计会从毫秒级变为数秒",
        ),
        (
            "metrics.W001",
            "指标 test.memberships 按 (unit, created_at) 统计 core.Membership，"
            "但该模型没有以这些字段开头的索引；百万级记录时统计会从毫秒级变为数秒",
        ),
    ]
