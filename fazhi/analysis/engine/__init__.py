"""Reading published 法治政府建设 reports (issue 6): pure Python, no Django needed except for the
metric catalog's labels.

``analyze_paths(paths)`` / ``analyze_documents([(name, Document)])`` → ``Analysis`` with the reports
found, each with its sections, five-part check, figures, findings and commitments; cross-report checks
(restated figures, commitments reported on) and shared sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import checks, commitments, figures, reports, sections, similarity
from .model import Report
from .normalize import normalize
from .textio import Document, UnreadableInput, read_bytes, read_path

__all__ = ["Analysis", "UnreadableInput", "analyze_documents", "analyze_paths", "analyze_text", "read_bytes"]


@dataclass
class Analysis:
    reports: list[Report] = field(default_factory=list)
    shared: list[similarity.SharedSentence] = field(default_factory=list)

    def as_dict(self, with_text: bool = False) -> dict:
        return {
            "reports": [r.as_dict(with_text) for r in self.reports],
            "shared_sentences": [s.as_dict() for s in self.shared],
        }


def analyze_document(doc: Document, source: str) -> list[Report]:
    norm = normalize(doc.text)
    out = []
    for span in reports.split(doc, norm):
        text, ntext = doc.text[span.start : span.end], norm[span.start : span.end]
        ident = reports.identity(span, text, ntext)
        report = Report(
            source=source,
            start=span.start,
            end=span.end,
            title=ident["title"],
            title_inferred=ident["title_inferred"],
            government=ident["government"],
            level=ident["level"],
            year=ident["year"],
            published=ident["published"],
            text=text,
        )
        report.sections = sections.tree(ntext, span.start)
        report.parts = sections.parts(report.sections, ntext, span.start)
        report.figures = figures.extract(text, ntext, span.start, report.government, report.year)
        _section_names(report)
        report.findings = checks.check_report(report)
        report.commitments = commitments.extract(report)
        out.append(report)
    return out


def _section_names(report: Report) -> None:
    tops = report.sections
    for f in report.figures:
        top = next((s for s in tops if s.start <= f.start < s.end), None)
        f.section = top.title if top else ""


def analyze_documents(docs: list[tuple[str, Document]], shared: bool = True) -> Analysis:
    result = Analysis()
    for name, doc in docs:
        result.reports.extend(analyze_document(doc, name))
    checks.carried_over(result.reports)
    checks.check_across(result.reports)
    commitments.follow_up(result.reports)
    if shared and len(result.reports) > 1:
        result.shared = similarity.shared_sentences(
            [(r.text, normalize(r.text), r.start) for r in result.reports]
        )
    return result


def analyze_paths(paths, shared: bool = True) -> Analysis:
    return analyze_documents([(str(p), read_path(p)) for p in paths], shared)


def analyze_text(text: str, source: str = "") -> Analysis:
    return analyze_documents([(source, Document(text, "text"))])
