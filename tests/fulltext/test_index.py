"""Writing the index: add, replace, remove, rebuild — all or nothing."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from fazhi.fulltext import services
from fazhi.fulltext.models import IndexEntry
from tests.fulltext.conftest import find
from tests.fulltext.corpus import KIND, object_id


def test_index_replace_and_remove(tree):
    oid = uuid.uuid4()
    entry = services.index(
        kind=KIND,
        obj_id=oid,
        unit=tree.justice,
        title="清河县司法局关于行政复议听证的规定",
        body="行政复议机构审理重大、疑难、复杂的行政复议案件，应当组织听证。",
        filters={"organ": "qh-sfj", "status": "现行有效"},
        public=True,
        date=datetime.date(2024, 5, 1),
    )
    assert (entry.year, entry.organ, entry.is_public) == (2024, "qh-sfj", True)
    assert entry.title_tokens.startswith(" ") and entry.title_tokens.endswith(" ")
    assert [h.object_id for h in services.search(KIND, "听证").hits] == [oid]

    services.index(
        kind=KIND,
        obj_id=oid,
        unit=tree.justice,
        title="清河县司法局关于行政调解的规定",
        body="调解应当自愿。",
    )
    assert IndexEntry.objects.filter(kind=KIND, object_id=oid).count() == 1
    assert services.search(KIND, "听证").total == 0
    assert [h.object_id for h in services.search(KIND, "调解").hits] == [oid]

    assert services.remove(kind=KIND, obj_id=oid) is True
    assert services.search(KIND, "调解").total == 0
    assert services.remove(kind=KIND, obj_id=oid) is False


def test_a_title_is_required_and_nothing_is_written(tree):
    with pytest.raises(ValidationError, match="标题为空"):
        services.index(kind=KIND, obj_id=uuid.uuid4(), unit=tree.county, title="  ", body="正文")
    assert IndexEntry.objects.count() == 0


def test_unknown_index_fields_are_refused(tree):
    with pytest.raises(ValueError, match="未知的索引筛选字段"):
        services.index(kind=KIND, obj_id=uuid.uuid4(), unit=tree.county, title="标题", filters={"colour": 1})


def test_reindex_replaces_the_kind(corpus, tree):
    other = services.index(kind="test.other", obj_id=uuid.uuid4(), unit=tree.county, title="行政复议")
    count = services.reindex(
        kind=KIND,
        documents=[
            services.Document(obj_id=object_id("d11"), unit=tree.county, title="关于加强行政复议工作的意见")
        ],
    )
    assert count == 1
    assert find("行政复议") == ["d11"]
    assert find("执法") == []
    assert IndexEntry.objects.filter(pk=other.pk).exists()


def test_a_failed_reindex_leaves_the_index_as_it_was(corpus, tree):
    before = list(IndexEntry.objects.order_by("pk").values_list("pk", "title_tokens"))
    duplicate = services.Document(obj_id=object_id("d01"), unit=tree.county, title="重复")
    with pytest.raises(ValidationError, match="出现了两次"):
        services.reindex(kind=KIND, documents=[duplicate, duplicate])
    assert list(IndexEntry.objects.order_by("pk").values_list("pk", "title_tokens")) == before
    assert find("行政复议") == ["d11", "d29", "d12"]


def test_bodies_are_cut_at_the_same_length_on_every_database(tree, monkeypatch):
    monkeypatch.setattr(services, "MAX_BODY_CHARS", 20)
    services.index(
        kind=KIND, obj_id=uuid.uuid4(), unit=tree.county, title="标题", body="开头" * 10 + "结尾的词语"
    )
    assert services.search(KIND, "开头").total == 1
    assert services.search(KIND, "词语").total == 0


def test_restrict_follows_the_unit_of_the_entry(corpus):
    from fazhi.core.choices import Role
    from tests.factories import make_user

    clerk = make_user("ft_clerk", corpus.dept_a, Role.CLERK)
    visible = set(IndexEntry.objects.restrict(clerk).values_list("unit__code", flat=True))
    assert visible == {"qh-scj", "qh-scj-cg"}
