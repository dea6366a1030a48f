"""The public library: no login, full-text search in Chinese with title matches first, filters, status
badges and interpretations, a page per document — and never an unpublished document."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from fazhi.normative.choices import DocumentStatus
from fazhi.normative.importing import index_documents
from tests.normative import factories as f

D = datetime.date
pytestmark = pytest.mark.django_db

SUBSIDY_BODY = "第一条 为规范农业机械购置补贴资金管理，制定本办法。\n第二条 补贴资金实行专账核算。"


@pytest.fixture
def library(tree):
    in_body = f.document_row(
        tree.dept_a,
        title="清河县市场监督管理局关于规范农贸市场经营秩序的通知",
        body="第三条 农业机械购置补贴的申领不在本通知调整范围。",
        published_on=D(2023, 5, 4),
    )
    in_title = f.document_row(
        tree.county,
        title="清河县农业机械购置补贴资金管理办法",
        body=SUBSIDY_BODY,
        published_on=D(2021, 3, 1),
        interpretation="《办法》明确了补贴对象、标准和发放程序。",
    )
    repealed = f.document_row(
        tree.dept_b,
        title="清河县公安局关于农业机械购置补贴车辆登记的暂行规定",
        body="第一条 农机登记。",
        status=DocumentStatus.REPEALED,
        ended_on=D(2024, 6, 1),
        published_on=D(2019, 3, 1),
    )
    draft = f.document_row(
        tree.county,
        title="清河县农业机械购置补贴实施细则（征求意见稿）",
        status=DocumentStatus.REVIEWING,
        body=SUBSIDY_BODY,
    )
    index_documents([in_body, in_title, repealed, draft])
    return {"in_body": in_body, "in_title": in_title, "repealed": repealed, "draft": draft}


def _ids(response) -> list[str]:
    return [str(hit.document.pk) for hit in response.context["hits"]]


def test_search_finds_by_body_phrase_with_title_matches_first(client, library):
    response = client.get(reverse("normative_public:index"), {"q": "农业机械购置补贴"})
    assert response.status_code == 200
    ids = _ids(response)
    assert set(ids[:2]) == {str(library["in_title"].pk), str(library["repealed"].pk)}  # titles
    assert ids[2:] == [str(library["in_body"].pk)]  # body only
    assert str(library["draft"].pk) not in response.content.decode()
    body = response.content.decode()
    assert 'data-status="in_force"' in body and 'data-status="repealed"' in body
    assert "政策解读" in body


def test_body_phrase_search(client, library):
    response = client.get(reverse("normative_public:index"), {"q": "专账核算"})
    assert _ids(response) == [str(library["in_title"].pk)]


def test_filters_by_status_organ_and_year(client, library, tree):
    url = reverse("normative_public:index")
    assert _ids(client.get(url, {"q": "农业机械", "status": "repealed"})) == [str(library["repealed"].pk)]
    assert _ids(client.get(url, {"q": "农业机械", "organ": str(tree.dept_a.pk)})) == [
        str(library["in_body"].pk)
    ]
    assert _ids(client.get(url, {"q": "农业机械", "year": "2021"})) == [str(library["in_title"].pk)]
    # without a query: the published documents, newest first, filtered the same way
    assert _ids(client.get(url)) == [str(library[k].pk) for k in ("in_body", "in_title", "repealed")]
    assert _ids(client.get(url, {"status": "in_force"})) == [
        str(library[k].pk) for k in ("in_body", "in_title")
    ]


def test_unpublished_documents_never_appear(client, library):
    from fazhi.fulltext.services import index
    from fazhi.normative.importing import fulltext_document

    # even a draft wrongly indexed as public is not shown: the page reads documents again
    entry = fulltext_document(library["draft"])
    index(
        kind="normative.document",
        obj_id=entry.obj_id,
        unit=entry.unit,
        title=entry.title,
        body=entry.body,
        public=True,
    )
    response = client.get(reverse("normative_public:index"), {"q": "实施细则"})
    assert response.context["hits"] == []
    assert library["draft"].title not in response.content.decode()
    assert client.get(reverse("normative_public:document", args=[library["draft"].pk])).status_code == 404
    listing = client.get(reverse("normative_public:index"))
    assert library["draft"].title not in listing.content.decode()


def test_document_page_shows_full_text_badge_and_interpretation(client, library):
    response = client.get(reverse("normative_public:document", args=[library["in_title"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "补贴资金实行专账核算" in body and "现行有效" in body and "明确了补贴对象" in body
    repealed = client.get(
        reverse("normative_public:document", args=[library["repealed"].pk])
    ).content.decode()
    assert "已废止" in repealed


def test_no_login_needed(client, library):
    assert client.get(reverse("normative_public:index")).status_code == 200
    assert client.get(reverse("normative_public:cleanup-list")).status_code == 200
