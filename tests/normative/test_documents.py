"""The document's services: each transition and gate, each refusal leaving everything as it was, the
deadlines through the calendar engine, numbering, and the text taken from .docx and PDF uploads."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fazhi.attachments.models import Attachment
from fazhi.core.models import AuditEvent
from fazhi.normative import rules, services
from fazhi.normative.choices import (
    ClauseCategory,
    ClauseConclusion,
    CommentAdoption,
    DocumentStatus,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.models import ClauseFlag, FilingReview, NormativeDocument, PublicComment
from fazhi.workdays.choices import DeadlineStatus
from tests.normative import factories as f

D = datetime.date
S = DocumentStatus


def stored(document) -> dict:
    """Every column of the stored row: a refusal must leave it exactly as it was."""
    return NormativeDocument.objects.filter(pk=document.pk).values().get()


def refused(fn, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    return info.value


def message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@pytest.fixture
def legal(people):
    return people.legal


@pytest.fixture
def county(tree):
    return tree.county


# --- register and edit ----------------------------------------------------------------------------


def test_create_registers_a_draft_and_audits_it(legal, county, tree):
    document = services.document_create(
        actor=legal,
        unit=county,
        title="  清河县农贸市场管理办法  ",
        kind="government",
        drafting_unit=tree.dept_a,
        drafted_on=D(2025, 2, 10),
        body="第一条 为规范管理，制定本办法。",
    )
    assert document.status == S.DRAFTING
    assert document.title == "清河县农贸市场管理办法"
    assert document.drafting_unit_name == "清河县市场监督管理局"
    assert document.document_number == ""
    assert not document.in_force
    event = AuditEvent.objects.get(object_id=str(document.pk), action="create")
    assert event.note == "登记行政规范性文件草案“清河县农贸市场管理办法”"


def test_create_refuses_out_of_scope_unit_and_bad_kind(people, tree):
    with pytest.raises(PermissionDenied):
        services.document_create(actor=people.clerk_a, unit=tree.dept_b, title="某文件", kind="department")
    exc = refused(services.document_create, actor=people.legal, unit=tree.county, title="某文件", kind="rule")
    assert message(exc) == "文件类别无效：请选择政府、部门或镇街规范性文件。"
    assert NormativeDocument.objects.count() == 0


def test_update_after_publication_only_changes_the_interpretation(legal, county):
    document = f.published(legal, county)
    before = stored(document)
    exc = refused(services.document_update, actor=legal, document=document, body="新的正文")
    assert message(exc) == "文件已公布，不能修改正文；修改已公布的文件须按程序另行制定（修改）。"
    assert stored(document) == before
    services.document_update(actor=legal, document=document, interpretation="一、制定背景……")
    assert NormativeDocument.objects.get(pk=document.pk).interpretation == "一、制定背景……"


# --- text upload ----------------------------------------------------------------------------------


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf_bytes(tmp_path, paragraphs: list[str]) -> bytes:
    """A PDF with a Chinese text layer, converted from a .docx by LibreOffice (as offices make them)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice（soffice）未安装，无法生成 PDF 样本")
    source = tmp_path / "sample.docx"
    source.write_bytes(_docx_bytes(paragraphs))
    subprocess.run(  # noqa: S603 — the soffice found on this machine, fixed arguments
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (tmp_path / "sample.pdf").read_bytes()


def test_upload_docx_extracts_the_body_and_keeps_the_file(legal, county):
    document = f.draft(legal, county, body="")
    data = _docx_bytes(["第一条 为规范农贸市场管理，制定本办法。", "第二条 入场经营者应当缴纳市场管理费。"])
    upload = SimpleUploadedFile("管理办法.docx", data)
    services.document_upload_text(actor=legal, document=document, upload=upload)
    document.refresh_from_db()
    assert document.body == "第一条 为规范农贸市场管理，制定本办法。\n第二条 入场经营者应当缴纳市场管理费。"
    attachment = Attachment.objects.get(object_id=str(document.pk))
    assert attachment.original_name == "管理办法.docx"
    assert attachment.file_type == "docx"


def test_upload_pdf_extracts_the_body(legal, county, tmp_path):
    document = f.draft(legal, county, body="")
    upload = SimpleUploadedFile("办法.pdf", _pdf_bytes(tmp_path, ["第一条 本办法自公布之日起施行。"]))
    services.document_upload_text(actor=legal, document=document, upload=upload)
    document.refresh_from_db()
    assert "本办法自公布之日起施行" in document.body.replace(" ", "")


def test_upload_refuses_a_text_file_and_changes_nothing(legal, county):
    document = f.draft(legal, county)
    before = stored(document)
    upload = SimpleUploadedFile("办法.txt", "第一条 纯文本。".encode())
    exc = refused(services.document_upload_text, actor=legal, document=document, upload=upload)
    assert message(exc) == "正文请上传 .docx 或带文字层的 PDF 文件（“办法.txt”不是）。"
    assert stored(document) == before
    assert Attachment.objects.count() == 0


# --- public comment -------------------------------------------------------------------------------


def test_comment_period_is_tracked_and_gates_the_review(legal, county):
    document = f.draft(legal, county)
    services.comments_open(actor=legal, document=document, on=D(2025, 3, 3))
    document.refresh_from_db()
    assert document.status == S.CONSULTING
    # 30日 from 2025-03-03: 2025-04-02, a Wednesday
    assert document.comment_ends_on == D(2025, 4, 2)
    deadline = services.document_deadline(document, rules.COMMENT)
    assert deadline.due_date == D(2025, 4, 2)

    comment = services.comment_add(
        actor=legal,
        document=document,
        received_on=D(2025, 3, 10),
        content="建议降低市场管理费。",
        commenter="王五",
    )
    before = stored(document)
    exc = refused(services.review_submit, actor=legal, document=document, on=D(2025, 4, 2))
    assert message(exc) == "征求意见期间至2025-04-02届满，期满后方可送合法性审核。"
    exc = refused(services.review_submit, actor=legal, document=document, on=D(2025, 4, 3))
    assert message(exc) == "尚有1条征求意见未登记处理情况，请逐条说明采纳情况后再送合法性审核。"
    assert stored(document) == before

    services.comment_respond(
        actor=legal,
        comment=comment,
        adoption=CommentAdoption.PARTLY,
        response="收费标准改由价格主管部门核定。",
    )
    services.review_submit(actor=legal, document=document, on=D(2025, 4, 3))
    document.refresh_from_db()
    assert document.status == S.REVIEWING
    assert services.document_deadline(document, rules.COMMENT) is None
    comment.refresh_from_db()
    assert (comment.adoption, comment.response) == ("partly", "收费标准改由价格主管部门核定。")


def test_comment_respond_refuses_an_empty_response(legal, county):
    document = f.draft(legal, county)
    services.comments_open(actor=legal, document=document, on=D(2025, 3, 3))
    comment = services.comment_add(actor=legal, document=document, received_on=D(2025, 3, 4), content="意见")
    exc = refused(services.comment_respond, actor=legal, comment=comment, adoption="adopted", response=" ")
    assert message(exc) == "请填写处理说明。"
    assert PublicComment.objects.get(pk=comment.pk).adoption == ""


# --- legality review and the review assistant -----------------------------------------------------


def test_review_submit_opens_the_review_deadline_across_national_day(legal, county, people):
    document = f.draft(legal, county)
    # 15个工作日 from Monday 2025-09-29: 10-01…10-08 off, Saturday 10-11 worked (调休) → 2025-10-27
    services.review_submit(actor=legal, document=document, on=D(2025, 9, 29), reviewer=people.legal)
    document.refresh_from_db()
    assert document.status == S.REVIEWING
    assert document.review_submitted_on == D(2025, 9, 29)
    assert document.review_due_on == D(2025, 10, 27)
    deadline = services.document_deadline(document, rules.REVIEW)
    assert deadline.due_date == D(2025, 10, 27)
    assert deadline.responsible == people.legal
    assert "国办发〔2018〕115号" in deadline.explanation


@override_settings(FAZHI_NORMATIVE_REVIEW_WORKDAYS=5)
def test_review_period_is_the_rule_registered_at_start_up(legal, county):
    # the rule copies the setting once (a running deadline never moves): still 15 here
    document = f.in_review(legal, county, on=D(2025, 3, 3))
    assert document.review_due_on == D(2025, 3, 24)


def test_submitting_creates_flags_and_a_passing_opinion_needs_a_conclusion_on_each(legal, county):
    document = f.in_review(legal, county, body=f.FLAGGED_BODY)
    flags = list(ClauseFlag.objects.filter(document=document))
    categories = sorted(flag.category for flag in flags)
    assert categories == sorted([ClauseCategory.FEE, ClauseCategory.PENALTY])
    fee = next(flag for flag in flags if flag.category == ClauseCategory.FEE)
    assert fee.sentence == "第四条 入场经营者应当缴纳市场管理费，收费标准由县发展和改革局核定。"
    assert document.body[fee.start : fee.end] == fee.sentence

    before = stored(document)
    exc = refused(
        services.review_record, actor=legal, document=document, opinion=ReviewOpinion.LAWFUL, on=D(2025, 3, 5)
    )
    assert message(exc) == "尚有2条审核提示条款未作结论，请逐条作出结论后再出具“合法”的审核意见。"
    assert stored(document) == before

    services.clause_conclude(
        actor=legal, flag=fee, conclusion=ClauseConclusion.HAS_BASIS, note="省定收费目录第12项"
    )
    exc = refused(
        services.review_record, actor=legal, document=document, opinion=ReviewOpinion.LAWFUL, on=D(2025, 3, 5)
    )
    assert message(exc) == "尚有1条审核提示条款未作结论，请逐条作出结论后再出具“合法”的审核意见。"
    penalty = next(flag for flag in flags if flag.category == ClauseCategory.PENALTY)
    services.clause_conclude(
        actor=legal, flag=penalty, conclusion=ClauseConclusion.DELETE, note="规范性文件不得设定行政处罚"
    )
    services.review_record(
        actor=legal,
        document=document,
        opinion=ReviewOpinion.LAWFUL_AFTER_CHANGES,
        on=D(2025, 3, 5),
        note="删除第五条。",
    )
    document.refresh_from_db()
    assert (document.review_opinion, document.reviewed_on, document.reviewer) == (
        "lawful_after_changes",
        D(2025, 3, 5),
        legal,
    )
    deadline = services.document_deadlines(document).get(rule_key=rules.REVIEW)
    assert deadline.status == DeadlineStatus.MET


def test_an_unlawful_opinion_does_not_need_conclusions_but_needs_reasons(legal, county):
    document = f.in_review(legal, county, body=f.FLAGGED_BODY)
    exc = refused(
        services.review_record,
        actor=legal,
        document=document,
        opinion=ReviewOpinion.UNLAWFUL,
        on=D(2025, 3, 5),
    )
    assert message(exc) == "审核意见为“不合法”时，请写明修改意见或不合法的理由。"
    services.review_record(
        actor=legal,
        document=document,
        opinion=ReviewOpinion.UNLAWFUL,
        on=D(2025, 3, 5),
        note="第五条设定罚款。",
    )
    assert NormativeDocument.objects.get(pk=document.pk).review_opinion == "unlawful"


def test_changing_the_text_in_review_refreshes_the_flags_and_keeps_conclusions(legal, county):
    document = f.in_review(legal, county, body=f.FLAGGED_BODY)
    fee = ClauseFlag.objects.get(document=document, category=ClauseCategory.FEE)
    services.clause_conclude(
        actor=legal, flag=fee, conclusion=ClauseConclusion.HAS_BASIS, note="省定收费目录"
    )
    new_body = f.BODY + "第四条 入场经营者应当缴纳市场管理费，收费标准由县发展和改革局核定。\n"
    services.document_update(actor=legal, document=document, body=new_body)
    flags = list(ClauseFlag.objects.filter(document=document))
    assert [(flag.category, flag.conclusion) for flag in flags] == [(ClauseCategory.FEE, "has_basis")]
    assert new_body.strip()[flags[0].start : flags[0].end] == flags[0].sentence


def test_review_late_is_recorded_as_late(legal, county):
    document = f.in_review(legal, county, on=D(2025, 3, 3))
    services.review_record(actor=legal, document=document, opinion=ReviewOpinion.LAWFUL, on=D(2025, 3, 31))
    deadline = services.document_deadlines(document).get(rule_key=rules.REVIEW)
    assert (deadline.status, deadline.due_date, deadline.completed_on) == (
        DeadlineStatus.MET,
        D(2025, 3, 24),
        D(2025, 3, 31),
    )
    assert deadline.met_late


# --- the 37号 gate -----------------------------------------------------------------------------------


def test_an_unreviewed_draft_cannot_go_to_deliberation(legal, county):
    draft = f.draft(legal, county)
    before = stored(draft)
    exc = refused(services.deliberation_submit, actor=legal, document=draft)
    assert message(exc) == (
        "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕37号）。本文件尚未送合法性审核。"
    )
    assert exc.code == "review_required"
    assert stored(draft) == before

    document = f.in_review(legal, county)
    before = stored(document)
    exc = refused(services.deliberation_submit, actor=legal, document=document)
    assert message(exc).endswith("本文件的合法性审核尚未作出审核意见。")
    assert stored(document) == before


def test_an_unlawful_draft_cannot_go_to_deliberation(legal, county):
    document = f.in_review(legal, county)
    services.review_record(
        actor=legal,
        document=document,
        opinion=ReviewOpinion.UNLAWFUL,
        on=D(2025, 3, 5),
        note="无上位法依据。",
    )
    before = stored(document)
    exc = refused(services.deliberation_submit, actor=legal, document=document)
    assert message(exc).endswith("本文件经审核不合法，请退回修改后重新送审。")
    assert stored(document) == before


def test_return_to_drafting_clears_the_round_and_a_new_submission_reviews_again(legal, county):
    document = f.reviewed(legal, county)
    exc = refused(services.review_return, actor=legal, document=document, on=D(2025, 3, 10), reason="")
    assert message(exc) == "执行“退回修改”须填写理由。"
    services.review_return(actor=legal, document=document, on=D(2025, 3, 10), reason="补充起草说明")
    document.refresh_from_db()
    assert (document.status, document.review_opinion) == (S.DRAFTING, "")
    exc = refused(services.deliberation_submit, actor=legal, document=document)
    assert "尚未送合法性审核" in message(exc)


def test_after_a_passed_review_it_goes_to_deliberation_and_is_recorded(legal, county):
    document = f.reviewed(legal, county)
    services.deliberation_submit(actor=legal, document=document)
    assert NormativeDocument.objects.get(pk=document.pk).status == S.DELIBERATING
    exc = refused(services.deliberation_record, actor=legal, document=document, meeting="", on=D(2025, 3, 10))
    assert message(exc) == "请填写审议会议。"
    services.deliberation_record(
        actor=legal, document=document, meeting="县政府第12次常务会议", on=D(2025, 3, 10)
    )
    document.refresh_from_db()
    assert (document.meeting, document.deliberated_on) == ("县政府第12次常务会议", D(2025, 3, 10))


# --- publication ----------------------------------------------------------------------------------


def test_publication_needs_a_recorded_deliberation(legal, county):
    document = f.reviewed(legal, county)
    services.deliberation_submit(actor=legal, document=document)
    before = stored(document)
    exc = refused(
        services.document_publish,
        actor=legal,
        document=document,
        signed_on=D(2025, 3, 12),
        published_on=D(2025, 3, 12),
    )
    assert message(exc) == "尚未登记集体审议决定，不能公布（国办发〔2018〕37号：集体审议决定）。"
    assert stored(document) == before


def test_publication_numbers_dates_and_opens_the_filing_period(legal, county):
    document = f.deliberated(legal, county)
    # published Friday 2025-09-05: 30日 end on Sunday 10-05, inside the National Day holiday → 2025-10-09
    services.document_publish(
        actor=legal,
        document=document,
        signed_on=D(2025, 9, 5),
        published_on=D(2025, 9, 5),
        effective_on=D(2025, 10, 1),
    )
    document.refresh_from_db()
    assert document.status == S.PUBLISHED
    assert document.in_force
    assert document.document_number == "清河规〔2025〕1号"
    assert document.effective_on == D(2025, 10, 1)
    assert document.expires_on == D(2030, 9, 30)
    assert document.filing_due_on == D(2025, 10, 9)
    assert services.document_deadline(document, rules.FILING).due_date == D(2025, 10, 9)

    second = f.published(legal, county, published_on=D(2025, 9, 8))
    assert second.document_number == "清河规〔2025〕2号"


def test_a_provisional_document_is_valid_for_two_years(legal, county):
    document = f.published(legal, county, title="清河县城区停车管理暂行办法", published_on=D(2025, 3, 14))
    assert document.expires_on == D(2027, 3, 13)


def test_a_clerk_cannot_publish(people, tree, legal):
    document = f.deliberated(legal, tree.county)
    from fazhi.core.choices import Role
    from tests.factories import make_user

    clerk = make_user("county_clerk", tree.county, Role.CLERK)
    before = stored(document)
    with pytest.raises(NormativeDocument.DoesNotExist):
        services.document_publish(
            actor=clerk, document=document, signed_on=D(2025, 3, 14), published_on=D(2025, 3, 14)
        )
    assert stored(document) == before


def test_wrong_state_is_an_invalid_transition(legal, county):
    document = f.draft(legal, county)
    before = stored(document)
    exc = refused(
        services.document_publish,
        actor=legal,
        document=document,
        signed_on=D(2025, 3, 3),
        published_on=D(2025, 3, 3),
    )
    assert exc.code == "invalid_transition"
    assert message(exc) == "当前状态为“起草”，不能签发并公布。"
    assert stored(document) == before


# --- filing ---------------------------------------------------------------------------------------


def test_filing_to_an_organ_on_the_platform_creates_its_review(legal, county, tree):
    document = f.published(legal, county, published_on=D(2025, 9, 5))
    services.filing_submit(actor=legal, document=document, on=D(2025, 10, 9), filing_organ=tree.city)
    document.refresh_from_db()
    assert (document.status, document.filed_on, document.filing_result) == (
        S.FILED,
        D(2025, 10, 9),
        "pending",
    )
    assert document.in_force
    closed = services.document_deadlines(document).get(rule_key=rules.FILING)
    assert (closed.status, closed.met_late) == (DeadlineStatus.MET, False)
    review = FilingReview.objects.get(document=document)
    assert (review.unit, review.received_on, review.on_time) == (tree.city, D(2025, 10, 9), True)

    exc = refused(
        services.filing_result_record, actor=legal, document=document, result="passed", on=D(2025, 10, 20)
    )
    assert message(exc) == "备案审查机关“云州市人民政府”在本平台办理备案审查，审查结果由其登记。"


def test_filing_late_and_a_typed_result(legal, county):
    document = f.published(legal, county, published_on=D(2025, 9, 5))
    services.filing_submit(actor=legal, document=document, on=D(2025, 10, 10))
    closed = services.document_deadlines(document).get(rule_key=rules.FILING)
    assert (closed.status, closed.met_late) == (DeadlineStatus.MET, True)
    services.filing_result_record(
        actor=legal, document=document, result=FilingResult.CORRECTION, on=D(2025, 10, 20)
    )
    document.refresh_from_db()
    assert (document.filing_result, document.filing_result_on) == ("correction", D(2025, 10, 20))


def test_filing_before_publication_is_refused(legal, county):
    document = f.reviewed(legal, county)
    before = stored(document)
    exc = refused(services.filing_submit, actor=legal, document=document, on=D(2025, 3, 20))
    assert message(exc) == "当前状态为“合法性审核”，不能报送备案。"
    assert stored(document) == before


# --- end of force ---------------------------------------------------------------------------------


def test_repeal_amend_and_expire(legal, county):
    repealed = f.published(legal, county)
    services.document_repeal(actor=legal, document=repealed, on=D(2025, 4, 1), reason="上位法已废止")
    repealed.refresh_from_db()
    assert (repealed.status, repealed.ended_on, repealed.ended_reason) == (
        S.REPEALED,
        D(2025, 4, 1),
        "上位法已废止",
    )
    assert not repealed.in_force
    assert services.document_deadline(repealed, rules.FILING) is None

    amended = f.published(legal, county)
    successor = f.draft(legal, county, title="清河县农贸市场管理办法（修订）")
    services.document_amend(
        actor=legal, document=amended, on=D(2025, 4, 2), reason="修订", replaced_by=successor
    )
    successor.refresh_from_db()
    assert successor.replaces_id == amended.pk
    assert NormativeDocument.objects.get(pk=amended.pk).status == S.AMENDED

    expired = f.published(legal, county)
    services.document_expire(actor=None, document=expired, on=D(2025, 4, 3), reason="有效期届满")
    assert NormativeDocument.objects.get(pk=expired.pk).status == S.EXPIRED
    event = AuditEvent.objects.filter(object_id=str(expired.pk), action="transition").latest("seq")
    assert event.actor is None and event.changes["status"] == ["published", "expired"]


def test_repeal_of_a_draft_is_refused(legal, county):
    document = f.draft(legal, county)
    before = stored(document)
    exc = refused(
        services.document_repeal, actor=legal, document=document, on=D(2025, 4, 1), reason="不再需要"
    )
    assert message(exc) == "当前状态为“起草”，不能执行“废止”。"
    assert stored(document) == before


# --- full-text index ------------------------------------------------------------------------------


def test_only_published_documents_are_indexed_and_their_status_follows(legal, county):
    from fazhi.fulltext import services as fulltext

    def found(query, **filters):
        page = fulltext.search(services.FULLTEXT_KIND, query, public_only=True, filters=filters, limit=10)
        return [hit.object_id for hit in page.hits]

    draft = f.reviewed(
        legal, county, title="清河县城区停车管理暂行办法", body="第一条 停车泊位实行统一编号管理。"
    )
    assert found("停车泊位") == []
    services.document_index(draft)  # even asked directly, an unpublished document is not indexed
    assert found("停车泊位") == []

    document = f.published(legal, county, title="清河县农贸市场管理办法", published_on=D(2025, 3, 14))
    assert found("食品安全主体责任") == [document.pk]
    assert found("农贸市场", status=["published", "filed"]) == [document.pk]

    services.document_repeal(actor=legal, document=document, on=D(2025, 4, 1), reason="上位法已废止")
    assert found("农贸市场", status=["published", "filed"]) == []
    assert found("农贸市场", status="repealed") == [document.pk]


def test_the_reviewed_text_cannot_change_before_deliberation(legal, county):
    document = f.reviewed(legal, county)
    before = stored(document)
    exc = refused(services.document_update, actor=legal, document=document, body="第一条 改过的正文。")
    assert message(exc) == "已作出合法性审核意见，正文不能再修改；如需修改，请退回修改后重新送审。"
    assert stored(document) == before
    services.document_update(actor=legal, document=document, interpretation="解读草稿")  # the rest may change


def test_the_number_follows_the_unit_template(legal, county, people):
    from fazhi.numbering.services import template_set

    template_set(
        actor=people.root_admin,
        unit=county,
        doc_type="normative_document",
        template="{unit_short}政规〔{year}〕{seq:03d}号",
    )
    document = f.published(legal, county, published_on=D(2025, 3, 14))
    assert document.document_number == "清河政规〔2025〕001号"
