"""The demo step: last year's tables for the demo county and several departments, every check satisfied."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from fazhi.core.demo import build_demo
from fazhi.disclosure.demo import UNITS, table_values
from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.services import report_values
from fazhi.disclosure.tables import LAYOUT_2021, check
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)


def test_generated_tables_balance_for_any_seed():
    for seed in range(50):
        values = table_values(random.Random(seed), 86, 4, {}, tuple(range(12)))
        _values, errors = check(LAYOUT_2021, {k: Decimal(v) for k, v in values.items()})
        assert errors == {}


def test_demo_tables():
    build_demo(today=BUILD_DAY)
    reports = DisclosureReport.objects.select_related("unit")
    assert {r.unit.code for r in reports} == set(UNITS)
    assert {r.year for r in reports} == {2025}
    assert {r.unit.code for r in reports if r.is_confirmed} == {"qh", "qh-zrj", "qh-zjj"}
    for report in reports:
        values = report_values(report)
        new, carried = UNITS[report.unit.code][:2]
        assert values["t3.new.total"] == new
        assert values["t3.carried.total"] == carried
        assert values["t3.new.total"] + values["t3.carried.total"] == (
            values["t3.handled.total"] + values["t3.carried_over.total"]
        )
    county = reports.get(unit__code="qh").unit
    total = sum(u[0] for u in UNITS.values())
    assert evaluate("disclosure.requests", county, Period.for_year(2025)).value == total
    assert DisclosureCell.objects.filter(report__unit__code="qh", table="t2", row="normative").count() == 3
