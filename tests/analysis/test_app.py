"""The app: upload analysed as a job, services (scoped, audited, replacing), pages, API, demo step."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.analysis.models import AnalysedReport, ReportFigure, ReportFinding, ReportSource
from fazhi.analysis.seeds import REPORT_FILES
from fazhi.analysis.services import source_analyse, source_upload
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.jobs.models import Job

pytestmark = pytest.mark.django_db

NANHAI = next(p for p in REPORT_FILES if p.name.startswith("003"))


def _store(people, tree, path=NANHAI):
    source = source_upload(actor=people.legal, unit=tree.county, name=path.name, data=path.read_bytes())
    return source, source_analyse(actor=people.legal, source=source)


def test_analysing_a_feed_stores_three_reports_with_figures_and_findings(people, tree):
    source, reports = _store(people, tree)
    assert sorted(r.year for r in reports) == [2016, 2017, 2018]
    assert source.status == ReportSource.Status.DONE and source.format == "text"
    r2016 = AnalysedReport.objects.get(year=2016)
    rate = ReportFigure.objects.get(report=r2016, metric="reconsideration.correction_rate")
    assert float(rate.value) == 27.8
    assert r2016.text[rate.start : rate.end] == "27.8%"
    assert r2016.text[rate.quote_start : rate.quote_end] == rate.quote
    r2017 = AnalysedReport.objects.get(year=2017)
    assert ReportFinding.objects.filter(report=r2017, kind="restated", severity="warning").exists()
    assert AuditEvent.objects.filter(object_type="analysis.analysedreport", action="create").count() == 3


def test_a_report_analysed_again_replaces_the_earlier_one(people, tree):
    _store(people, tree)
    _store(people, tree)
    assert AnalysedReport.objects.filter(unit=tree.county).count() == 3
    assert ReportSource.objects.count() == 2


def test_restated_figures_are_found_across_uploads(people, tree):
    """Each year's report uploaded on its own: the later upload is checked against the stored one."""
    text = NANHAI.read_text(encoding="utf-8")
    first, second = text[16552:], text[8202:16552]
    for name, part in (("2016.txt", first), ("2017.txt", second)):
        s = source_upload(actor=people.legal, unit=tree.county, name=name, data=part.encode())
        source_analyse(actor=people.legal, source=s)
    r2017 = AnalysedReport.objects.get(year=2017)
    assert ReportFinding.objects.filter(report=r2017, kind="restated").exists()


def test_an_unreadable_file_fails_with_its_reason(people, tree):
    source = source_upload(
        actor=people.legal, unit=tree.county, name="x.doc", data=b"\xd0\xcf\x11\xe0" + b"\0" * 40
    )
    with pytest.raises(ValidationError, match="旧版 Word"):
        source_analyse(actor=people.legal, source=source)
    source.refresh_from_db()
    assert source.status == ReportSource.Status.FAILED and "旧版 Word" in source.error
    assert not AnalysedReport.objects.exists()


def test_upload_outside_scope_is_refused_and_changes_nothing(people, tree):
    with pytest.raises(ScopeViolation):
        source_upload(actor=people.clerk_a, unit=tree.county, name="a.txt", data=NANHAI.read_bytes())
    with pytest.raises(ValidationError):
        source_upload(actor=people.legal, unit=tree.county, name="a.txt", data=b"")
    assert not ReportSource.objects.exists()


def test_upload_page_analyses_as_a_job(people, tree, login, django_capture_on_commit_callbacks, settings):
    settings.FAZHI_JOBS_BACKEND = "inline"
    client = login(people.legal)
    upload = SimpleUploadedFile(NANHAI.name, NANHAI.read_bytes(), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("analysis:upload"), {"unit": str(tree.county.pk), "file": upload})
    job = Job.objects.get(kind="analysis.analyse")
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result_summary["报告数"] == 3
    assert AnalysedReport.objects.filter(unit=tree.county).count() == 3


def test_upload_page_shows_errors_on_the_form(people, tree, login):
    client = login(people.legal)
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = client.post(reverse("analysis:upload"), {"unit": str(tree.county.pk), "file": empty})
    assert response.status_code == 200
    assert "文件" in response.content.decode()
    assert not ReportSource.objects.exists()


def test_report_page_highlights_each_figure(people, tree, login):
    _store(people, tree)
    report = AnalysedReport.objects.get(year=2016)
    figure = ReportFigure.objects.get(report=report, metric="reconsideration.correction_rate")
    page = login(people.leader).get(reverse("analysis:detail", args=[report.pk])).content.decode()
    assert (
        f'<mark id="fig-{figure.pk}" class="fz-fig-keyed" title="综合纠错率">综合纠错率<strong>27.8%</strong>'
        in page
    )
    assert "所述综合纠错率27.8%可由所述数字按口径" in page
    assert "五项必备内容" in page
    assert '<td class="text-end text-nowrap">100%</td>' in page  # 按时办结率100%: no 1E+2


def test_report_page_out_of_scope_is_404(people, tree, login):
    _store(people, tree)
    report = AnalysedReport.objects.first()
    assert login(people.admin_other).get(reverse("analysis:detail", args=[report.pk])).status_code == 404


def test_comparison_page_and_api(people, tree, login):
    _store(people, tree)
    client = login(people.leader)
    page = client.get(
        reverse("analysis:compare"), {"metric": ["reconsideration.correction_rate"]}
    ).content.decode()
    assert "27.8%" in page and "26.6%" in page and "40.5%" in page
    assert "报告之间相同或近似的句子" in page
    data = client.get(
        reverse("analysis:api-reports-comparison"), {"metric": "reconsideration.correction_rate"}
    ).json()
    assert data["years"] == [2016, 2017, 2018]
    (row,) = data["rows"]
    assert [c["value"] for c in row["cells"]] == [27.8, 26.6, 40.5]
    report = AnalysedReport.objects.get(year=2016)
    assert row["cells"][0]["link"].startswith(reverse("analysis:detail", args=[report.pk]) + "#fig-")
    # out of scope: nothing to compare
    other = (
        login(people.admin_other)
        .get(reverse("analysis:api-reports-comparison"), {"metric": "reconsideration.correction_rate"})
        .json()
    )
    assert other["rows"] == []


def test_api_report_detail_has_figures_with_offsets(people, tree, login):
    _store(people, tree)
    report = AnalysedReport.objects.get(year=2018)
    data = login(people.leader).get(reverse("analysis:api-reports-detail", args=[report.pk])).json()
    received = next(f for f in data["figures"] if f["metric"] == "reconsideration.received")
    assert report.text[received["start"] : received["end"]] == "918宗"


def test_demo_step_loads_the_seven_seed_reports(people, tree, monkeypatch):
    from fazhi.analysis import demo

    class Context:
        actor = people.root_admin

        def unit(self, code):
            return tree.county

    demo.build_seed_reports(Context())
    assert AnalysedReport.objects.count() == 7
    assert ReportSource.objects.count() == 5
