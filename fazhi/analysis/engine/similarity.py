"""Shared sentences: near-duplicate sentences across reports (other governments or other years).

Sentences of at least ``MIN_CHARS`` Chinese characters are cut into 5-character shingles; an inverted
index on the shingles gives candidate pairs, kept when their Jaccard similarity is at least
``THRESHOLD``. Linear in the text size for distinct sentences."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

MIN_CHARS = 20
SHINGLE = 5
THRESHOLD = 0.6
SENTENCE = re.compile(r"[^。;!?\n]+")


@dataclass
class SharedSentence:
    a_report: int
    a_start: int
    a_end: int
    b_report: int
    b_start: int
    b_end: int
    similarity: float
    a_text: str
    b_text: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _shingles(text: str) -> frozenset[str]:
    chars = re.sub(r"[^\u4e00-\u9fff0-9]", "", text)
    return frozenset(chars[i : i + SHINGLE] for i in range(max(0, len(chars) - SHINGLE + 1)))


def shared_sentences(texts: list[tuple[str, str, int]]) -> list[SharedSentence]:
    """texts: (original, normalised, base offset) per report → pairs of near-duplicate sentences."""
    sentences = []  # (report index, start, end, shingles, original)
    for idx, (text, norm, base) in enumerate(texts):
        for m in SENTENCE.finditer(norm):
            core = re.sub(r"[^\u4e00-\u9fff]", "", m.group(0))
            if len(core) < MIN_CHARS:
                continue
            sh = _shingles(m.group(0))
            if sh:
                sentences.append(
                    (idx, base + m.start(), base + m.end(), sh, text[m.start() : m.end()].strip())
                )
    index: dict[str, list[int]] = defaultdict(list)
    for n, s in enumerate(sentences):
        for sh in s[3]:
            index[sh].append(n)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for postings in index.values():
        if len(postings) > 50:  # boilerplate shingles: they alone never make a pair
            continue
        for i in range(len(postings)):
            for j in range(i + 1, len(postings)):
                a, b = postings[i], postings[j]
                if sentences[a][0] != sentences[b][0]:
                    counts[(a, b)] += 1
    out = []
    for (a, b), common in counts.items():
        sa, sb = sentences[a][3], sentences[b][3]
        jac = common / (len(sa) + len(sb) - common)
        if jac >= THRESHOLD:
            A, B = sentences[a], sentences[b]
            out.append(SharedSentence(A[0], A[1], A[2], B[0], B[1], B[2], round(jac, 3), A[4], B[4]))
    out.sort(key=lambda s: (-s.similarity, s.a_report, s.a_start))
    return out
