"""Search over the fixture corpus. CI runs this file on SQLite and on PostgreSQL: the exact lists
below are the proof that both give the same results in the same order (ADR 0006)."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.fulltext import services
from fazhi.fulltext.models import IndexEntry
from tests.fulltext.conftest import find, keys
from tests.fulltext.corpus import KIND

#: query → the exact keys found, in rank order (title holds all / some / none of the words, then date
#: newest first, then object id)
EXPECTED = {
    # a phrase from the middle of a body finds its document
    '"提请审议前将送审稿"': ["d02"],
    # title matches first (by date), then body-only matches (by date, undated last)
    "行政复议": ["d11", "d29", "d12"],
    "执法": ["d07", "d21", "d08", "d15", "d06", "d04", "d30"],
    "规范性文件": ["d23", "d03", "d16", "d01", "d27", "d02", "d18", "d12", "d25", "d13", "d30"],
    # traditional characters in the query, in the document, or both
    "規範性文件": ["d23", "d03", "d16", "d01", "d27", "d02", "d18", "d12", "d25", "d13", "d30"],
    "备案审查": ["d18"],
    "備案審查": ["d18"],
    # full-width and half-width, any case
    "ＰＰＰ": ["d19"],
    "ppp": ["d19"],
    "PpP项目": ["d19"],
    # words are ANDed, anywhere in title or body
    "清理 废止": ["d23", "d03"],
    "2024年": ["d03", "d17"],
    # a phrase must occur as written (punctuation in between does not count)
    '"审核程序"': ["d28"],
    '"合法性审核机制"': ["d02", "d30"],
    "“合法性审核机制”": ["d02", "d30"],
    '"推行双随机一公开"': ["d04"],
    '"推行双随机一公开监管"': ["d04"],
    # a long compound word of the document (社会稳定风险评估 is not here, 风险评估 is)
    "风险评估": ["d10"],
    "公开": ["d04", "d13", "d20", "d26", "d09", "d10", "d08"],
    "检查": ["d26", "d20", "d28", "d07", "d19", "d04"],
    # search syntax is text: nothing is negated, ORed, prefixed or column-filtered
    'NEAR OR "*" -AND:': ["d22"],
    "复议 -行政": ["d11", "d29", "d12"],
    "行政复议 OR 执法": [],
    "title:行政复议": [],
    "'; DROP TABLE fulltext_entry; --": [],
    # a trailing * is not a prefix operator: the same as 规范
    "规范*": [
        "d23",
        "d03",
        "d16",
        "d01",
        "d07",
        "d27",
        "d02",
        "d29",
        "d18",
        "d20",
        "d12",
        "d28",
        "d25",
        "d05",
        "d13",
        "d30",
    ],
    "规范": [
        "d23",
        "d03",
        "d16",
        "d01",
        "d07",
        "d27",
        "d02",
        "d29",
        "d18",
        "d20",
        "d12",
        "d28",
        "d25",
        "d05",
        "d13",
        "d30",
    ],
}


@pytest.mark.parametrize("query", list(EXPECTED))
def test_exact_results(corpus, query):
    assert find(query) == EXPECTED[query]


def test_title_matches_rank_before_body_only_matches(corpus):
    page = services.search(KIND, "行政复议")
    assert [hit.score for hit in page.hits] == [2, 2, 0]
    assert page.total == 3


def test_the_user_dictionary_makes_a_legal_term_precise(corpus):
    # d28 holds 审核 and 合法性, but not the term 合法性审核
    assert find("合法性审核") == ["d02", "d16", "d01", "d25", "d30"]
    assert find("合法性 审核") == ["d28", "d02", "d16", "d01", "d25", "d30"]
    assert find("双随机一公开") == ["d04"]


def test_filters(corpus):
    assert find("管理", filters={"organ": "qh-scj"}) == ["d14", "d26", "d22", "d04", "d05", "d06"]
    assert find("管理", filters={"year": 2023}) == ["d12", "d26", "d16", "d01", "d06"]
    assert find("管理", filters={"status": ["已修改", "已废止"]}) == ["d05"]
    assert find("管理", filters={"organ": "qh-scj", "year": [2020, 2021]}) == ["d04", "d05"]
    assert find("管理", filters={"organ": []}) == []
    assert find("管理", filters={"status": None}) == find("管理")


def test_an_unknown_filter_is_a_programming_error(corpus):
    with pytest.raises(ValueError, match="未知的检索筛选条件"):
        services.search(KIND, "管理", filters={"colour": "red"})


def test_restricted_to_a_unit_subtree(corpus):
    tree = corpus
    assert find("管理", within=tree.dept_a) == ["d14", "d26", "d22", "d04", "d05", "d06"]
    assert find("管理", within=tree.dept_a_child) == ["d06"]
    assert find("管理", within=[tree.dept_a_child, tree.town]) == ["d09", "d06", "d24"]
    assert find("管理", within=tree.dept_a.path) == find("管理", within=tree.dept_a)
    assert find("行政规范性文件", within=tree.other_county) == ["d16"]
    assert "d16" not in find("行政规范性文件", within=tree.county)
    # no unit at all is nothing, never everything
    assert find("管理", within=[]) == []


def test_public_only(corpus):
    assert find("管理", public_only=True) == [
        "d14",
        "d12",
        "d26",
        "d16",
        "d01",
        "d04",
        "d09",
        "d21",
        "d05",
        "d15",
    ]
    assert set(find("管理")) - set(find("管理", public_only=True)) == {"d22", "d06", "d24"}


def test_pages(corpus):
    everything = find("执法")
    page = services.search(KIND, "执法", limit=3, offset=3)
    assert keys(page) == everything[3:6]
    assert page.total == 7
    beyond = services.search(KIND, "执法", limit=3, offset=30)
    assert (beyond.total, beyond.hits) == (7, [])
    assert services.search(KIND, "没有这个词语", offset=0).total == 0


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (101, 0), (10, -1)])
def test_page_bounds_are_refused(corpus, limit, offset):
    with pytest.raises(ValidationError):
        services.search(KIND, "执法", limit=limit, offset=offset)


@pytest.mark.parametrize("query", ["", "，。！", "   ", "*"])
def test_an_empty_query_is_a_clear_refusal(corpus, query):
    with pytest.raises(ValidationError, match="请输入检索词"):
        services.search(KIND, query)


def test_a_very_long_query_is_truncated(corpus):
    page = services.search(KIND, "行政复议" + "，" * 500 + "执法")
    assert page.truncated is True
    assert keys(page) == EXPECTED["行政复议"]


def test_snippets_mark_the_words_as_written_and_escape_the_rest(corpus, tree):
    hit = services.search(KIND, "备案 审查").hits[0]
    assert hit.title == "淸河縣人民政府關於加強行政規範性文件備案審查工作的通知"
    assert hit.snippet == (
        "各鄉鎮人民政府、縣政府各部門：行政規範性文件應當自公布之日起30日內報送<mark>備案</mark>。對報送<mark>備案</mark>的文件，"
        "司法行政部門應當進行<mark>審查</mark>。"
    )
    assert services.search(KIND, "ｐｐｐ").hits[0].snippet.startswith("<mark>ＰＰＰ</mark>项目实施单位")
    phrase = services.search(KIND, '"提请审议前将送审稿"').hits[0].snippet
    assert "<mark>提请审议前将送审稿</mark>" in phrase
    services.index(
        kind=KIND,
        obj_id=uuid.uuid4(),
        unit=tree.county,
        title="关于防范跨站脚本的通知",
        body='<script>alert("x")</script>页面不得执行脚本 & 其他内容',
    )
    snippet = services.search(KIND, "跨站脚本").hits[0].snippet
    assert (
        snippet
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;页面不得执行<mark>脚本</mark> &amp; 其他内容"
    )


def test_a_title_only_match_shows_the_start_of_the_body(corpus):
    hit = services.search(KIND, "营商环境").hits[0]
    assert hit.snippet.startswith("推行“一网通办”")
    assert "<mark>" not in hit.snippet


def test_kinds_are_separate(corpus, tree):
    services.index(kind="test.other", obj_id=uuid.uuid4(), unit=tree.county, title="行政复议")
    assert find("行政复议") == EXPECTED["行政复议"]
    assert services.search("test.other", "行政复议").total == 1


def test_the_native_index_is_in_sync(corpus):
    """The FTS5 table (SQLite) or the tsvector column (PostgreSQL) holds every entry."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO fulltext_fts(fulltext_fts, rank) VALUES ('integrity-check', 1)")
            cursor.execute("SELECT count(*) FROM fulltext_fts")
        else:
            cursor.execute("SELECT count(*) FROM fulltext_entry WHERE search_vector IS NOT NULL")
        assert cursor.fetchone()[0] == IndexEntry.objects.count() == 30


