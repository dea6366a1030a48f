"""Commitments: the items of the next-year plan part, and — when the same government's report for
the following year is there — whether that report speaks of each item.

An item is reported on when some sentence of the following report (outside its own plan part) holds
at least ``THRESHOLD`` of the item's character pairs (bigrams of its heading, generic words removed).
"""

from __future__ import annotations

import re

from .model import Commitment, Report, Section

THRESHOLD = 0.5
GENERIC = re.compile(
    r"进一步|持续|继续|加强|加快|推进|深入|全面|切实|不断|着力|扎实|强化|提升|提高|完善|健全|推动|坚持|落实|工作"
)


def _bigrams(text: str) -> set[str]:
    core = re.sub(r"[^\u4e00-\u9fff]", "", GENERIC.sub("", text))
    return {core[i : i + 2] for i in range(len(core) - 1)}


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.children)


def extract(report: Report) -> list[Commitment]:
    plan = next((p for p in report.parts if p.part == "next_year" and p.status != "missing"), None)
    if plan is None or plan.start is None:
        return []
    section = next((s for s in _walk(report.sections) if s.start == plan.start), None)
    if section is None:
        return []
    items: list[Section] = [c for c in section.children]
    if not items:
        items = [c for s in section.children for c in s.children]
    out = []
    for item in items:
        out.append(
            Commitment(f"{item.marker}{'、' if item.level == 1 else ''}{item.title}", item.start, item.end)
        )
    if not out:  # no numbered items: the sentences of the part
        rel = section.start - report.start
        body = report.text[rel : section.end - report.start]
        for m in re.finditer(r"[^。;\n]{8,}", body[len(section.marker) + len(section.title) :]):
            s = section.start + len(section.marker) + len(section.title) + m.start()
            out.append(Commitment(m.group(0).strip()[:80], s, s + len(m.group(0))))
    return out


def follow_up(reports: list[Report]) -> None:
    by_key = {(r.government, r.year): r for r in reports if r.year}
    for r in reports:
        nxt = by_key.get((r.government, (r.year or 0) + 1))
        if nxt is None:
            continue
        plan = next((p for p in nxt.parts if p.part == "next_year" and p.start is not None), None)
        limit = (plan.start - nxt.start) if plan else len(nxt.text)
        sentences = [
            (m.start(), m.group(0), _bigrams(m.group(0)))
            for m in re.finditer(r"[^。;\n]{6,}", nxt.text[:limit])
        ]
        for c in r.commitments:
            grams = _bigrams(c.text)
            if len(grams) < 3:
                continue
            best = max(sentences, key=lambda s: len(grams & s[2]), default=None)
            score = len(grams & best[2]) / len(grams) if best else 0.0
            c.score = round(score, 2)
            c.reported = score >= THRESHOLD
            if best and c.reported:
                c.evidence = best[1].strip()[:200]
                c.evidence_start = nxt.start + best[0]
