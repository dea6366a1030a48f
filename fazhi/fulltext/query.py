"""Reading what a user typed: words are ANDed, a quoted phrase must occur as written.

Nothing a user types is ever passed to the database as syntax: quotes are read here, everything else
becomes tokens (letters and digits only) or a squashed phrase (a parameter of ``instr``/``strpos``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from fazhi.fulltext.tokenize import normalize, squash, tokens

#: longer queries are cut to this many characters (``ParsedQuery.truncated`` tells the page)
MAX_QUERY_CHARS = 100
#: at most this many distinct tokens take part (a pasted paragraph must not become a 300-term AND)
MAX_TOKENS = 24
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Phrase:
    text: str  # squashed: letters and digits only
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    #: tokens that must each occur somewhere in the title or body (distinct, in typed order)
    terms: tuple[str, ...]
    #: quoted phrases of more than one token, checked as substrings of the squashed text
    phrases: tuple[Phrase, ...]
    truncated: bool

    @property
    def required(self) -> tuple[str, ...]:
        """Every token the index must hold for a document to be a candidate."""
        seen = dict.fromkeys(self.terms)
        for phrase in self.phrases:
            seen.update(dict.fromkeys(phrase.tokens))
        return tuple(seen)


def parse(text: str) -> ParsedQuery:
    """``ValidationError`` (in Chinese) when nothing searchable remains."""
    text = (text or "").strip()
    truncated = len(text) > MAX_QUERY_CHARS
    text = normalize(text[:MAX_QUERY_CHARS]).translate(_QUOTES)
    phrases: list[Phrase] = []
    terms: dict[str, None] = {}
    for quoted in _PHRASE.findall(text):
        words = tokens(quoted, normalized=True)
        joined = squash(quoted, normalized=True)
        if len(words) > 1 or (words and words[0] != joined):
            phrases.append(Phrase(joined, tuple(dict.fromkeys(words))))
        else:
            terms.update(dict.fromkeys(words))
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    terms.update(dict.fromkeys(tokens(rest, normalized=True)))
    if not terms and not phrases:
        if squash(text, normalized=True):
            raise ValidationError(
                "检索词只含“的”“和”“与”等虚词，请换用更具体的词语。", code="fulltext_stop_words"
            )
        raise ValidationError("请输入检索词：标点、符号和空格不能单独检索。", code="fulltext_empty")
    unique_phrases = tuple(dict.fromkeys(phrases))
    parsed = ParsedQuery(tuple(terms), unique_phrases, truncated)
    if len(parsed.required) > MAX_TOKENS:
        parsed = _cap(parsed)
    return parsed


def _cap(parsed: ParsedQuery) -> ParsedQuery:
    """Keep the phrases that fit, then the first terms, within MAX_TOKENS distinct tokens."""
    kept_phrases: list[Phrase] = []
    budget: dict[str, None] = {}
    for phrase in parsed.phrases:
        if len(budget | dict.fromkeys(phrase.tokens)) <= MAX_TOKENS:
            kept_phrases.append(phrase)
            budget.update(dict.fromkeys(phrase.tokens))
    kept_terms = []
    for term in parsed.terms:
        if term in budget:
            kept_terms.append(term)
        elif len(budget) < MAX_TOKENS:
            budget[term] = None
            kept_terms.append(term)
    return ParsedQuery(tuple(kept_terms), tuple(kept_phrases), True)
