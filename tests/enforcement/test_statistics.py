"""The 行政执法 statistics page: figures through the metric engine with the previous year, breakdowns that add up,
charts' data, a key without a value (“无数据”), scope (a unit outside it is 404) and the .xlsx export."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.enforcement import statistics as stats_module
from fazhi.enforcement.cases.choices import (
    CaseStatus,
    DecisionKind,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from fazhi.enforcement.cases.models import LegalReview
from fazhi.enforcement.statistics import HEADLINE_KEYS
from fazhi.enforcement.statistics_xlsx import SHEETS
from fazhi.metrics.catalog import Kind
from fazhi.metrics.registry import all_metrics, computer_for
from tests.enforcement.factories import make_body
from tests.enforcement_cases.factories import make_case, make_item, make_standard

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/enforcement/statistics/"


def decided(unit, item, *, filed_on, decided_on, fine=None, published_on=None, summary=False, **extra):
    due = decided_on + datetime.timedelta(days=9)  # the exact day does not matter to the page
    return make_case(
        unit,
        item,
        filed_on=filed_on,
        procedure=Procedure.SUMMARY if summary else Procedure.ORDINARY,
        status=CaseStatus.CLOSED,
        decision_kind=DecisionKind.PENALTY,
        penalty_kinds=[PenaltyKind.FINE] if fine else [PenaltyKind.WARNING],
        fine_amount=fine,
        decided_on=decided_on,
        closed_on=decided_on + datetime.timedelta(days=20),
        publication_due_on=due,
        published_on=published_on,
        **extra,
    )


@pytest.fixture
def data(tree):
    body_a, body_b = make_body(tree.dept_a), make_body(tree.dept_b)
    item_a, item_b = make_item(tree.dept_a, body_a), make_item(tree.dept_b, body_b)
    make_standard(item_a)
    # 市场监管局: three cases filed in 2025, one in 2024
    decided(tree.dept_a, item_a, filed_on=D(2025, 3, 3), decided_on=D(2025, 4, 10), fine=Decimal(5000),
            published_on=D(2025, 4, 15))  # fmt: skip
    major = decided(tree.dept_a, item_a, filed_on=D(2025, 3, 20), decided_on=D(2025, 5, 6), fine=Decimal(8000),
                    published_on=D(2025, 6, 30), is_major=True, major_grounds=["complex"])  # fmt: skip
    decided(tree.dept_a, item_a, filed_on=D(2025, 3, 21), decided_on=D(2025, 3, 21), summary=True,
            published_on=D(2025, 3, 24))  # fmt: skip
    decided(tree.dept_a, item_a, filed_on=D(2024, 11, 5), decided_on=D(2024, 12, 20), fine=Decimal(3000),
            published_on=D(2024, 12, 23))  # fmt: skip
    LegalReview.objects.create(
        unit=tree.dept_a,
        case=major,
        submitted_on=D(2025, 4, 25),
        reviewer_name="李审核",
        reviewer_qualified=True,
        result=ReviewResult.PASSED,
        reviewed_on=D(2025, 4, 29),
    )
    # 公安局: one case filed in 2025 and still under investigation
    make_case(tree.dept_b, item_b, filed_on=D(2025, 3, 10))
    return {"major": major}


def rows(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</table>", start)]


def test_page_for_the_county(people, data, login):
    response = login(people.legal).get(URL, {"unit": "qh", "year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page">执法统计' in html  # the 行政执法 tab bar, this tab active
    for key in HEADLINE_KEYS:
        assert f'data-key="{key}"' in html
    stats = response.context["stats"]
    assert stats.previous.label == "2024年"
    # by department: 立案 by filed_on, 决定 and fines by decided_on, 公示 by its due day
    departments = {r.label: r for r in stats.departments.rows}
    a, b = departments["清河县市场监督管理局"], departments["清河县公安局"]
    assert (a.filed, a.decided, a.summary, a.penalties, a.fines, a.major) == (3, 3, 1, 3, Decimal(13000), 1)
    assert (a.due, a.timely, a.timely_display) == (3, 2, "66.7%")
    assert (b.filed, b.decided, b.due) == (1, 0, 0)
    total = stats.departments.total
    assert (total.filed, total.decided, total.fines) == (4, 3, Decimal(13000))
    assert 'data-row="合计"' in rows(html, "by-department")
    # per month and the charts' data
    march = next(m for m in stats.months if m["label"] == "2025年3月")
    assert (march["filed"], march["decided"]) == (4, 1)
    assert sum(m["filed"] for m in stats.months) == 4 and len(stats.months) == 12
    charts = response.context["charts"]
    assert sum(charts["months"]["late"]) == 1 and sum(charts["months"]["timely"]) == 2
    assert dict(stats.penalty_kinds)[str(PenaltyKind.FINE.label)] == 2
    assert dict(stats.penalty_kinds)[str(PenaltyKind.WARNING.label)] == 1
    assert dict(stats.decisions)[str(DecisionKind.PENALTY.label)] == 3
    assert dict(stats.reviews)[str(ReviewResult.PASSED.label)] == 1
    assert {"name": str(ReviewResult.PASSED.label), "value": 1} in charts["reviews"]
    # every figure links to its drill-down or metric page, for this unit and period
    assert html.count('data-testid="figure"') == len(HEADLINE_KEYS)
    assert "/metrics/" in rows(html, "statistics-headline")


def test_previous_year_of_other_periods():
    from fazhi.metrics.periods import Period

    assert stats_module.previous_year(Period.for_quarter(2025, 3)).label == Period.for_quarter(2024, 3).label
    assert stats_module.previous_year(Period.for_month(2025, 2)).label == Period.for_month(2024, 2).label
    leap = stats_module.previous_year(Period.for_range(D(2024, 2, 29), D(2024, 3, 31)))
    assert (leap.start, leap.end) == (D(2023, 2, 28), D(2023, 3, 31))


def test_a_key_without_a_value_shows_no_data(people, data, login, monkeypatch):
    """A figure nothing computes and nobody typed in reads “无数据”, and the page still renders."""
    missing = next(m for m in all_metrics() if m.kind == Kind.COUNT and computer_for(m.key) is None)
    prefix, short = missing.key.split(".", 1)
    monkeypatch.setattr(stats_module, "_E", f"{prefix}.")
    monkeypatch.setattr(stats_module, "HEADLINE_GROUPS", (("待登记", (short,)),))
    response = login(people.legal).get(URL, {"unit": "qh", "year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(f'data-key="{missing.key}"') :]
    assert "无数据" in row[: row.index("</tr>")]


def test_scope(people, data, login):
    clerk = login(people.clerk_a)  # 市场监管局 and its 监管所
    response = clerk.get(URL, {"year": 2025})
    assert response.status_code == 200 and response.context["unit"].code == "qh-scj"
    assert [r.label for r in response.context["stats"].departments.rows] == ["清河县市场监督管理局"]
    assert clerk.get(URL, {"unit": "qh-gaj", "year": 2025}).status_code == 404
    assert clerk.get(URL, {"unit": "qh", "year": 2025}).status_code == 404
    assert login(people.admin_other).get(URL, {"unit": "qh"}).status_code == 404
    before = AuditEvent.objects.count()
    assert clerk.get(URL, {"unit": "qh-gaj", "year": 2025, "export": "xlsx"}).status_code == 404
    assert AuditEvent.objects.count() == before  # a refused export records nothing


def test_bad_period_falls_back(people, data, login):
    response = login(people.legal).get(URL, {"unit": "qh", "year": "二〇二五"})
    assert response.status_code == 200
    assert 'data-testid="period-error"' in response.content.decode()


def test_export(people, data, login):
    response = login(people.legal).get(URL, {"unit": "qh", "year": 2025, "export": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == list(SHEETS)
    figures = {
        row[1]: row
        for row in workbook[SHEETS[0]].iter_rows(min_row=2, values_only=True)
        if len(row) > 1 and row[1]
    }
    assert len(figures) >= len(HEADLINE_KEYS) - 1
    departments = {
        row[0]: row for row in workbook[SHEETS[2]].iter_rows(min_row=2, values_only=True) if row and row[0]
    }
    assert departments["清河县市场监督管理局"][1:6] == (3, 3, 1, 3, 1.3)
    assert departments["合计"][1] == 4
    months = list(workbook[SHEETS[1]].iter_rows(min_row=2, values_only=True))
    assert months[-1][0] == "合计" and months[-1][1] == 4
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert "行政执法统计" in event.note and event.unit.code == "qh"
