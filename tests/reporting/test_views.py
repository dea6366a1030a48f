"""Pages: list, create, the report (figures linked, to-dos), editing, steps, diff, export, public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.services import (
    report_create,
    report_freeze,
    report_leader_approve,
    report_publish,
    report_review_pass,
    report_submit,
    section_save,
)
from fazhi.reporting.views import reports as report_views
from tests.reporting.factories import type_in
from tests.reporting.test_workflow import complete

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.legal, unit=tree.county, year=YEAR)


def published(report, people):
    complete(report, people.legal)
    report_submit(actor=people.legal, report=report)
    report_review_pass(actor=people.legal, report=report)
    report_leader_approve(actor=people.leader, report=report)
    report_freeze(actor=people.legal, report=report)
    return report_publish(actor=people.legal, report=report)


def test_list_and_create(tree, people, login):
    client = login(people.legal)
    assert client.get(reverse("reporting:list")).status_code == 200
    response = client.post(reverse("reporting:create"), {"unit": tree.county.pk, "year": YEAR})
    report = AnnualReport.objects.get()
    assert response["Location"] == reverse("reporting:detail", args=[report.pk])
    page = client.get(reverse("reporting:list")).content.decode()
    assert report.title in page
    again = client.post(reverse("reporting:create"), {"unit": tree.county.pk, "year": YEAR})
    assert "已经存在" in again.content.decode()
    assert AnnualReport.objects.count() == 1


def test_clerk_may_only_create_for_own_unit(tree, people, login):
    client = login(people.clerk_a)
    response = client.post(reverse("reporting:create"), {"unit": tree.county.pk, "year": YEAR})
    assert response.status_code == 200 and not AnnualReport.objects.exists()


def test_report_page_links_figures_and_lists_todos(typed_in_only, report, people, login):
    type_in(report.unit, YEAR, {"reconsideration.received": 918}, user=people.legal)
    page = login(people.legal).get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert 'data-testid="todo-list"' in page
    assert "行政复议·审结" in page  # a missing figure named on the to-do list …
    assert "【待补充：行政复议·审结】" in page  # … and marked in the text
    assert 'href="/metrics/values/?key=reconsideration.received' in page and ">918件</a>" in page
    assert "提交法治办审核" in page
    assert "审核通过" not in page  # not in this state


def test_edit_section_makes_version_and_diff_shows_it(report, people, login):
    client = login(people.legal)
    section = report.sections.get(title="其他需要报告的情况")
    url = reverse("reporting:section", args=[section.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"narrative": "今年无其他需要报告的情况。", "note": "补写第五部分"})
    client.post(url, {"narrative": "本年度无其他需要报告的情况。", "note": "改措辞"})
    assert report.versions.count() == 3
    diff = client.get(reverse("reporting:diff", args=[report.pk])).content.decode()
    assert '<del class="fz-diff-del" title="删除">今</del>' in diff
    assert '<ins class="fz-diff-ins" title="新增">本</ins>' in diff
    assert "其他需要报告的情况" in diff
    whole = client.get(reverse("reporting:diff", args=[report.pk]) + "?a=1&b=3").content.decode()
    assert "本年度无其他需要报告的情况。" in whole.replace(
        '<ins class="fz-diff-ins" title="新增">', ""
    ).replace("</ins>", "")


def test_bad_token_is_shown_on_the_form(report, people, login):
    section = report.sections.get(title="其他需要报告的情况")
    response = login(people.legal).post(
        reverse("reporting:section", args=[section.pk]), {"narrative": "{{foo}}"}
    )
    assert response.status_code == 400
    assert "不是有效的数据标记" in response.content.decode()


def test_steps_through_the_page(report, people, login):
    complete(report, people.legal)
    legal, leader = login(people.legal), login(people.leader)
    step = reverse("reporting:step", args=[report.pk])
    legal.post(step, {"step": "submit"})
    # the leader cannot run the 法治办's step: refused with a message, nothing changed
    response = leader.post(step, {"step": "review_pass"}, follow=True)
    assert "须由法治办工作人员或系统管理员办理" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.REVIEW
    legal.post(step, {"step": "review_return"})
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.REVIEW  # reason required
    legal.post(step, {"step": "review_pass"})
    page = leader.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert "领导审批同意" in page
    leader.post(step, {"step": "leader_approve"})
    legal.post(step, {"step": "freeze"})
    legal.post(step, {"step": "publish"})
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.PUBLISHED


def test_public_page_shows_published_report_without_login(report, people, client):
    url = reverse("reporting_public:detail", args=[report.pk])
    assert client.get(url).status_code == 404  # not yet published
    published(report, people)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert report.title in page and "其他需要报告的情况的情况。" in page
    assert "/metrics/" not in page  # no links into the signed-in app
    assert report.title in client.get(reverse("reporting_public:list")).content.decode()


def test_the_public_downloads_the_published_report_as_a_word_file(report, people, client):
    import io

    from docx import Document

    url = reverse("reporting_public:download", args=[report.pk])
    assert client.get(url).status_code == 404  # not yet published
    published(report, people)
    assert "format=docx" in client.get(reverse("reporting_public:detail", args=[report.pk])).content.decode()
    response = client.get(url, {"format": "docx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == report.title
    assert client.get(url, {"format": "xlsx"}).status_code == 404


def test_export_calls_the_renderer_and_audits(report, people, login, monkeypatch):
    seen = {}

    def fake_render(document, fmt, **options):
        seen["document"], seen["format"] = document, fmt
        return b"DOCX", "application/octet-stream", "report.docx"

    monkeypatch.setattr(report_views, "render_output", fake_render)
    response = login(people.legal).get(reverse("reporting:export", args=[report.pk]) + "?format=docx")
    assert response.status_code == 200 and response.content == b"DOCX"
    assert seen["format"] == "docx" and seen["document"].title == report.title
    assert "report.docx" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="export").exists()
    assert (
        login(people.legal).get(reverse("reporting:export", args=[report.pk]) + "?format=exe").status_code
        == 404
    )


def test_out_of_scope_report_is_not_found(report, people, login):
    client = login(people.admin_other)
    assert client.get(reverse("reporting:detail", args=[report.pk])).status_code == 404
    section = report.sections.first()
    before = section.narrative
    assert client.post(reverse("reporting:section", args=[section.pk]), {"narrative": "x"}).status_code == 404
    section.refresh_from_db()
    assert section.narrative == before


def test_frozen_section_page_is_read_only(report, people, login):
    published(report, people)
    section = report.sections.get(title="其他需要报告的情况")
    page = login(people.legal).get(reverse("reporting:section", args=[section.pk])).content.decode()
    assert 'data-testid="not-editable"' in page and 'data-testid="section-form"' not in page
    assert section_save.__name__  # the service refuses too (test_workflow)


def test_export_with_the_real_renderers(report, people, login):
    import io

    import docx

    client = login(people.legal)
    response = client.get(reverse("reporting:export", args=[report.pk]) + "?format=docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert report.title in text and "其他需要报告的情况" in text
    html = client.get(reverse("reporting:export", args=[report.pk]) + "?format=html").content.decode()
    assert report.title in html
