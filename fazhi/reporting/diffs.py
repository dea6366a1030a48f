"""A readable diff between two versions: per section, removed text struck through, added text marked."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class SectionDiff:
    title: str
    html: SafeString
    changed: bool
    added: int  # characters
    removed: int


def _inline(old: str, new: str) -> tuple[SafeString, int, int]:
    """Character-level (Chinese has no spaces between words); the page keeps line breaks (pre-wrap)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces, added, removed = [], 0, 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(format_html("{}", old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            pieces.append(format_html('<del class="fz-diff-del" title="删除">{}</del>', old[a1:a2]))
            removed += a2 - a1
        if op in ("insert", "replace"):
            pieces.append(format_html('<ins class="fz-diff-ins" title="新增">{}</ins>', new[b1:b2]))
            added += b2 - b1
    return format_html_join("", "{}", ((p,) for p in pieces)), added, removed


def version_diff(older, newer) -> list[SectionDiff]:
    """Sections in the newer version's order; a section only in the older one comes last."""
    old = {row["section"]: row for row in older.texts}
    result = []
    for row in newer.texts:
        before = old.pop(row["section"], None)
        html, added, removed = _inline(before["text"] if before else "", row["text"])
        result.append(SectionDiff(row["title"], html, bool(added or removed), added, removed))
    for row in old.values():
        html, added, removed = _inline(row["text"], "")
        result.append(SectionDiff(row["title"], html, bool(removed), added, removed))
    return result
