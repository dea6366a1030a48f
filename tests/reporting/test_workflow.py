"""The report's services: create, edit with versions, each transition and refusal, freezing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import AuditEvent
from fazhi.reporting.assemble import document_for_report
from fazhi.reporting.choices import ReportStatus
from fazhi.reporting.models import AnnualReport, ReportVersion
from fazhi.reporting.outlines import REQUIRED_PARTS
from fazhi.reporting.services import (
    report_create,
    report_freeze,
    report_leader_approve,
    report_leader_return,
    report_publish,
    report_review_pass,
    report_review_return,
    report_submit,
    section_redraft,
    section_save,
)
from tests.reporting.factories import type_in

pytestmark = pytest.mark.django_db
YEAR = 2025


def state(report) -> tuple:
    report = AnnualReport.objects.get(pk=report.pk)
    return (report.status, report.frozen_figures, report.versions.count(),
            list(report.sections.order_by("order").values_list("narrative", flat=True)))  # fmt: skip


def complete(report, actor):
    """Replace every section's text with plain words (no figures), as a drafter may."""
    for section in report.sections.order_by("order"):
        if not (section.level == 1 and report.sections.filter(order=section.order + 10, level=2).exists()):
            section_save(actor=actor, section=section, narrative=f"{section.title}的情况。")


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.legal, unit=tree.county, year=YEAR)


def test_create_uses_the_outline_with_the_five_parts(report, people):
    top = [s.title for s in report.sections.filter(level=1).order_by("order")]
    assert top == list(REQUIRED_PARTS)
    subs = list(report.sections.filter(level=2).order_by("order").values_list("title", flat=True))
    assert subs[0] == "健全政府机构职能体系，推动更好发挥政府作用"  # 2021–2025 纲要
    assert report.versions.get().note == "系统按提纲和数据起草的初稿"
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="create").exists()
    with pytest.raises(ValidationError, match="已经存在"):
        report_create(actor=people.legal, unit=report.unit, year=YEAR)


def test_older_years_follow_the_2015_outline(tree, people):
    old = report_create(actor=people.legal, unit=tree.county, year=2018)
    subs = list(old.sections.filter(level=2).order_by("order").values_list("title", flat=True))
    assert subs[0] == "依法全面履行政府职能"
    assert "依法有效化解社会矛盾纠纷" in subs


def test_create_refused_outside_scope(tree, people):
    with pytest.raises(PermissionDenied):
        report_create(actor=people.clerk_a, unit=tree.dept_b, year=YEAR)
    assert not AnnualReport.objects.exists()


def test_every_saved_edit_makes_a_version(report, people):
    section = report.sections.get(title="其他需要报告的情况")
    version = section_save(
        actor=people.legal, section=section, narrative="无其他需要报告的情况。", note="补写"
    )
    assert (version.number, version.note, version.author) == (2, "补写", people.legal)
    assert section_save(actor=people.legal, section=section, narrative="无其他需要报告的情况。") is None
    assert report.versions.count() == 2


def test_unreadable_token_is_refused_and_nothing_changes(report, people):
    section = report.sections.get(title="其他需要报告的情况")
    before = state(report)
    with pytest.raises(ValidationError, match="不是指标目录中的指标"):
        section_save(actor=people.legal, section=section, narrative="共{{reconsideration.nonsense}}件")
    assert state(report) == before


def test_submit_refused_while_todos_remain_naming_them(report, people):
    before = state(report)
    with pytest.raises(ValidationError) as info:
        report_submit(actor=people.legal, report=report)
    message = info.value.messages[0]
    assert "待补充" in message and "本节正文尚未撰写" in message
    assert state(report) == before


