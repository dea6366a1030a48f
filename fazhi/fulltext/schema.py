"""The vendor-specific half of the index, created by migration 0001 (and by nothing else)."""

from __future__ import annotations

ENTRY = "fulltext_entry"
FTS = "fulltext_fts"

SQLITE_CREATE = [
    # external content: FTS5 keeps only the index and reads title/body tokens from fulltext_entry;
    # the text is pre-tokenised (space-separated), unicode61 just splits on the spaces
    """CREATE VIRTUAL TABLE fulltext_fts USING fts5(
        title_tokens, body_tokens, meta_tokens, content='fulltext_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER fulltext_entry_ai AFTER INSERT ON fulltext_entry BEGIN
        INSERT INTO fulltext_fts(rowid, title_tokens, body_tokens, meta_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.meta_tokens);
    END""",
    """CREATE TRIGGER fulltext_entry_ad AFTER DELETE ON fulltext_entry BEGIN
        INSERT INTO fulltext_fts(fulltext_fts, rowid, title_tokens, body_tokens, meta_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.meta_tokens);
    END""",
    """CREATE TRIGGER fulltext_entry_au AFTER UPDATE ON fulltext_entry BEGIN
        INSERT INTO fulltext_fts(fulltext_fts, rowid, title_tokens, body_tokens, meta_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.body_tokens, old.meta_tokens);
        INSERT INTO fulltext_fts(rowid, title_tokens, body_tokens, meta_tokens)
        VALUES (new.id, new.title_tokens, new.body_tokens, new.meta_tokens);
    END""",
    # rows that existed before (none at 0001, but the statement makes this list safe to re-run)
    "INSERT INTO fulltext_fts(fulltext_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_ai",
    f"DROP TRIGGER IF EXISTS {ENTRY}_ad",
    f"DROP TRIGGER IF EXISTS {ENTRY}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]

POSTGRES_CREATE = [
    # 'simple': no stemming, no stop words — the tokens are already jieba's, lower-cased
    f"""ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_tokens || ' ' || body_tokens)) STORED""",
    f"CREATE INDEX {ENTRY}_search_gin ON {ENTRY} USING gin (search_vector)",
]
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {ENTRY}_search_gin",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements: list[str]) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def create(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)
    else:
        raise NotImplementedError(f"全文检索只支持 SQLite 与 PostgreSQL，不支持 {vendor}")


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP)
