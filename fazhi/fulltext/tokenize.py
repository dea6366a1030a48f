"""Tokenisation for indexing and for queries: jieba over normalised text.

Normalisation (``normalize``), the same for both: NFKC (full-width letters and digits become
half-width), traditional characters become simplified through zhconv's one-to-one character table
(so 規範 finds 规范), letters are lower-cased, and 〇 is read as 零. Only runs of letters and decimal
digits are kept as tokens — punctuation, spaces and symbols never reach the index, so no character of
a query can ever be read as search syntax by SQLite or PostgreSQL.

A document is indexed under every dictionary word it contains and every character
(``index_tokens``); a query is cut into dictionary words, else characters (``tokens``). So a query
word matches exactly where the text holds it, whatever the segmentation of the document's sentence.

jieba is loaded lazily, once per process, from the dictionary inside its wheel plus the legal terms in
``data/legal_terms.txt`` (so 规范性文件, 合法性审核, 双随机一公开 are words and a search for them
means the term, not its characters scattered over the text); its log is silenced and nothing is
downloaded.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

#: the project's user dictionary of legal terms (jieba format: word, frequency, part of speech)
USER_DICT = Path(__file__).resolve().parent / "data" / "legal_terms.txt"
#: a token longer than this is dropped (PostgreSQL refuses lexemes over 2 KB; nobody searches for them)
MAX_TOKEN_CHARS = 40
#: deliberately minimal: only particles that carry no meaning in a search for a document
STOP_WORDS = frozenset("的 了 着 之 和 与 及 或 而 等".split())

_NOT_WORD = re.compile(r"[\W_]+")
_lock = threading.Lock()
_tokenizer = None


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from zhconv import zhconv

    table: dict[int, str] = {}
    for trad, simp in zhconv.getdict("zh-cn").items():
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    # also ordinary simplified characters (著作, 乾隆): converting them would break words
    for keep in "著乾":
        table.pop(ord(keep), None)
    table[ord("〇")] = "零"
    return table


def normalize(text: str) -> str:
    """Half-width, simplified, lower-cased text; punctuation and spaces are left in place."""
    return unicodedata.normalize("NFKC", text).translate(_table()).lower()


def tokenizer(*, user_dict: bool = True):
    """The process-wide jieba tokenizer (built on first use); ``user_dict=False`` builds a plain one."""
    global _tokenizer
    if not user_dict:
        return _build(user_dict=False)
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build(user_dict=True)
    return _tokenizer


def _build(*, user_dict: bool):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.initialize()
    if user_dict:
        instance.load_userdict(str(USER_DICT))
    return instance


def _clean(token: str) -> Iterator[str]:
    """The runs of letters and decimal digits in a jieba token (both databases read these as one word)."""
    if token.isalpha() or token.isdecimal():
        if len(token) <= MAX_TOKEN_CHARS:
            yield token
        return
    run = []
    for ch in token:
        if ch.isalpha() or ch.isdecimal():
            run.append(ch)
        elif run:
            if len(run) <= MAX_TOKEN_CHARS:
                yield "".join(run)
            run = []
    if run and len(run) <= MAX_TOKEN_CHARS:
        yield "".join(run)


def index_tokens(text: str, *, normalized: bool = False, tk=None) -> list[str]:
    """What a document is indexed under: every dictionary word that occurs in it, and every character.

    jieba's full mode lists every dictionary word of the text, wherever segmentations overlap; the
    single characters are added so that a query word jieba does not know (cut into characters) is
    found too. Together they give the invariant search relies on: a query token — a dictionary word,
    a single character or a run of ASCII letters and digits — is in a document's tokens exactly when it
    occurs in the document's text. Contextual segmentation then cannot hide a word: 食品安全监管 is cut
    食品 / 安全监管 in context, and a search for 食品安全 still finds it. Distinct tokens, first
    occurrence order (the index needs presence, not counts).
    """
    if not normalized:
        text = normalize(text)
    out: dict[str, None] = {}
    for raw in (tk or tokenizer()).cut(text, cut_all=True):
        for token in _clean(raw):
            if token not in STOP_WORDS:
                out[token] = None
    for ch in text:
        if ch not in out and not ch.isascii() and ch.isalpha() and ch not in STOP_WORDS:
            out[ch] = None
    return list(out)


def tokens(text: str, *, normalized: bool = False, tk=None) -> list[str]:
    """What a query asks for: jieba's precise cut without HMM (dictionary words, else characters).

    Without HMM every token is a dictionary word, a character or an ASCII run — exactly the kinds
    ``index_tokens`` lists — so a token matches wherever the text holds it. In order, distinct.
    """
    if not normalized:
        text = normalize(text)
    out: dict[str, None] = {}
    for raw in (tk or tokenizer()).cut(text, HMM=False):
        for token in _clean(raw):
            if token not in STOP_WORDS:
                out[token] = None
    return list(out)


def squash(text: str, *, normalized: bool = False) -> str:
    """Normalised text with everything but letters and digits removed: what a phrase is matched against.

    A phrase therefore matches across punctuation, spaces and line breaks (PDF extraction breaks lines
    inside sentences): "第三条 规定" finds "第三条规定" and "第三条，规定".
    """
    if not normalized:
        text = normalize(text)
    return _NOT_WORD.sub("", text)