def test_a_long_body_shows_the_window_around_the_matches(tree):
    body = "前言部分。" * 40 + "本条规定行政复议机关应当依法审理。" + "结尾部分。" * 40
    services.index(kind=KIND, obj_id=uuid.uuid4(), unit=tree.county, title="长文件", body=body)
    snippet = services.search(KIND, '"行政复议机关"').hits[0].snippet
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "本条规定<mark>行政复议机关</mark>应当依法审理。" in snippet
    assert len(snippet) < 160


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"public_only": True},
        {"filters": {"organ": ["qh-scj", "qh-gaj"]}},
        {"filters": {"year": [2022, 2023], "status": "现行有效"}},
    ],
)
def test_the_sqlite_index_path_and_the_general_path_agree(corpus, kwargs):
    """SQLite answers queries without phrases from FTS5 alone; the statement PostgreSQL runs (which
    SQLite uses for phrases) must give the same pages. On PostgreSQL both calls take that statement."""
    from fazhi.fulltext import backends
    from fazhi.fulltext.query import parse

    criteria = backends.Criteria(
        kind=KIND,
        prefixes=None,
        public_only=kwargs.get("public_only", False),
        filters=services._filters(kwargs.get("filters")),
    )
    for query in [q for q in EXPECTED if '"' not in q and "“" not in q] + ["管理", "行政 规范"]:
        parsed = parse(query)
        for limit, offset in [(100, 0), (2, 1), (3, 5)]:
            assert backends.run(parsed, criteria, limit=limit, offset=offset) == backends._general(
                parsed, criteria, limit=limit, offset=offset
            ), (query, limit, offset)


def test_a_unit_restriction_of_many_units_takes_the_general_path(corpus, monkeypatch):
    from fazhi.fulltext import backends

    expected = find("管理", within=corpus.county)
    monkeypatch.setattr(backends, "MAX_UNIT_TOKENS", 2)
    assert find("管理", within=corpus.county) == expected
    assert expected == ["d14", "d12", "d26", "d01", "d22", "d04", "d09", "d21", "d05", "d15", "d06", "d24"]


def test_a_search_leaves_the_callers_transaction_settings_alone(corpus):
    if connection.vendor != "postgresql":
        pytest.skip("the planner setting exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        before = cursor.fetchone()[0]
        assert find("管理") != []
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone()[0] == before
