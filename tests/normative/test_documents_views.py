"""Staff pages of the document register: list and filters, registration, the document's page, each step's
form (the 37号 refusal on the page and on submission, nothing changed), comments and clause conclusions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.normative import services
from fazhi.normative.choices import ClauseCategory, DocumentStatus
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from tests.normative import factories as f

D = datetime.date
S = DocumentStatus


def stored(document) -> dict:
    return NormativeDocument.objects.filter(pk=document.pk).values().get()


@pytest.fixture
def legal_client(people, login):
    return login(people.legal)


def test_list_shows_documents_in_scope_with_filters(people, tree, login):
    mine = f.published(people.legal, tree.county, title="清河县农贸市场管理办法")
    other = f.draft(people.admin_other, tree.other_county, title="白石县城市绿化管理办法")
    draft = f.draft(
        people.legal,
        tree.dept_a,
        title="清河县市场监督管理局行政检查办法",
        kind="department",
        body="第一条 为规范行政检查行为，制定本办法。",
    )
    client = login(people.legal)

    body = client.get(reverse("normative:list")).content.decode()
    assert str(mine.pk) in body and str(draft.pk) in body
    assert str(other.pk) not in body
    assert "现行有效" in body and "起草（未公布）" in body

    body = client.get(reverse("normative:list"), {"status": "drafting"}).content.decode()
    assert str(draft.pk) in body and str(mine.pk) not in body
    body = client.get(reverse("normative:list"), {"kind": "department"}).content.decode()
    assert str(draft.pk) in body and str(mine.pk) not in body
    body = client.get(reverse("normative:list"), {"q": "农贸市场"}).content.decode()
    assert str(mine.pk) in body and str(draft.pk) not in body
    body = client.get(
        reverse("normative:list"), {"q": "食品安全主体责任"}
    ).content.decode()  # a phrase of the body
    assert str(mine.pk) in body and str(draft.pk) not in body
    body = client.get(reverse("normative:list"), {"year": mine.published_on.year}).content.decode()
    assert str(mine.pk) in body
    body = client.get(reverse("normative:list"), {"unit": tree.dept_a.pk}).content.decode()
    assert str(draft.pk) in body and str(mine.pk) not in body


def test_list_query_count_does_not_grow_with_rows(people, tree, login, django_assert_max_num_queries):
    for _ in range(3):
        f.in_review(people.legal, tree.county)
    client = login(people.legal)
    client.get(reverse("normative:list"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(20) as first:
        client.get(reverse("normative:list"))
    for _ in range(5):
        f.in_review(people.legal, tree.county)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("normative:list"))


def test_register_through_the_form(people, tree, legal_client):
    response = legal_client.post(
        reverse("normative:create"),
        {
            "unit": tree.county.pk,
            "title": "清河县城区停车管理暂行办法",
            "kind": "government",
            "drafting_unit": tree.dept_b.pk,
            "drafted_on": "2025-03-03",
            "body": "第一条 为规范城区停车秩序，制定本办法。",
        },
    )
    document = NormativeDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "normative:detail", args=[document.pk]
    )
    assert (document.title, document.drafting_unit_name, document.status) == (
        "清河县城区停车管理暂行办法",
        "清河县公安局",
        S.DRAFTING,
    )


def test_register_form_refuses_a_unit_out_of_scope(people, tree, login):
    client = login(people.clerk_a)
    response = client.post(
        reverse("normative:create"), {"unit": tree.dept_b.pk, "title": "某办法", "kind": "department"}
    )
    assert response.status_code == 200
    assert "所选单位不存在或不在您的管理范围内。" in response.content.decode()
    assert NormativeDocument.objects.count() == 0


def test_detail_shows_steps_flags_highlighted_and_events(people, tree, legal_client):
    document = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    body = legal_client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert 'data-step="deliberate"' in body and 'data-refused="1"' in body
    assert 'data-step="review"' in body
    assert 'data-category="fee"' in body and 'data-category="penalty"' in body
    assert "<mark data-flag=" in body
    assert "2 条未作结论" in body
    assert "合法性审核：" in body  # the next deadline
    assert "登记行政规范性文件草案" in body  # the audit trail


def test_edit_after_publication_offers_only_the_interpretation(people, tree, legal_client):
    document = f.published(people.legal, tree.county)
    page = legal_client.get(reverse("normative:edit", args=[document.pk])).content.decode()
    assert 'name="interpretation"' in page and 'name="body"' not in page
    legal_client.post(
        reverse("normative:edit", args=[document.pk]), {"interpretation": "解读：明确了收费标准。"}
    )
    assert NormativeDocument.objects.get(pk=document.pk).interpretation == "解读：明确了收费标准。"


# --- the 37号 gate through the pages ----------------------------------------------------------------


def test_deliberation_page_of_an_unreviewed_draft_says_why_and_refuses(people, tree, legal_client):
    document = f.in_review(people.legal, tree.county)
    url = reverse("normative:step-deliberate", args=[document.pk])
    page = legal_client.get(url).content.decode()
    assert "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕37号）。" in page
    before = stored(document)
    response = legal_client.post(url, {})
    assert response.status_code == 200
    assert "本文件的合法性审核尚未作出审核意见。" in response.content.decode()
    assert stored(document) == before


def test_the_steps_through_the_pages_to_publication_and_filing(people, tree, legal_client):
    today = timezone.localdate()
    document = f.draft(people.legal, tree.county, drafted_on=today - datetime.timedelta(days=10))

    def step(slug, data):
        response = legal_client.post(reverse(f"normative:step-{slug}", args=[document.pk]), data)
        assert response.status_code == 302, response.content.decode()
        document.refresh_from_db()

    step("submit-review", {"on": today.isoformat(), "reviewer": people.legal.pk})
    assert document.status == S.REVIEWING
    step("review", {"opinion": "lawful", "on": today.isoformat()})
    step("deliberate", {})
    assert document.status == S.DELIBERATING
    step("deliberation", {"meeting": "县政府第3次常务会议", "on": today.isoformat()})
    step("publish", {"signed_on": today.isoformat(), "published_on": today.isoformat()})
    assert document.status == S.PUBLISHED
    assert document.document_number == f"清河规〔{today.year}〕1号"
    step("file", {"on": today.isoformat(), "filing_organ": tree.city.pk})
    assert document.status == S.FILED
    page = legal_client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert "现行有效" in page and "审查中" in page


def test_publish_page_refused_without_permission_to_approve(people, tree, login):
    from fazhi.core.choices import Role
    from tests.factories import make_user

    document = f.deliberated(people.legal, tree.county)
    clerk = make_user("county_clerk", tree.county, Role.CLERK)
    client = login(clerk)
    page = client.get(reverse("normative:step-publish", args=[document.pk])).content.decode()
    assert "您没有办理该文件这一步骤的权限。" in page
    before = stored(document)
    client.post(
        reverse("normative:step-publish", args=[document.pk]),
        {"signed_on": "2025-03-14", "published_on": "2025-03-14"},
    )
    assert stored(document) == before


def test_out_of_scope_step_is_404_and_changes_nothing(people, tree, login):
    document = f.reviewed(people.legal, tree.county)
    client = login(people.admin_other)
    before = stored(document)
    assert client.post(reverse("normative:step-deliberate", args=[document.pk]), {}).status_code == 404
    assert stored(document) == before


# --- comments and clause conclusions ----------------------------------------------------------------


def test_comments_are_added_answered_and_listed(people, tree, legal_client):
    today = timezone.localdate()
    document = f.draft(people.legal, tree.county, drafted_on=today - datetime.timedelta(days=5))
    services.comments_open(actor=people.legal, document=document, on=today)
    response = legal_client.post(
        reverse("normative:comment-add", args=[document.pk]),
        {"received_on": today.isoformat(), "commenter": "王五", "content": "建议降低收费标准。"},
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get()
    legal_client.post(
        reverse("normative:comment-respond", args=[comment.pk]),
        {"adoption": "not_adopted", "response": "收费标准已由价格主管部门核定。"},
    )
    page = legal_client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert "建议降低收费标准。" in page and "未采纳" in page and "收费标准已由价格主管部门核定。" in page


def test_clause_conclusion_through_its_page(people, tree, legal_client):
    document = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    flag = ClauseFlag.objects.get(document=document, category=ClauseCategory.PENALTY)
    url = reverse("normative:clause-conclude", args=[flag.pk])
    response = legal_client.post(url, {"conclusion": "delete", "note": ""})
    assert "结论为“应删除”时请写明说明" in response.content.decode()
    assert ClauseFlag.objects.get(pk=flag.pk).conclusion == ""
    response = legal_client.post(url, {"conclusion": "delete", "note": "规范性文件不得设定罚款"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.conclusion, flag.concluded_by) == ("delete", people.legal)


def test_upload_page_takes_the_text_from_a_docx(people, tree, legal_client):
    import io

    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = f.draft(people.legal, tree.county, body="")
    doc = docx.Document()
    doc.add_paragraph("第一条 为规范城区停车秩序，制定本办法。")
    out = io.BytesIO()
    doc.save(out)
    upload = SimpleUploadedFile("停车管理办法.docx", out.getvalue())
    response = legal_client.post(reverse("normative:upload", args=[document.pk]), {"upload": upload})
    assert response.status_code == 302
    assert NormativeDocument.objects.get(pk=document.pk).body == "第一条 为规范城区停车秩序，制定本办法。"
    page = legal_client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert "停车管理办法.docx" in page  # the attachments panel


def test_upload_page_of_a_published_document_refuses(people, tree, legal_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = f.published(people.legal, tree.county)
    page = legal_client.get(reverse("normative:upload", args=[document.pk])).content.decode()
    assert "文件已公布，不能替换正文" in page
    before = stored(document)
    upload = SimpleUploadedFile("x.docx", b"PK\x03\x04broken")
    legal_client.post(reverse("normative:upload", args=[document.pk]), {"upload": upload})
    assert stored(document) == before


def test_typed_filing_result_for_an_organ_off_the_platform(people, tree, legal_client):
    document = f.published(people.legal, tree.county, published_on=D(2025, 3, 17))
    services.filing_submit(actor=people.legal, document=document, on=D(2025, 4, 1))
    page = legal_client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert 'data-step="filing-result"' in page
    response = legal_client.post(
        reverse("normative:step-filing-result", args=[document.pk]), {"result": "passed", "on": "2025-04-20"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.filing_result, document.filing_result_on) == ("passed", D(2025, 4, 20))


def test_export_of_the_filtered_list(people, tree, legal_client):
    import io

    import openpyxl

    published = f.published(people.legal, tree.county, title="清河县农贸市场管理办法")
    f.draft(people.legal, tree.county, title="清河县城区停车管理暂行办法")
    response = legal_client.get(reverse("normative:list"), {"export": "xlsx", "status": "published"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    titles = [row[0] for row in values]
    assert "清河县农贸市场管理办法" in titles and "清河县城区停车管理暂行办法" not in titles
    row = values[titles.index("清河县农贸市场管理办法")]
    assert published.document_number in row

    everything = legal_client.get(reverse("normative:list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(everything.streaming_content))).worksheets[0]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows()}
    assert rows["清河县城区停车管理暂行办法"][2] == "qh"  # drafts are exported too (all in scope)


def test_amend_through_its_page_links_the_new_text_and_the_api_refuses_an_unknown_one(
    people, tree, legal_client
):
    old = f.published(people.legal, tree.county, published_on=D(2025, 3, 17), title="清河县养犬管理规定")
    new = f.published(
        people.legal, tree.county, published_on=D(2025, 9, 1), title="清河县养犬管理规定（修订）"
    )
    page = legal_client.get(reverse("normative:step-amend", args=[old.pk])).content.decode()
    assert "修改后的文件" in page and "清河县养犬管理规定（修订）" in page
    response = legal_client.post(
        reverse("normative:step-amend", args=[old.pk]),
        {"on": "2025-09-01", "reason": "根据上位法修订", "replaced_by": new.pk},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.ended_on, new.replaces_id) == (DocumentStatus.AMENDED, D(2025, 9, 1), old.pk)

    other = f.published(people.legal, tree.county, published_on=D(2025, 3, 18))
    before = stored(other)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(people.legal)
    answer = api.post(
        f"/api/normative/documents/{other.pk}/amend/",
        {"on": "2025-09-01", "reason": "修订", "replaced_by": "00000000-0000-0000-0000-000000000000"},
        format="json",
    )
    assert answer.status_code == 400 and "修改后的文件不存在" in answer.json()["message"]
    assert stored(other) == before
