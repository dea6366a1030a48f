"""The report as a document: what the renderers (.docx, HTML, PDF) receive.

The drafting side (outline + narratives + live or frozen figures) builds a :class:`ReportDocument`; the
renderers in ``fazhi.reporting.output`` turn it into a file. Neither side knows how the other works.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """A number quoted in the text: its metric key, the value as printed (e.g. "918宗", "40.5%") and,
    when the figure is computed from records, the drill-down path in the app (HTML links it)."""

    key: str
    text: str
    drilldown_url: str = ""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: a sequence of plain strings and figures, in reading order."""

    parts: tuple[str | Figure, ...]

    @property
    def text(self) -> str:
        return "".join(part if isinstance(part, str) else part.text for part in self.parts)


@dataclass(frozen=True)
class Section:
    """A heading (level 1 = "一、…" in 黑体, level 2 = "（一）…" in 楷体, level 3 = "1. …" in the body font)
    with its paragraphs and subsections. ``number`` is the printed numbering ("一、", "（一）", "1."),
    ``title`` the heading text without it."""

    level: int
    number: str
    title: str
    paragraphs: tuple[Paragraph, ...] = ()
    children: tuple[Section, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"


@dataclass(frozen=True)
class ReportDocument:
    """The whole report. ``opening`` is the paragraphs before the first heading; ``signature`` the
    issuing organ's name and ``signed_on`` the date as printed ("2026年2月20日") at the end."""

    title: str
    opening: tuple[Paragraph, ...] = ()
    sections: tuple[Section, ...] = ()
    signature: str = ""
    signed_on: str = ""
    missing: tuple[str, ...] = field(default=())  # metric keys a drafter still has to supply

    def walk(self):
        """Every section, depth first."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))