def test_whole_workflow_with_roles_and_returns(report, people):
    complete(report, people.legal)
    report_submit(actor=people.legal, report=report)
    assert report.status == ReportStatus.REVIEW

    # a leader cannot do the 法治办's review; a reviewer's return needs a reason
    for _actor, call in ((people.leader, lambda: report_review_pass(actor=people.leader, report=report)),
                        (people.legal, lambda: report_review_return(actor=people.legal, report=report, reason=""))):  # fmt: skip
        before = state(report)
        with pytest.raises((PermissionDenied, ValidationError)):
            call()
        assert state(report) == before
    report_review_return(actor=people.legal, report=report, reason="第二部分写得过于笼统")
    assert (report.status, report.return_reason) == (ReportStatus.DRAFT, "第二部分写得过于笼统")

    report_submit(actor=people.legal, report=report)
    report_review_pass(actor=people.legal, report=report)
    assert report.status == ReportStatus.APPROVAL
    before = state(report)
    with pytest.raises(PermissionDenied, match="领导"):
        report_leader_approve(actor=people.legal, report=report)
    assert state(report) == before
    report_leader_return(actor=people.leader, report=report, reason="请补充第一责任人履职情况")
    assert report.status == ReportStatus.DRAFT
    report_submit(actor=people.legal, report=report)
    report_review_pass(actor=people.admin, report=report)
    report_leader_approve(actor=people.leader, report=report)
    assert report.status == ReportStatus.APPROVED

    before = state(report)
    with pytest.raises(ValidationError, match="当前状态"):
        report_publish(actor=people.legal, report=report)
    assert state(report) == before
    report_freeze(actor=people.legal, report=report)
    assert report.status == ReportStatus.FROZEN and report.frozen_at and report.signed_on
    report_publish(actor=people.legal, report=report)
    assert report.status == ReportStatus.PUBLISHED and report.published_at

    transitions = AuditEvent.objects.filter(object_id=str(report.pk), action="transition").order_by("seq")
    assert [e.changes["status"] for e in transitions][-3:] == [["approval", "approved"], ["approved", "frozen"],
                                                                ["frozen", "published"]]  # fmt: skip
    assert transitions.filter(note="第二部分写得过于笼统").exists()


def test_clerk_cannot_review_own_department_report(tree, people):
    report = report_create(actor=people.clerk_a, unit=tree.dept_a, year=YEAR)
    complete(report, people.clerk_a)
    report_submit(actor=people.clerk_a, report=report)
    before = state(report)
    with pytest.raises(PermissionDenied):
        report_review_pass(actor=people.clerk_a, report=report)
    assert state(report) == before
    report_review_pass(actor=people.legal, report=report)  # the county's 法治办 reviews the department's


def test_no_edit_outside_draft(report, people):
    complete(report, people.legal)
    report_submit(actor=people.legal, report=report)
    section = report.sections.get(title="其他需要报告的情况")
    before = state(report)
    with pytest.raises(ValidationError, match="只有起草中的报告"):
        section_save(actor=people.legal, section=section, narrative="改动")
    assert state(report) == before


def test_freezing_keeps_figures_when_records_change(typed_in_only, report, people):
    type_in(report.unit, YEAR, {"reconsideration.received": 918}, user=people.legal)
    complete(report, people.legal)
    section = report.sections.get(title="其他需要报告的情况")
    section_save(
        actor=people.legal, section=section, narrative="全年共收到行政复议申请{{reconsideration.received}}。"
    )
    text = lambda: "".join(p.text for s in document_for_report(AnnualReport.objects.get(pk=report.pk)).walk()  # noqa: E731
                           for p in s.paragraphs)  # fmt: skip
    assert "全年共收到行政复议申请918件" in text()
    type_in(report.unit, YEAR, {"reconsideration.received": 920}, user=people.legal)
    assert "全年共收到行政复议申请920件" in text()  # live before freezing
    report_submit(actor=people.legal, report=report)
    report_review_pass(actor=people.legal, report=report)
    report_leader_approve(actor=people.leader, report=report)
    report_freeze(actor=people.legal, report=report)
    type_in(report.unit, YEAR, {"reconsideration.received": 999}, user=people.legal)
    assert "全年共收到行政复议申请920件" in text()
    frozen = AnnualReport.objects.get(pk=report.pk).frozen_figures["reconsideration.received"]
    assert (frozen["text"], frozen["value"]) == ("920件", "920")
    assert frozen["url"].startswith("/metrics/")


def test_redraft_takes_todays_figures(typed_in_only, report, people):
    section = next(s for s in report.sections.all() if "reconsideration" in s.blocks)
    type_in(
        report.unit,
        YEAR,
        {"reconsideration.received": 12, "reconsideration.not_accepted": 0},
        user=people.legal,
    )
    version = section_redraft(actor=people.legal, section=section)
    section.refresh_from_db()
    assert "不予受理" not in section.narrative.split("。")[0]
    assert version.note.startswith("按最新数据重新起草")
    assert ReportVersion.objects.filter(report=report).count() == 2
