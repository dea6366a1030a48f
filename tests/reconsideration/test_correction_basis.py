"""The 纠错率 口径 setting (FAZHI_RECONSIDERATION_CORRECTION_BASIS, RULES.md §1.7) and 平均办理天数."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from fazhi.metrics.periods import Period
from fazhi.metrics.registry import formula_for, get_metric
from fazhi.metrics.values import evaluate
from fazhi.reconsideration.checks import check_correction_basis
from fazhi.reconsideration.choices import DecisionType, TerminationGround
from fazhi.reconsideration.models import ReconsiderationCase
from tests.reconsideration.factories import closed_case_row

D = datetime.date
YEAR = Period.for_year(2025)
pytestmark = pytest.mark.django_db

#: (decision, termination ground, how many) — closed 35: direct correction 9, on the merits 21
OUTCOMES = [
    (DecisionType.REVOKE, "", 3),
    (DecisionType.REVOKE_REDO, "", 1),
    (DecisionType.CHANGE, "", 2),
    (DecisionType.CONFIRM_ILLEGAL, "", 1),
    (DecisionType.CONFIRM_INVALID, "", 1),
    (DecisionType.ORDER_PERFORM, "", 1),
    (DecisionType.UPHOLD, "", 10),
    (DecisionType.REJECT_REQUEST, "", 2),
    (DecisionType.REJECT_APPLICATION, "", 3),
    (DecisionType.MEDIATE, "", 2),
    (DecisionType.TERMINATE, TerminationGround.WITHDRAWN, 4),
    (DecisionType.TERMINATE, TerminationGround.WITHDRAWN_SELF_CORRECTED, 3),
    (DecisionType.TERMINATE, TerminationGround.WITHDRAWN_SETTLEMENT, 1),
    (DecisionType.TERMINATE, TerminationGround.DEATH, 1),
]


@pytest.fixture
def outcomes(tree):
    rows = []
    for decision, ground, n in OUTCOMES:
        for i in range(n):
            rows.append(
                closed_case_row(
                    tree.county,
                    decision_type=decision,
                    closed_on=D(2025, 6, 1 + i),
                    termination_ground=ground,
                )
            )
    # a sibling county's cases never count
    rows += [
        closed_case_row(tree.other_county, decision_type=DecisionType.REVOKE, closed_on=D(2025, 6, 1))
    ] * 1
    ReconsiderationCase.objects.bulk_create(rows)


def rate(key="reconsideration.correction_rate"):
    from fazhi.core.models import OrgUnit

    return evaluate(key, OrgUnit.objects.get(code="qh"), YEAR)


def test_seed_basis_is_the_default_all_terminations_count(outcomes, settings):
    assert settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS == "seed"
    value = rate()
    assert (value.numerator, value.denominator, value.display) == (18, 35, "51.4%")
    assert value.formula.text() == "（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结"
    assert value.formula.configured is False
    assert rate("reconsideration.direct_correction_rate").display == "25.7%"


def test_self_corrected_basis_counts_mediation_and_self_corrected_terminations_only(outcomes, settings):
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "self_corrected"
    value = rate()
    assert (value.numerator, value.denominator, value.display) == (9 + 2 + 3, 35, "40.0%")
    assert "调解＋被申请人自行纠正后终止" in value.formula.text()
    assert value.formula.text().endswith("〔调解及自行纠正后终止口径〕")


def test_national_basis_counts_decisions_on_the_merits(outcomes, settings):
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "national"
    value = rate()
    assert (value.numerator, value.denominator, value.display) == (9, 21, "42.9%")
    assert value.formula.text() == (
        "（撤销＋变更＋确认违法＋确认无效＋责令履行）÷作出复议决定〔司法部全国统计口径〕"
    )
    assert evaluate("reconsideration.decided_on_merits", value.unit, YEAR).value == 21
    # the direct rate keeps its own formula
    assert rate("reconsideration.direct_correction_rate").display == "25.7%"


def test_explicit_metric_formulas_still_win(outcomes, settings):
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "national"
    settings.FAZHI_METRIC_FORMULAS = {
        "reconsideration.correction_rate": {
            "numerator": ["reconsideration.revoked"],
            "denominator": ["reconsideration.closed"],
        }
    }
    value = rate()
    assert (value.numerator, value.denominator) == (4, 35)
    assert value.formula.name == "" and value.formula.configured


def test_unknown_basis_fails_the_system_check(settings):
    assert check_correction_basis() == []
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "provincial"
    errors = check_correction_basis()
    assert [e.id for e in errors] == ["reconsideration.E001"]
    assert "“provincial”无效" in errors[0].msg and "national" in errors[0].msg
    with pytest.raises(SystemCheckError, match="FAZHI_RECONSIDERATION_CORRECTION_BASIS"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_command_and_metric_page_name_the_basis(outcomes, settings, people, login):
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "national"
    out = io.StringIO()
    call_command("metric", "reconsideration.correction_rate", "--unit", "qh", "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "42.9%" in text and "司法部全国统计口径" in text and "分子：9；分母：21" in text
    page = login(people.legal).get(
        reverse("metrics:detail"), {"key": "reconsideration.correction_rate", "unit": "qh", "period": "2025"}
    )
    assert "司法部全国统计口径" in page.content.decode()


# --- 平均办理天数 --------------------------------------------------------------------------------------


def test_avg_handling_days_is_the_mean_of_calendar_days_one_decimal(tree):
    def case(accepted_on, closed_on, unit=tree.dept_a):
        row = closed_case_row(unit, decision_type=DecisionType.UPHOLD, closed_on=closed_on)
        row.accepted_on = accepted_on
        return row

    ReconsiderationCase.objects.bulk_create(
        [
            case(D(2025, 3, 1), D(2025, 3, 11)),  # 10
            case(D(2025, 3, 1), D(2025, 3, 21)),  # 20
            case(D(2025, 3, 1), D(2025, 4, 1)),  # 31
            case(D(2025, 3, 1), D(2025, 3, 11), unit=tree.dept_a_child),  # 10, below the unit: counted
            case(D(2024, 12, 1), D(2025, 1, 2), unit=tree.other_county),  # a sibling county: not counted
            case(D(2024, 11, 1), D(2024, 12, 31)),  # closed in another year
        ]
    )
    metric = get_metric("reconsideration.avg_handling_days")
    assert (metric.kind, metric.unit, metric.origin, metric.is_additive) == ("score", "日", "fazhi", False)
    value = evaluate("reconsideration.avg_handling_days", tree.dept_a, YEAR)
    assert value.value == Decimal("17.8")  # (10 + 20 + 31 + 10) / 4 = 17.75, half up
    assert evaluate("reconsideration.avg_handling_days", tree.dept_a_child, YEAR).value == Decimal("10.0")
    assert evaluate("reconsideration.avg_handling_days", tree.county, Period.for_year(2023)).value is None
    # the county's mean is over all its cases, not the mean of the departments' means
    assert evaluate("reconsideration.avg_handling_days", tree.county, YEAR).value == Decimal("17.8")


def test_formula_for_without_the_setting_is_the_catalogs():
    metric = get_metric("reconsideration.correction_rate")
    assert formula_for(metric).numerator == metric.numerator
