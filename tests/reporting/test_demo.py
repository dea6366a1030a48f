"""The reporting demo step: the county's report published with its figures frozen, departments in earlier states."""

from __future__ import annotations

import pytest

from fazhi.metrics.periods import Period
from fazhi.metrics.values import evaluate
from fazhi.reporting.assemble import document_for_report
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport
from tests.conftest import DEMO_DAY

# both tests read one demo build (tests/conftest.py: demo_module)
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("reporting_demo")]
BUILD_DAY = DEMO_DAY


def test_demo_reports(demo_module, db):
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


def test_the_demo_countys_report_file_states_what_fazhi_metric_says(demo_module, db, capsys, tmp_path):
    """The acceptance of issue 7 on the demo county itself: `fazhi report --unit qh --year 2025 --format
    docx` writes the published report, python-docx reads it back, and each figure in it is what
    `fazhi metric KEY --unit qh --year 2025` prints (figures frozen at publication, nothing changed since)."""
    from io import BytesIO

    from docx import Document

    from fazhi.reporting.figures import tokens_in
    from fazhi.reporting.output import figures
    from tests.reporting.test_cli import YEAR, MetricCommand, expected_text, run

    assert BUILD_DAY.year - 1 == YEAR
    target = tmp_path / "清河县2025年报告.docx"
    code, out, err = run(
        capsys, "report", "--unit", "qh", "--year", "2025", "--format", "docx", "--output", str(target)
    )
    assert (code, err) == (0, ""), err
    report = AnnualReport.objects.get(unit__code="qh", year=2025)
    document = document_for_report(report)
    quoted = figures(document)
    assert out.endswith(f"引用数字 {len(quoted)} 处，待补充 0 项。\n") and len(quoted) > 60

    written = "\n".join(p.text for p in Document(BytesIO(target.read_bytes())).paragraphs)
    tokens = [
        token for section in report.sections.order_by("order") for token in tokens_in(section.narrative)
    ]
    assert len(tokens) == len(quoted)
    metric = MetricCommand(capsys, "qh")
    for token, figure in zip(tokens, quoted, strict=True):
        assert figure.text == expected_text(token, metric), token
        assert figure.text in written
