"""From a report (outline + narratives + live or frozen figures) to a :class:`ReportDocument`.

The interface the renderers depend on (fazhi.reporting.output):

- :func:`document_for_report` — a stored report: frozen figures once it is frozen, live ones before;
- :func:`document_for_unit_year` — the unit's report for that year when there is one, otherwise a fresh
  draft from the outline the unit inherits, drafted by the blocks with live figures (nothing saved).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.reporting.document import Figure, Paragraph, ReportDocument, Section
from fazhi.reporting.figures import TOKEN_RE, FigureResolver, Resolved

NUMERALS = "一二三四五六七八九十"
OPENING_LEVEL = 0  # a section of level 0 holds the opening paragraphs (before the first heading)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings never pass 99)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def numbering(levels: list[int]) -> list[str]:
    """“一、” for level 1 and “（一）” for level 2, the second restarting under each level-1 heading."""
    counters = [0, 0, 0]
    numbers = []
    for level in levels:
        if level == OPENING_LEVEL:
            numbers.append("")
            continue
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        numbers.append(
            f"{chinese_number(counters[1])}、" if level == 1 else f"（{chinese_number(counters[2])}）"
        )
    return numbers


@dataclass
class Draft:
    """A section as the assembler sees it (a stored ReportSection, or an unsaved one from the outline)."""

    level: int
    title: str
    narrative: str
    blocks: list = field(default_factory=list)
    pk: object = None


@dataclass(frozen=True)
class Todo:
    section: str  # the heading, with its number
    label: str  # what is missing
    token: str = ""


class FrozenResolver:
    """Figures as they were stored when the report was frozen."""

    def __init__(self, snapshot: dict):
        self.snapshot = snapshot

    def resolve(self, token: str) -> Resolved:
        data = self.snapshot.get(token)
        if data is None:  # cannot happen for text frozen with the report; never shown as a value
            return Resolved(token, f"【待补充：{token}】", label=token, missing=True)
        return Resolved.from_dict(token, data)


def _key_of(token: str) -> str:
    return re.split(r"[/@]", token, maxsplit=1)[0]


def paragraphs(text: str, resolver) -> tuple[Paragraph, ...]:
    """One paragraph per non-empty line; tokens become :class:`Figure` parts."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts: list = []
        position = 0
        for match in TOKEN_RE.finditer(line):
            if match.start() > position:
                parts.append(line[position : match.start()])
            figure = resolver.resolve(match.group(1))
            parts.append(Figure(key=_key_of(figure.token), text=figure.text, drilldown_url=figure.url))
            position = match.end()
        if position < len(line):
            parts.append(line[position:])
        result.append(Paragraph(tuple(parts)))
    return tuple(result)


def todos(drafts: list[Draft], resolver) -> list[Todo]:
    """Every figure without a value (metric label + section), and every heading still without text."""
    found: list[Todo] = []
    numbers = numbering([d.level for d in drafts])
    for index, (draft, number) in enumerate(zip(drafts, numbers, strict=True)):
        heading = f"{number}{draft.title}" if draft.level != OPENING_LEVEL else draft.title
        for match in TOKEN_RE.finditer(draft.narrative or ""):
            figure = resolver.resolve(match.group(1))
            if figure.missing:
                found.append(Todo(heading, figure.label, figure.token))
        has_children = index + 1 < len(drafts) and drafts[index + 1].level > draft.level
        if not (draft.narrative or "").strip() and not has_children:
            found.append(Todo(heading, "本节正文尚未撰写"))
    return found


def build_document(
    *, title: str, drafts: list[Draft], resolver, signature: str = "", signed_on: str = ""
) -> ReportDocument:
    numbers = numbering([d.level for d in drafts])
    opening: tuple[Paragraph, ...] = ()
    top: list[dict] = []
    missing: list[str] = []
    for draft, number in zip(drafts, numbers, strict=True):
        body = paragraphs(draft.narrative, resolver)
        for match in TOKEN_RE.finditer(draft.narrative or ""):
            figure = resolver.resolve(match.group(1))
            if figure.missing and _key_of(figure.token) not in missing:
                missing.append(_key_of(figure.token))
        if draft.level == OPENING_LEVEL:
            opening += body
            continue
        node = {
            "level": draft.level,
            "number": number,
            "title": draft.title,
            "paragraphs": body,
            "children": [],
        }
        if draft.level == 1 or not top:
            top.append(node)
        else:
            top[-1]["children"].append(node)

    def freeze(node) -> Section:
        return Section(
            level=node["level"],
            number=node["number"],
            title=node["title"],
            paragraphs=node["paragraphs"],
            children=tuple(freeze(child) for child in node["children"]),
        )

    return ReportDocument(
        title=title,
        opening=opening,
        sections=tuple(freeze(node) for node in top),
        signature=signature,
        signed_on=signed_on,
        missing=tuple(missing),
    )


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def report_drafts(report) -> list[Draft]:
    return [
        Draft(level=s.level, title=s.title, narrative=s.narrative, blocks=list(s.blocks), pk=s.pk)
        for s in report.sections.order_by("order")
    ]


def resolver_for(report):
    if report.is_frozen:
        return FrozenResolver(report.frozen_figures)
    return FigureResolver(report.unit, report.year)


def document_for_report(report) -> ReportDocument:
    return build_document(
        title=report.title,
        drafts=report_drafts(report),
        resolver=resolver_for(report),
        signature=report.signature or report.unit.name,
        signed_on=chinese_date(report.signed_on),
    )


def document_for_unit_year(unit, year: int) -> ReportDocument:
    from fazhi.reporting.models import AnnualReport
    from fazhi.reporting.services.drafting import fresh_drafts, report_title

    report = AnnualReport.objects.filter(unit=unit, year=year).select_related("unit").first()
    if report is not None:
        return document_for_report(report)
    resolver = FigureResolver(unit, year)
    return build_document(
        title=report_title(unit, year),
        drafts=fresh_drafts(unit, year, resolver),
        resolver=resolver,
        signature=unit.name,
    )
