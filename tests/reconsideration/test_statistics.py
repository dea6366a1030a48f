"""Acceptance: the 南海区 2016–2018 reports' outcomes reproduce their published 综合纠错率 (seeds/gold.json)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.core.choices import UnitKind
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.reconsideration.choices import DecisionType, Procedure, TerminationGround
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from tests.factories import make_unit
from tests.reconsideration.factories import closed_case_row

GOLD = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "gold.json"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not GOLD.exists(), reason="../shared/seeds/gold.json is not here"),
]

#: the report's outcome figures and the decision each stands for
OUTCOMES = {
    "reconsideration.upheld": DecisionType.UPHOLD,
    "reconsideration.revoked": DecisionType.REVOKE,
    "reconsideration.changed": DecisionType.CHANGE,
    "reconsideration.confirmed_illegal": DecisionType.CONFIRM_ILLEGAL,
    "reconsideration.confirmed_invalid": DecisionType.CONFIRM_INVALID,
    "reconsideration.ordered_perform": DecisionType.ORDER_PERFORM,
    "reconsideration.rejected": DecisionType.REJECT_APPLICATION,
    "reconsideration.mediated": DecisionType.MEDIATE,
    "reconsideration.terminated": DecisionType.TERMINATE,
}


def nanhai_reports() -> dict[int, dict[str, float]]:
    reports = json.loads(GOLD.read_text(encoding="utf-8"))["reports"]
    return {
        r["year"]: {
            f["metric"]: f["value"] for f in r["figures"] if f["metric"].startswith("reconsideration.")
        }
        for r in reports
        if r["government"] == "佛山市南海区人民政府"
    }


@pytest.fixture
def nanhai(tree):
    return make_unit(
        "佛山市南海区人民政府", parent=tree.city, kind=UnitKind.GOVERNMENT, code="nh", short_name="南海"
    )


def build_year(unit, year: int, figures: dict[str, float]) -> None:
    rows = []
    for key, decision in OUTCOMES.items():
        for i in range(int(figures.get(key, 0))):
            closed_on = datetime.date(year, 1, 1) + datetime.timedelta(days=i % 365)
            extra = (
                {"termination_ground": TerminationGround.WITHDRAWN}
                if decision == DecisionType.TERMINATE
                else {}
            )
            rows.append(closed_case_row(unit, decision_type=decision, closed_on=closed_on, **extra))
    # the simple-procedure cases the report names, accepted that year (outcome irrelevant to the rate)
    ReconsiderationCase.objects.bulk_create(rows, batch_size=500)
    ids = list(
        ReconsiderationCase.objects.filter(
            unit=unit, closed_on__year=year, accepted_on__year=year
        ).values_list("pk", flat=True)[: int(figures.get("reconsideration.simple_procedure", 0))]
    )
    ReconsiderationCase.objects.filter(pk__in=ids).update(procedure=Procedure.SIMPLE)


def test_gold_has_the_three_nanhai_years():
    assert sorted(nanhai_reports()) == [2016, 2017, 2018]


@pytest.mark.parametrize("year", [2016, 2017, 2018])
def test_nanhai_correction_rate_reproduces_the_report(nanhai, year):
    figures = nanhai_reports()[year]
    build_year(nanhai, year, figures)
    period = Period.for_year(year)
    assert sum(int(figures.get(k, 0)) for k in OUTCOMES) == figures["reconsideration.closed"]
    for key in (*OUTCOMES, "reconsideration.closed"):
        assert evaluate(key, nanhai, period).value == int(figures.get(key, 0)), key
    rate = evaluate("reconsideration.correction_rate", nanhai, period)
    assert rate.display == f"{figures['reconsideration.correction_rate']}%"
    assert float(rate.value) == figures["reconsideration.correction_rate"]
    assert rate.denominator == figures["reconsideration.closed"]


def test_metric_command_prints_the_rate_and_its_formula(nanhai):
    figures = nanhai_reports()[2018]
    build_year(nanhai, 2018, figures)
    out = io.StringIO()
    call_command("metric", "reconsideration.correction_rate", "--unit", "nh", "--year", "2018", stdout=out)
    text = out.getvalue()
    assert "数值：40.5%（计算）" in text
    assert "口径：" in text
    assert "分子：368；分母：908" in text


def test_other_counts(tree, nanhai):
    unit = nanhai
    rows = [
        closed_case_row(
            unit,
            decision_type=DecisionType.TERMINATE,
            closed_on=datetime.date(2025, 5, 1),
            termination_ground=TerminationGround.WITHDRAWN_SELF_CORRECTED,
        ),
        closed_case_row(
            unit, decision_type=DecisionType.UPHOLD, closed_on=datetime.date(2025, 5, 2), closed_late=True
        ),
    ]
    ReconsiderationCase.objects.bulk_create(rows)
    open_case = closed_case_row(unit, decision_type="", closed_on=datetime.date(2025, 12, 31))
    open_case.closed_on = None
    open_case.decided_on = None
    open_case.status = "accepted"
    open_case.save()
    CaseEvent.objects.create(
        unit=unit, case=open_case, kind="hearing", on=datetime.date(2025, 6, 1), place="听证室"
    )
    period = Period.for_year(2025)
    assert evaluate("reconsideration.withdrawn", unit, period).value == 1
    assert evaluate("reconsideration.terminated_self_corrected", unit, period).value == 1
    assert evaluate("reconsideration.overdue", unit, period).value == 1
    assert evaluate("reconsideration.pending", unit, period).value == 1
    assert evaluate("reconsideration.hearings", unit, period).value == 1
    assert evaluate("reconsideration.received", unit, period).value == 3
    assert evaluate("reconsideration.direct_correction_rate", unit, period).display == "0.0%"
    assert evaluate("reconsideration.direct_correction_rate", tree.county, period).display == "—"
