"""The 行政复议 statistics page: figures equal `fazhi metric`, breakdowns add up, .xlsx export, scoping."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.metrics.periods import Period
from fazhi.reconsideration.choices import CaseStatus, DecisionType, MatterCategory, TerminationGround
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.statistics import HEADLINE_KEYS, previous_year
from fazhi.reconsideration.statistics_xlsx import SHEETS
from tests.reconsideration.factories import closed_case_row

D = datetime.date
pytestmark = pytest.mark.django_db
URL = "reconsideration:statistics"


def open_case(unit, *, received_on, respondent="清河县公安局", category=MatterCategory.PENALTY, **extra):
    n = ReconsiderationCase.objects.count() + 1
    return ReconsiderationCase(
        unit=unit,
        case_number=f"在办{n}号",
        status=CaseStatus.ACCEPTED,
        respondent_name=respondent,
        contested_act=f"决定{n}",
        category=category,
        requests="撤销",
        channel="mail",
        received_on=received_on,
        accepted_on=received_on + datetime.timedelta(days=3),
        **extra,
    )


def closed(unit, *, respondent_name, category=MatterCategory.PENALTY, **kw) -> ReconsiderationCase:
    row = closed_case_row(unit, **kw)
    row.respondent_name, row.category = respondent_name, category
    return row


@pytest.fixture
def data(tree):
    county, justice = tree.county, tree.justice
    rows = [
        # closed in 2025 — 公安局 (penalty): 撤销 2, 维持 1, 终止 1
        closed(
            county,
            decision_type=DecisionType.REVOKE,
            closed_on=D(2025, 3, 10),
            respondent_name="清河县公安局",
        ),
        closed(
            county,
            decision_type=DecisionType.REVOKE,
            closed_on=D(2025, 5, 10),
            respondent_name="清河县公安局",
        ),
        closed(
            county,
            decision_type=DecisionType.UPHOLD,
            closed_on=D(2025, 5, 12),
            respondent_name="清河县公安局",
        ),
        closed(
            county,
            decision_type=DecisionType.TERMINATE,
            termination_ground=TerminationGround.WITHDRAWN_SELF_CORRECTED,
            closed_on=D(2025, 6, 3),
            respondent_name="清河县公安局",
        ),
        # 市场监管局 (disclosure), handled by the 司法局 below the county: 变更 1, 驳回 1
        closed(
            justice,
            decision_type=DecisionType.CHANGE,
            closed_on=D(2025, 7, 1),
            respondent_name="清河县市场监督管理局",
            category=MatterCategory.DISCLOSURE,
        ),
        closed(
            justice,
            decision_type=DecisionType.REJECT_REQUEST,
            closed_on=D(2025, 8, 1),
            respondent_name="清河县市场监督管理局",
            category=MatterCategory.DISCLOSURE,
            closed_late=True,
        ),
        # still open: received in 2025
        open_case(county, received_on=D(2025, 9, 1)),
        open_case(
            justice,
            received_on=D(2025, 10, 8),
            respondent="城关镇人民政府",
            category=MatterCategory.EXPROPRIATION,
        ),
        # 2024: the previous year
        closed(
            county, decision_type=DecisionType.UPHOLD, closed_on=D(2024, 4, 1), respondent_name="清河县公安局"
        ),
        closed(
            county, decision_type=DecisionType.REVOKE, closed_on=D(2024, 5, 1), respondent_name="清河县公安局"
        ),
        # a sibling county: never counted
        closed(
            tree.other_county,
            decision_type=DecisionType.REVOKE,
            closed_on=D(2025, 5, 1),
            respondent_name="白石县公安局",
        ),
        open_case(tree.other_county, received_on=D(2025, 5, 1), respondent="白石县公安局"),
    ]
    ReconsiderationCase.objects.bulk_create(rows)
    return tree


def fazhi_metric(key, code="qh", year="2025") -> dict:
    out = io.StringIO()
    call_command("metric", key, "--unit", code, "--year", year, "--json", stdout=out)
    return json.loads(out.getvalue())


def page(client, **params):
    response = client.get(reverse(URL), {"unit": "qh", "period": "2025", **params})
    assert response.status_code == 200
    return response


def figures(response) -> dict:
    return {f.metric.key: f for _heading, items in response.context["stats"].groups for f in items}


def test_figures_equal_the_metric_command(data, people, login):
    response = page(login(people.legal))
    shown = figures(response)
    assert set(shown) == set(HEADLINE_KEYS)
    body = response.content.decode()
    for key in HEADLINE_KEYS:
        expected = fazhi_metric(key)
        value = shown[key].current
        got = (
            None
            if value.value is None
            else (int(value.value) if key.endswith(("received", "closed")) else value.value)
        )
        assert (got is None) == (expected["value"] is None), key
        if expected["value"] is not None:
            assert Decimal(str(got)) == Decimal(str(expected["value"])), key
    assert shown["reconsideration.received"].current.value == 8
    assert shown["reconsideration.closed"].current.value == 6
    assert shown["reconsideration.correction_rate"].display == "66.7%"  # (2 + 1 + 1) / 6, seed 口径
    assert shown["reconsideration.overdue"].current.value == 1
    assert "（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结〔年度报告口径〕</span>" in body
    # figures link to the existing metric pages: counts to their records, rates to the metric page
    assert f"{reverse('metrics:drilldown')}?key=reconsideration.received" in body
    assert f"{reverse('metrics:detail')}?key=reconsideration.correction_rate" in body


def test_previous_year_is_compared(data, people, login):
    shown = figures(page(login(people.legal)))
    closed = shown["reconsideration.closed"]
    assert (closed.previous.value, closed.change) == (2, "+4")
    rate = shown["reconsideration.correction_rate"]
    assert (rate.previous.display, rate.change) == ("50.0%", "+16.7个百分点")
    assert previous_year(Period.parse("2025Q3")).token == "2024Q3"
    assert previous_year(Period.parse("2024-02-01~2024-02-29")).end == D(2023, 2, 28)


def test_breakdowns_add_up_to_the_totals(data, people, login):
    stats = page(login(people.legal)).context["stats"]
    respondents = {r.label: r for r in stats.respondents.rows}
    assert set(respondents) == {"清河县公安局", "清河县市场监督管理局", "城关镇人民政府"}
    police = respondents["清河县公安局"]
    assert (police.received, police.closed, police.corrected, police.rate_display) == (5, 4, 3, "75.0%")
    rate = fazhi_metric("reconsideration.correction_rate")
    for breakdown in (stats.respondents, stats.categories):
        assert breakdown.total.received == fazhi_metric("reconsideration.received")["value"]
        assert breakdown.total.closed == fazhi_metric("reconsideration.closed")["value"]
        assert (breakdown.total.corrected, breakdown.total.base) == (rate["numerator"], rate["denominator"])
        assert sum(r.received for r in breakdown.rows) == breakdown.total.received
    categories = {r.label: r for r in stats.categories.rows}
    assert categories["政府信息公开"].closed == 2 and categories["行政征收"].received == 1
    decisions = dict(stats.decisions)
    assert sum(decisions.values()) == 6
    assert (decisions["撤销"], decisions["终止"], decisions["确认无效"]) == (2, 1, 0)
    months = {m["label"]: m for m in stats.months}
    assert len(months) == 12 and months["2025年5月"]["closed"] == 2
    assert sum(m["received"] for m in stats.months) == 8


def test_breakdown_rate_follows_the_basis(data, people, login, settings):
    settings.FAZHI_RECONSIDERATION_CORRECTION_BASIS = "national"
    response = page(login(people.legal))
    stats = response.context["stats"]
    police = next(r for r in stats.respondents.rows if r.label == "清河县公安局")
    assert (police.corrected, police.base) == (2, 3)  # 撤销 2 ÷ (撤销 2 + 维持 1); 终止 is left out
    rate = fazhi_metric("reconsideration.correction_rate")
    assert (stats.respondents.total.corrected, stats.respondents.total.base) == (
        rate["numerator"],
        rate["denominator"],
    )
    assert "司法部全国统计口径" in response.content.decode()


def test_sibling_units_cases_are_not_counted_and_out_of_scope_unit_is_404(data, people, login):
    body = page(login(people.legal)).content.decode()
    assert "白石县公安局" not in body
    assert login(people.admin_other).get(reverse(URL), {"unit": "qh"}).status_code == 404
    other = login(people.admin_other).get(reverse(URL), {"period": "2025"})
    assert figures(other)["reconsideration.received"].current.value == 2
    # a unit below: only its own cases
    justice = figures(page(login(people.legal), unit="qh-sfj"))
    assert justice["reconsideration.received"].current.value == 3


def test_default_unit_is_the_users_current_unit_and_period_tokens(data, people, login):
    response = login(people.legal).get(reverse(URL), {"year": "2025", "quarter": "2"})
    assert response.context["unit"].code == "qh"
    assert response.context["period"].token == "2025Q2"
    assert figures(response)["reconsideration.closed"].current.value == 3  # 05-10, 05-12, 06-03
    bad = login(people.legal).get(reverse(URL), {"period": "2025Q9"})
    assert bad.status_code == 200 and 'data-testid="period-error"' in bad.content.decode()


def test_xlsx_export_has_the_same_numbers_and_is_audited(data, people, login):
    client = login(people.legal)
    shown = page(client)
    response = client.get(reverse(URL), {"unit": "qh", "period": "2025", "export": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == list(SHEETS)
    headline = {row[1]: row for row in book["主要指标"].iter_rows(min_row=2, values_only=True) if row[1]}
    for f in figures(shown).values():
        row = headline[str(f.metric.label)]
        expected = f.current.value
        assert (row[3] is None) == (expected is None), f.metric.key
        if expected is not None:
            assert Decimal(str(row[3])) == Decimal(str(expected)), f.metric.key
    assert headline["审结"][4] == 2  # the previous year
    assert "年度报告口径" in headline["综合纠错率"][6]
    respondents = {row[0]: row for row in book["按被申请人"].iter_rows(min_row=2, values_only=True)}
    assert respondents["清河县公安局"][:4] == ("清河县公安局", 5, 4, 3)
    assert respondents["合计"][1:3] == (8, 6)
    assert "白石县公安局" not in respondents
    decisions = {row[0]: row[1] for row in book["按结案方式"].iter_rows(min_row=2, values_only=True)}
    assert decisions["合计"] == 6 and decisions["撤销"] == 2
    months = list(book["按月趋势"].iter_rows(min_row=2, values_only=True))
    assert sum(r[1] for r in months) == 8
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert event.actor == people.legal and "行政复议统计" in event.note and "2025年" in event.note


def test_page_has_charts_and_export_link(data, people, login):
    body = page(login(people.legal)).content.decode()
    for chart in ("chart-decisions", "chart-categories", "chart-months"):
        assert f'data-testid="{chart}"' in body
    assert "echarts.min.js" in body and "export=xlsx" in body
