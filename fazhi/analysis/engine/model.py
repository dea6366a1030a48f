"""What the analysis finds, as plain dataclasses (JSON through ``as_dict``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Section:
    level: int  # 1 一、  2 （一）  3 1.  4 （1）  5 一是
    marker: str
    title: str
    start: int  # offsets in the document text
    end: int
    part: str = ""  # the required part (RULES.md §6) the heading belongs to, if any
    children: list[Section] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "marker": self.marker,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "part": self.part,
            "children": [c.as_dict() for c in self.children],
        }


@dataclass
class PartStatus:
    part: str  # measures | shortcomings | leaders | next_year | other
    label: str
    status: str  # present | merged | missing
    where: str = ""  # heading it was found in (or merged into)
    start: int | None = None


@dataclass
class Figure:
    value: float | int
    unit: str
    start: int  # offsets of the number (with qualifier and unit) in the document text
    end: int
    quote: str  # the clause it is stated in, as written
    quote_start: int
    quote_end: int
    subject: str  # the words before the number in its clause
    metric: str = ""  # catalog key, or "other:<label>" for a labelled free figure
    qualifier: str = ""  # 余 / 多 / 近 / 约 / 以上 …
    period: str = "year"  # year | partial | as_of | previous_year | change
    period_text: str = ""
    note: str = ""  # why a figure was not given a catalog key (scope, breakdown …)
    section: str = ""

    @property
    def keyed(self) -> bool:
        return bool(self.metric) and not self.metric.startswith("other:")

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Finding:
    kind: str  # sum | rate | restated | implausible
    severity: str  # ok | warning | error
    message: str
    metric: str = ""
    quotes: list[dict] = field(default_factory=list)  # {quote, start, end, report}
    formula: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Commitment:
    text: str
    start: int
    end: int
    reported: bool | None = None  # None: the next year's report is not there
    evidence: str = ""
    evidence_start: int | None = None
    score: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    source: str
    start: int
    end: int
    title: str
    title_inferred: bool
    government: str
    level: str  # province | city | county | district | township | department
    year: int | None
    published: str = ""
    sections: list[Section] = field(default_factory=list)
    parts: list[PartStatus] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    text: str = ""  # the report's span of the document text (not in as_dict)

    def as_dict(self, with_text: bool = False) -> dict:
        data = {
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "title_inferred": self.title_inferred,
            "government": self.government,
            "level": self.level,
            "year": self.year,
            "published": self.published,
            "sections": [s.as_dict() for s in self.sections],
            "parts": [asdict(p) for p in self.parts],
            "figures": [f.as_dict() for f in self.figures],
            "findings": [f.as_dict() for f in self.findings],
            "commitments": [c.as_dict() for c in self.commitments],
        }
        if with_text:
            data["text"] = self.text
        return data
