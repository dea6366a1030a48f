"""The documents API: scoped list and read, register, the steps as actions (409 on a wrong state, 400 with
the Chinese sentence on a refusal — the 37号 gate included — nothing changed), comments and clause
conclusions.
"""

from __future__ import annotations

import datetime

from rest_framework.test import APIClient

from fazhi.normative import services
from fazhi.normative.choices import ClauseCategory, DocumentStatus
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from tests.normative import factories as f

D = datetime.date
S = DocumentStatus


BASE = "/api/normative/documents/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def stored(document) -> dict:
    return NormativeDocument.objects.filter(pk=document.pk).values().get()


def test_list_is_scoped_and_filtered(people, tree):
    mine = f.published(people.legal, tree.county, title="清河县农贸市场管理办法")
    draft = f.draft(people.legal, tree.county, title="清河县城区停车管理暂行办法", body="第一条 停车。")
    other = f.draft(people.admin_other, tree.other_county)
    rows = api(people.legal).get(BASE).json()["results"]
    ids = {row["id"] for row in rows}
    assert ids == {str(mine.pk), str(draft.pk)} and str(other.pk) not in ids
    row = next(r for r in rows if r["id"] == str(mine.pk))
    assert (row["status"], row["in_force"], row["document_number"]) == (
        "published",
        True,
        "清河规〔2025〕1号",
    )
    draft_row = next(r for r in rows if r["id"] == str(draft.pk))
    assert draft_row["in_force"] is False

    rows = api(people.legal).get(BASE, {"status": "drafting"}).json()["results"]
    assert [r["id"] for r in rows] == [str(draft.pk)]
    rows = api(people.legal).get(BASE, {"q": "食品安全"}).json()["results"]
    assert [r["id"] for r in rows] == [str(mine.pk)]
    bad = api(people.legal).get(BASE, {"status": "nope"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_detail_has_flags_comments_and_deadlines(people, tree):
    document = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    data = api(people.legal).get(f"{BASE}{document.pk}/").json()
    assert sorted(flag["category"] for flag in data["clause_flags"]) == ["fee", "penalty"]
    assert [d["rule_key"] for d in data["deadlines"]] == ["normative.review"]
    assert data["review_due_on"] == "2025-03-24"
    assert api(people.admin_other).get(f"{BASE}{document.pk}/").status_code == 404


def test_register(people, tree):
    response = api(people.legal).post(
        BASE,
        {"unit": str(tree.county.pk), "title": "清河县城区停车管理暂行办法", "kind": "government"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    document = NormativeDocument.objects.get()
    assert response.json()["id"] == str(document.pk) and document.status == S.DRAFTING


def test_register_out_of_scope_is_refused(people, tree):
    response = api(people.clerk_a).post(
        BASE, {"unit": str(tree.dept_b.pk), "title": "某办法", "kind": "department"}, format="json"
    )
    assert response.status_code == 400
    assert NormativeDocument.objects.count() == 0


def test_deliberation_of_an_unreviewed_draft_is_400_with_the_reason(people, tree):
    document = f.in_review(people.legal, tree.county)
    before = stored(document)
    response = api(people.legal).post(f"{BASE}{document.pk}/deliberate/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "refused"
    assert response.json()["message"] == (
        "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕37号）。本文件的合法性审核尚未作出审核意见。"
    )
    assert stored(document) == before


def test_a_step_the_state_does_not_allow_is_409(people, tree):
    document = f.draft(people.legal, tree.county)
    before = stored(document)
    response = api(people.legal).post(
        f"{BASE}{document.pk}/publish/",
        {"signed_on": "2025-03-14", "published_on": "2025-03-14"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["message"] == "当前状态为“起草”，不能签发并公布。"
    assert stored(document) == before


def test_a_service_refusal_is_400(people, tree):
    document = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    before = stored(document)
    response = api(people.legal).post(
        f"{BASE}{document.pk}/review/", {"opinion": "lawful", "on": "2025-03-05"}, format="json"
    )
    assert response.status_code == 400
    assert (
        response.json()["message"] == "尚有2条审核提示条款未作结论，请逐条作出结论后再出具“合法”的审核意见。"
    )
    assert stored(document) == before


def test_the_whole_procedure_through_the_api(people, tree):
    client = api(people.legal)
    document = f.draft(people.legal, tree.county, body=f.FLAGGED_BODY)
    url = f"{BASE}{document.pk}/"
    assert client.post(url + "open-comments/", {"on": "2025-01-06"}, format="json").status_code == 200
    r = client.post(
        url + "comments/", {"received_on": "2025-01-10", "content": "建议取消管理费。"}, format="json"
    )
    assert r.status_code == 201
    comment = PublicComment.objects.get()
    r = client.post(
        url + "comment-response/",
        {"comment": str(comment.pk), "adoption": "adopted", "response": "已删除管理费条款。"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["adoption"] == "adopted"
    assert client.post(url + "submit-review/", {"on": "2025-03-03"}, format="json").status_code == 200
    for flag in ClauseFlag.objects.filter(document=document):
        r = client.post(
            url + "clause-conclusion/",
            {"flag": str(flag.pk), "conclusion": "delete", "note": "无上位法依据"},
            format="json",
        )
        assert r.status_code == 200, r.json()
    r = client.post(
        url + "review/",
        {"opinion": "lawful_after_changes", "on": "2025-03-10", "note": "删除第四、五条。"},
        format="json",
    )
    assert r.status_code == 200, r.json()
    assert client.post(url + "deliberate/", {}, format="json").status_code == 200
    r = client.post(
        url + "deliberation/", {"meeting": "县政府第5次常务会议", "on": "2025-03-14"}, format="json"
    )
    assert r.status_code == 200
    r = client.post(
        url + "publish/", {"signed_on": "2025-03-17", "published_on": "2025-03-17"}, format="json"
    )
    assert r.status_code == 200, r.json()
    data = r.json()
    assert (data["status"], data["in_force"], data["document_number"], data["expires_on"]) == (
        "published",
        True,
        "清河规〔2025〕1号",
        "2030-03-16",
    )
    r = client.post(url + "file/", {"on": "2025-04-10", "filing_organ": str(tree.city.pk)}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "filed"


def test_filing_with_an_organ_that_is_not_above_is_refused(people, tree):
    document = f.published(people.legal, tree.county, published_on=D(2025, 3, 17))
    before = stored(document)
    r = api(people.legal).post(
        f"{BASE}{document.pk}/file/", {"on": "2025-04-10", "filing_organ": str(tree.dept_b.pk)}, format="json"
    )
    assert r.status_code == 400
    assert r.json()["message"].startswith("备案审查机关应为制定机关的上级机关")
    assert stored(document) == before


def test_clause_conclusion_for_a_flag_of_another_document_is_refused(people, tree):
    one = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    two = f.in_review(people.legal, tree.county, body=f.FLAGGED_BODY)
    flag = ClauseFlag.objects.get(document=two, category=ClauseCategory.FEE)
    r = api(people.legal).post(
        f"{BASE}{one.pk}/clause-conclusion/",
        {"flag": str(flag.pk), "conclusion": "not_applicable"},
        format="json",
    )
    assert r.status_code == 400
    assert ClauseFlag.objects.get(pk=flag.pk).conclusion == ""


def test_a_role_without_change_cannot_take_steps(people, tree):
    document = f.reviewed(people.legal, tree.county)
    before = stored(document)
    r = api(people.leader).post(f"{BASE}{document.pk}/deliberate/", {}, format="json")
    assert r.status_code in (403, 404)
    assert stored(document) == before
    assert services.deliberation_refusal(NormativeDocument.objects.get(pk=document.pk)) == ""
