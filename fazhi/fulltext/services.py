"""The search engine's API: ``index``, ``remove``, ``reindex`` and ``search`` (docs/fulltext.md).

A module indexes its records from its own services, inside their transaction, so the index changes
exactly when the record does. The index is derived data and is not audited itself: the write that
caused it is (the owning service's audit event), and ``reindex`` rebuilds it from the records at any time.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.safestring import SafeString

from fazhi.core.models import OrgUnit
from fazhi.fulltext import backends
from fazhi.fulltext.meta import meta_token, sort_key
from fazhi.fulltext.models import IndexEntry
from fazhi.fulltext.query import ParsedQuery, parse
from fazhi.fulltext.snippets import snippet
from fazhi.fulltext.tokenize import index_tokens, normalize, squash

#: a body is indexed up to this many characters (the same cut on both databases; a tsvector is ≤ 1 MB)
MAX_BODY_CHARS = 200_000
MAX_LIMIT = 100
#: filter name → index column (the same names in ``index(filters=…)`` and ``search(filters=…)``)
FILTERS = {"organ": "organ", "organ_name": "organ_name", "year": "year", "status": "status"}


@dataclass(frozen=True)
class Document:
    """One object to index (what ``reindex`` takes; ``index`` takes the same fields as keywords)."""

    obj_id: uuid.UUID
    unit: OrgUnit | uuid.UUID
    title: str
    body: str = ""
    filters: dict = field(default_factory=dict)
    public: bool = False
    date: datetime.date | None = None


@dataclass(frozen=True)
class Hit:
    object_id: uuid.UUID
    title: str
    #: 2 = the title holds every word of the query, 1 = some, 0 = found in the body only
    score: int
    #: escaped body window with ``<mark>`` around the matched words
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]
    query: ParsedQuery
    limit: int
    offset: int

    @property
    def truncated(self) -> bool:
        """The query was longer than the engine reads; the page should say so."""
        return self.query.truncated


def _meta(kind: str, entry: IndexEntry) -> str:
    tokens = [
        meta_token("kind", kind),
        meta_token("public", entry.is_public),
        meta_token("unit", entry.unit_id),
    ]
    for name in FILTERS:
        value = getattr(entry, name)
        if value not in (None, ""):
            tokens.append(meta_token(name, value))
    return " ".join(tokens)


def _free_key(key: int, taken) -> int:
    """The rank key, moved down past keys already used (two objects on one date whose ids share
    their first 32 bits: practically never, but a primary key must not collide)."""
    while key in taken:
        key -= 1
    return key


def _entry(kind: str, doc: Document) -> IndexEntry:
    if not kind or len(kind) > 60:
        raise ValueError(f"无效的索引类型 {kind!r}")
    title = (doc.title or "").strip()
    if not title:
        raise ValidationError("标题为空的对象不能编入全文索引。", code="fulltext_no_title")
    unknown = set(doc.filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"未知的索引筛选字段：{', '.join(sorted(unknown))}")
    body = (doc.body or "")[:MAX_BODY_CHARS]
    title_n, body_n = normalize(title[:500]), normalize(body)
    year = doc.filters.get("year")
    entry = IndexEntry(
        id=sort_key(doc.date, doc.obj_id),
        kind=kind,
        object_id=doc.obj_id,
        unit_id=doc.unit.pk if isinstance(doc.unit, OrgUnit) else doc.unit,
        is_public=bool(doc.public),
        organ=doc.filters.get("organ") or "",
        organ_name=doc.filters.get("organ_name") or "",
        year=year if year is not None else (doc.date.year if doc.date else None),
        status=doc.filters.get("status") or "",
        date=doc.date,
        title=title[:500],
        title_tokens=" " + " ".join(index_tokens(title_n, normalized=True)) + " ",
        title_norm=squash(title_n, normalized=True),
        body=body,
        body_tokens=" ".join(index_tokens(body_n, normalized=True)),
        body_norm=squash(body_n, normalized=True),
    )
    entry.meta_tokens = _meta(kind, entry)
    return entry


@transaction.atomic
def index(
    *,
    kind: str,
    obj_id: uuid.UUID,
    unit: OrgUnit | uuid.UUID,
    title: str,
    body: str = "",
    filters: dict | None = None,
    public: bool = False,
    date: datetime.date | None = None,
) -> IndexEntry:
    """Add or replace the entry of one object."""
    entry = _entry(kind, Document(obj_id, unit, title, body, filters or {}, public, date))
    IndexEntry.objects.filter(kind=kind, object_id=obj_id).delete()
    while IndexEntry.objects.filter(id=entry.id).exists():
        entry.id -= 1  # see _free_key
    entry.save(force_insert=True)
    return entry


@transaction.atomic
def remove(*, kind: str, obj_id: uuid.UUID) -> bool:
    """Drop an object from the index (it no longer exists, or must no longer be found)."""
    deleted, _ = IndexEntry.objects.filter(kind=kind, object_id=obj_id).delete()
    return bool(deleted)


@transaction.atomic
def reindex(*, kind: str, documents: Iterable[Document], batch_size: int = 1000) -> int:
    """Replace every entry of ``kind`` by ``documents``, in batches; all or nothing."""
    IndexEntry.objects.filter(kind=kind).delete()
    taken = set(IndexEntry.objects.values_list("id", flat=True))
    seen: set[uuid.UUID] = set()
    batch: list[IndexEntry] = []
    count = 0
    for doc in documents:
        if doc.obj_id in seen:
            raise ValidationError(
                f"对象 {doc.obj_id} 在重建索引的数据中出现了两次。", code="fulltext_duplicate"
            )
        seen.add(doc.obj_id)
        entry = _entry(kind, doc)
        entry.id = _free_key(entry.id, taken)
        taken.add(entry.id)
        batch.append(entry)
        if len(batch) >= batch_size:
            IndexEntry.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        IndexEntry.objects.bulk_create(batch)
        count += len(batch)
    return count


def _prefixes(within) -> list[str] | None:
    if within is None:
        return None
    items = [within] if isinstance(within, OrgUnit | str) else list(within)
    return [item.path if isinstance(item, OrgUnit) else str(item) for item in items]


def _filters(filters: dict | None) -> dict[str, list]:
    out: dict[str, list] = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS:
            raise ValueError(f"未知的检索筛选条件：{name}")
        if value is None or value == "":
            continue
        values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
        out[FILTERS[name]] = sorted(values, key=str)
    return out


def search(
    kind: str,
    query: str,
    *,
    within=None,
    public_only: bool = False,
    filters: dict | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Documents of ``kind`` holding every word of ``query`` (and every quoted phrase as written).

    ``within``: a unit, a unit path, or several of either (a user's scope prefixes) — only entries of
    those subtrees; an empty list finds nothing. ``None`` means no restriction (public pages pass
    ``public_only=True`` instead). ``filters``: organ, organ_name, year, status; a list means any of.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"每页条数应在 1 到 {MAX_LIMIT} 之间。", code="fulltext_limit")
    if offset < 0:
        raise ValidationError("起始位置不能为负数。", code="fulltext_offset")
    parsed = parse(query)
    prefixes = _prefixes(within)
    columns = _filters(filters)
    if (prefixes is not None and not prefixes) or any(not v for v in columns.values()):
        return SearchPage(0, [], parsed, limit, offset)
    criteria = backends.Criteria(kind=kind, prefixes=prefixes, public_only=public_only, filters=columns)
    total, rows = backends.run(parsed, criteria, limit=limit, offset=offset)
    bodies = dict(IndexEntry.objects.filter(pk__in=[r.id for r in rows]).values_list("pk", "body"))
    needles = [
        *parsed.terms,
        *(p.text for p in parsed.phrases),
        *(t for p in parsed.phrases for t in p.tokens),
    ]
    hits = [Hit(r.object_id, r.title, r.tier, snippet(bodies.get(r.id, ""), needles)) for r in rows]
    return SearchPage(total, hits, parsed, limit, offset)
