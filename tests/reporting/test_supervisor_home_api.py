"""The supervisor's view, the reporting calendar (rules and home panel), the read-only API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.core.choices import UnitKind, UnitLevel
from fazhi.reporting import rules
from fazhi.reporting.selectors import supervised_rows
from fazhi.reporting.services import report_create
from tests.factories import make_unit
from tests.reporting.factories import type_in
from tests.reporting.test_views import published

pytestmark = pytest.mark.django_db


def test_calendar_by_unit_kind_and_level(tree):
    assert rules.calendar_for(tree.province).submit_due(2025) == datetime.date(2026, 4, 1)
    assert rules.calendar_for(tree.county).submit_due(2025) == datetime.date(2026, 3, 1)
    assert rules.calendar_for(tree.dept_a).submit_due(2025) == datetime.date(2026, 3, 1)
    assert rules.calendar_for(tree.town).publish_due(2025) == datetime.date(2026, 4, 1)
    assert rules.calendar_for(tree.dept_a_child) is None  # a 所 under a department files no report


def test_supervisor_rows_frozen_and_live(tree, people, typed_in_only):
    county = report_create(actor=people.legal, unit=tree.county, year=2025)
    dept = report_create(actor=people.legal, unit=tree.dept_a, year=2025)
    type_in(tree.dept_a, 2025, {"reconsideration.received": 7}, user=people.legal)
    published(dept, people)
    type_in(tree.dept_a, 2025, {"reconsideration.received": 9}, user=people.legal)  # after freezing
    type_in(tree.dept_b, 2025, {"reconsideration.received": 3}, user=people.legal)
    rows = supervised_rows(user=people.legal, unit=tree.county, year=2025, keys=["reconsideration.received"],
                           today=datetime.date(2026, 3, 5))  # fmt: skip
    by_code = {r.unit.code: r for r in rows}
    assert county.unit.code not in by_code  # the units below only
    assert set(by_code) == {"qh-sfj", "qh-scj", "qh-gaj", "qh-cgz"}
    assert by_code["qh-scj"].figures[0].text == "7件"  # frozen snapshot
    assert by_code["qh-gaj"].figures[0].text == "3件"  # live, no report
    assert by_code["qh-scj"].state.state == "done"
    assert by_code["qh-gaj"].state.submit_overdue and by_code["qh-gaj"].state.status_label == "尚未起草"


def test_supervisor_page(tree, people, login):
    page = login(people.legal).get(reverse("reporting:supervisor") + f"?unit={tree.county.pk}&year=2025")
    assert page.status_code == 200
    text = page.content.decode()
    assert "清河县公安局" in text and "尚未起草" in text
    bad = login(people.legal).get(reverse("reporting:supervisor") + "?keys=no.such").content.decode()
    assert "未知的指标" in bad


def test_home_panel(tree, people, login, settings, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 3, 5))
    page = login(people.legal).get("/").content.decode()
    assert "2025年度法治政府建设情况报告：应于2026年3月1日前报送上一级党委和政府" in page
    assert "尚未起草，已逾期" in page
    assert "应于2026年4月1日前向社会公开" in page
    # a unit that files no report sees no panel
    office = make_unit("某所", parent=tree.dept_a_child, kind=UnitKind.OTHER, level=UnitLevel.COUNTY)
    from tests.factories import make_user

    user = make_user("office_clerk", office)
    assert 'data-testid="reporting-panel"' not in login(user).get("/").content.decode()


def test_home_panel_turns_to_the_coming_report_in_december(tree, people, login, monkeypatch):
    from django.utils import timezone

    from fazhi.reporting.choices import ReportStatus
    from fazhi.reporting.models import AnnualReport

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 12, 4))
    page = login(people.legal).get("/").content.decode()
    assert "2025年度法治政府建设情况报告：应于2026年3月1日前" in page  # not published: still last year's
    report = report_create(actor=people.legal, unit=tree.county, year=2025)
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.PUBLISHED)
    page = login(people.legal).get("/").content.decode()
    assert "2026年度法治政府建设情况报告：应于2027年3月1日前报送上一级党委和政府" in page
    assert "2025年度法治政府建设情况报告：应于" not in page


def test_api_lists_and_details_reports_in_scope(tree, people, login, typed_in_only):
    report = report_create(actor=people.legal, unit=tree.county, year=2025)
    other = report_create(actor=people.admin_other, unit=tree.other_county, year=2025)
    type_in(tree.county, 2025, {"reconsideration.received": 918}, user=people.legal)
    client = login(people.legal)
    listing = client.get("/api/reports/").json()
    ids = (
        [row["id"] for row in listing["results"]]
        if isinstance(listing, dict)
        else [row["id"] for row in listing]
    )
    assert ids == [str(report.pk)]
    detail = client.get(f"/api/reports/{report.pk}/").json()
    assert detail["status"] == "draft" and detail["unit_code"] == "qh"
    assert any(f["token"] == "reconsideration.received" and f["text"] == "918件" for f in detail["figures"])
    assert any(t["label"] == "行政复议·审结" for t in detail["todos"])
    assert client.get(f"/api/reports/{other.pk}/").status_code == 404
    assert client.post("/api/reports/", {}).status_code == 405
