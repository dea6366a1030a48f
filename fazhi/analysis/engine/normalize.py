"""Normalisation that keeps offsets: one output character for every input character.

Matching runs on the normalised text; quotes and offsets are taken from the original, which has the
same length. Full-width ASCII becomes half-width, every kind of space becomes " ", and traditional
characters become their simplified form (zhconv's one-to-one character table, loaded once, no
network). Phrase-level conversions that change length are deliberately not used.
"""

from __future__ import annotations

from functools import lru_cache

SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r"
)
ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
# punctuation that has no ASCII twin in FF01–FF5E but is written in several ways
EXTRA = {"\u2014": "-", "\u2013": "-", "\u2015": "-", "\uff5e": "~", "\u301c": "~", "\u2236": ":"}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from zhconv import zhconv

    table: dict[int, str] = {}
    for trad, simp in zhconv.getdict("zh-cn").items():
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    # characters that are also ordinary simplified words in these reports: keep them as written
    for keep in "著乾":
        table.pop(ord(keep), None)
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for ch in SPACES:
        table[ord(ch)] = " "
    for ch in ZERO_WIDTH:
        table[ord(ch)] = " "
    table[ord("\u3007")] = "〇"
    for src, dst in EXTRA.items():
        table[ord(src)] = dst
    return table


def normalize(text: str) -> str:
    """Return text of exactly the same length, ready for matching."""
    out = text.translate(_table())
    assert len(out) == len(text)
    return out
