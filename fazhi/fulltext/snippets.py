"""Highlighted snippets: a window of the stored body with the matched words in ``<mark>``.

Matching runs on a normalised, squashed copy of the body (as the search did) that remembers where each
character came from, so the marks land on the text as written — 規範 in a body is marked for 规范.
Everything outside the marks is escaped.
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fazhi.fulltext.tokenize import _table

#: characters of body shown around the matches
WINDOW = 120
LEAD = 24
#: at most this many matches are considered when placing the window
MAX_SPANS = 400
#: only this much of a body is searched for a window (the match is usually early)
SCAN_CHARS = 50_000


_CHARS: dict[str, str] = {}


def _char(ch: str) -> str:
    """One body character as the squashed search text reads it ("" for punctuation and spaces)."""
    norm = _CHARS.get(ch)
    if norm is None:
        norm = "".join(
            c for c in unicodedata.normalize("NFKC", ch).translate(_table()).lower() if c.isalnum()
        )
        _CHARS[ch] = norm
    return norm


def _squashed_with_offsets(body: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(body[:SCAN_CHARS]):
        norm = _char(ch)
        if norm:
            chars.append(norm)
            where.extend([i] * len(norm))
    return "".join(chars), where


def _spans(body: str, needles: list[str]) -> list[tuple[int, int]]:
    text, where = _squashed_with_offsets(body)
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = text.find(needle)
        while start != -1 and len(spans) < MAX_SPANS:
            end = start + len(needle) - 1
            spans.append((where[start], where[end] + 1))
            start = text.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def snippet(body: str, needles: list[str]) -> SafeString:
    """The window of ``body`` holding the most matches (the first such), as safe HTML."""
    spans = _spans(body, needles) if body else []
    if spans:
        best_start, best_count = spans[0][0], 0
        for i, (s, _e) in enumerate(spans):
            count = sum(1 for s2, e2 in spans[i:] if e2 <= s - LEAD + WINDOW)
            if count > best_count:
                best_start, best_count = s, count
        # as much of the body as fits: a short body is shown whole
        start = max(0, min(best_start - LEAD, len(body) - WINDOW))
    else:
        start = 0
    end = min(len(body), start + WINDOW)
    parts = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(escape(body[pos:s]))
        parts.append(f"<mark>{escape(body[s:e])}</mark>")
        pos = e
    parts.append(escape(body[pos:end]))
    if end < len(body):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of the body above is escaped
