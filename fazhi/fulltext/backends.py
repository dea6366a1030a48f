"""The queries per database. Both return the same rows in the same order (ADR 0006).

Membership: every required token in the title or body, every phrase a substring of the squashed title
or body, the filters, the unit subtree. Order: ``tier`` — 2 when the title holds every required
token, 1 when it holds some, 0 when none — then ``id`` descending (the rank key: date, newest first,
then object id; ``services.sort_key``). Native scores (bm25, ts_rank) differ between the engines, so
none enters the order.

SQLite answers a query without phrases from the FTS5 index alone: the filters are tokens of the
``meta_tokens`` column, the tiers are three MATCH expressions (title holds all / some-not-all / none
of the tokens) and the FTS5 rowid is the rank key, so each tier comes out of the index already in
order and only the page's rows are read from the table. Phrases, and unit subtrees of very many
units, take the general path: one SQL statement that reads each candidate row — the only path on
PostgreSQL, whose planner does that well from the GIN index.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from fazhi.core.models import OrgUnit
from fazhi.fulltext.meta import meta_token
from fazhi.fulltext.models import IndexEntry
from fazhi.fulltext.query import ParsedQuery
from fazhi.fulltext.schema import FTS

#: a unit restriction of more units than this is checked by path on SQLite instead of by tokens
MAX_UNIT_TOKENS = 300


@dataclass(frozen=True)
class Row:
    id: int
    object_id: object
    title: str
    tier: int


@dataclass(frozen=True)
class Criteria:
    kind: str
    prefixes: list[str] | None
    public_only: bool
    #: column → accepted values (any of)
    filters: dict[str, list]


def run(parsed: ParsedQuery, criteria: Criteria, *, limit: int, offset: int) -> tuple[int, list[Row]]:
    if connection.vendor == "sqlite":
        unit_ids = _unit_ids(criteria.prefixes)
        if not parsed.phrases and (unit_ids is None or len(unit_ids) <= MAX_UNIT_TOKENS):
            return _sqlite_tiers(parsed, criteria, unit_ids, limit=limit, offset=offset)
    return _general(parsed, criteria, limit=limit, offset=offset)


def _unit_ids(prefixes: list[str] | None) -> list | None:
    if prefixes is None:
        return None
    from django.db.models import Q

    condition = Q()
    for prefix in prefixes:
        condition |= Q(path__startswith=prefix)
    return list(OrgUnit.objects.filter(condition).values_list("id", flat=True)[: MAX_UNIT_TOKENS + 1])


# --- SQLite, from the index alone ---------------------------------------------------------------


def _q(token: str) -> str:
    return f'"{token}"'  # tokens hold letters and digits only (tokenize._clean, meta.meta_token)


def _any(tokens: list[str]) -> str:
    return "(" + " OR ".join(_q(t) for t in tokens) + ")"


def _all(tokens: list[str]) -> str:
    return "(" + " AND ".join(_q(t) for t in tokens) + ")"


def _meta_expression(criteria: Criteria, unit_ids: list | None) -> str:
    parts = [_q(meta_token("kind", criteria.kind))]
    if criteria.public_only:
        parts.append(_q(meta_token("public", True)))
    for column, values in criteria.filters.items():
        parts.append(_any([meta_token(column, v) for v in values]))
    if unit_ids is not None:
        parts.append(_any([meta_token("unit", u) for u in unit_ids]))
    return "meta_tokens : (" + " AND ".join(parts) + ")"


def _sqlite_tiers(parsed, criteria, unit_ids, *, limit: int, offset: int) -> tuple[int, list[Row]]:
    if unit_ids == []:
        return 0, []
    tokens = list(parsed.required)
    base = f"({{title_tokens body_tokens}} : {_all(tokens)}) AND ({_meta_expression(criteria, unit_ids)})"
    all_in_title = f"(title_tokens : {_all(tokens)})"
    any_in_title = f"(title_tokens : {_any(tokens)})"
    tiers = [(2, f"({base}) AND {all_in_title}")]
    if len(tokens) > 1:
        tiers.append((1, f"(({base}) AND {any_in_title}) NOT {all_in_title}"))
    tiers.append((0, f"({base}) NOT {any_in_title}"))

    total = 0
    picked: list[tuple[int, int]] = []  # (rowid, tier) in rank order
    with connection.cursor() as cursor:
        for tier, expression in tiers:
            cursor.execute("SELECT count(*) FROM fulltext_fts WHERE fulltext_fts MATCH %s", [expression])
            count = cursor.fetchone()[0]
            skip = max(0, offset - total)
            want = limit - len(picked)
            if want > 0 and skip < count:
                cursor.execute(
                    "SELECT rowid FROM fulltext_fts WHERE fulltext_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                    [expression, want, skip],
                )
                picked += [(r[0], tier) for r in cursor.fetchall()]
            total += count
    rows = IndexEntry.objects.in_bulk([rowid for rowid, _ in picked])
    return total, [Row(rowid, rows[rowid].object_id, rows[rowid].title, tier) for rowid, tier in picked]


# --- both databases: one statement over the candidates ----------------------------------------


def _contains(column: str) -> str:
    return f"instr({column}, %s) > 0" if connection.vendor == "sqlite" else f"strpos({column}, %s) > 0"


def _general(parsed: ParsedQuery, criteria: Criteria, *, limit: int, offset: int) -> tuple[int, list[Row]]:
    vendor = connection.vendor
    q = connection.ops.quote_name
    entry = q(IndexEntry._meta.db_table)
    unit = q(OrgUnit._meta.db_table)
    tokens = list(parsed.required)

    params: list = []
    in_title = [_contains("e.title_tokens") for _ in tokens]
    tier = f"CASE WHEN {' AND '.join(in_title)} THEN 2 WHEN {' OR '.join(in_title)} THEN 1 ELSE 0 END"
    params += [f" {t} " for t in tokens] * 2
    # narrow rows: PostgreSQL's window would otherwise spill titles to disk for a broad query
    select = f"SELECT e.id, {tier} AS tier, COUNT(*) OVER () AS total"

    where: list[str] = []
    where_params: list = []
    if vendor == "sqlite":
        source = f"FROM {q(FTS)} JOIN {entry} e ON e.id = {q(FTS)}.rowid"
        where.append(f"{q(FTS)} MATCH %s")
        where_params.append(
            f"({{title_tokens body_tokens}} : {_all(tokens)}) AND ({_meta_expression(criteria, None)})"
        )
    else:
        source = f"FROM {entry} e"
        where.append("e.search_vector @@ plainto_tsquery('simple'::regconfig, %s)")
        where_params.append(" ".join(tokens))
        where.append("e.kind = %s")
        where_params.append(criteria.kind)
        if criteria.public_only:
            where.append("e.is_public")
        for column, values in criteria.filters.items():
            where.append(f"e.{column} IN ({', '.join(['%s'] * len(values))})")
            where_params += values
    if criteria.prefixes is not None:
        source += f" JOIN {unit} u ON u.id = e.unit_id"
        where.append("(" + " OR ".join("u.path LIKE %s" for _ in criteria.prefixes) + ")")
        where_params += [prefix + "%" for prefix in criteria.prefixes]
    for phrase in parsed.phrases:
        where.append(f"({_contains('e.title_norm')} OR {_contains('e.body_norm')})")
        where_params += [phrase.text, phrase.text]

    condition = " AND ".join(where)
    sql = f"{select} {source} WHERE {condition} ORDER BY tier DESC, e.id DESC LIMIT %s OFFSET %s"
    with connection.cursor() as cursor, _index_scans(cursor):
        cursor.execute(sql, [*params, *where_params, limit, offset])
        fetched = cursor.fetchall()
        if fetched:
            total = fetched[0][2]
        elif offset:
            cursor.execute(f"SELECT COUNT(*) {source} WHERE {condition}", where_params)
            total = cursor.fetchone()[0]
        else:
            total = 0
    entries = IndexEntry.objects.only("object_id", "title").in_bulk([r[0] for r in fetched])
    return total, [Row(r[0], entries[r[0]].object_id, entries[r[0]].title, int(r[1])) for r in fetched]


@contextmanager
def _index_scans(cursor):
    """On PostgreSQL, read candidates through the GIN index, never by a sequential scan.

    For a word most documents hold, the planner prefers a sequential scan, which evaluates ``@@`` on
    every row and so de-TOASTs every tsvector (10× slower here than the bitmap scan, which needs no
    tsvector at all). The setting is transaction-local and restored afterwards, so a caller's
    transaction is left as it was.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
        yield  # on an error the savepoint's rollback restores the setting
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
