from __future__ import annotations

import pytest

from fazhi.fulltext import services
from tests.fulltext.corpus import CORPUS, KEY_BY_ID, KIND, object_id


@pytest.fixture
def corpus(tree):
    """The 30 documents indexed under KIND, each in its unit of the ``tree`` fixture."""
    documents = [
        services.Document(
            obj_id=object_id(key),
            unit=getattr(tree, unit),
            title=title,
            body=body,
            filters={"organ": organ, "status": status},
            public=public,
            date=date,
        )
        for key, unit, organ, title, body, date, status, public in CORPUS
    ]
    assert services.reindex(kind=KIND, documents=documents) == len(CORPUS)
    return tree


def keys(page) -> list[str]:
    return [KEY_BY_ID[hit.object_id] for hit in page.hits]


def find(query: str, **kwargs) -> list[str]:
    return keys(services.search(KIND, query, limit=100, **kwargs))
