"""The reporting demo step: the county's report published with its figures frozen, departments in earlier states."""

from __future__ import annotations

import datetime

import pytest

from fazhi.core.demo import build_demo
from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.reporting.assemble import document_for_report
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)


def test_demo_reports(db):
    build_demo(today=BUILD_DAY)
    states = dict(AnnualReport.objects.filter(year=2025).values_list("unit__code", "status"))
    assert states == {
        "qh": ReportStatus.PUBLISHED,
        "qh-scj": ReportStatus.DRAFT,
        "qh-gaj": ReportStatus.REVIEW,
        "qh-sfj": ReportStatus.APPROVAL,
    }
    county = AnnualReport.objects.get(unit__code="qh", year=2025)
    document = document_for_report(county)
    assert document.missing == ()
    text = "\n".join(p.text for s in document.walk() for p in s.paragraphs)
    received = evaluate("reconsideration.received", county.unit, Period.for_year(2025))
    assert received.value > 0
    assert f"全年共收到行政复议申请{received.value}件" in text
    assert county.frozen_figures["reconsideration.received"]["value"] == str(received.value)
    assert county.versions.count() > 1
