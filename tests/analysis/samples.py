"""Scoping samples for the generated suite: an uploaded file, a report, a figure and a finding."""

from __future__ import annotations

import hashlib
import itertools
from decimal import Decimal

from fazhi.analysis.models import AnalysedReport, ReportFigure, ReportFinding, ReportSource
from tests.scoping_samples import register_sample

_n = itertools.count(1)
TEXT = "样本区2020年度法治政府建设工作报告\n全年共收到行政复议申请12件。"


@register_sample(ReportSource)
def make_source(unit) -> ReportSource:
    data = TEXT.encode()
    return ReportSource.objects.create(
        unit=unit,
        name=f"样本{next(_n)}.txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content=data,
    )


@register_sample(AnalysedReport)
def make_report(unit) -> AnalysedReport:
    return AnalysedReport.objects.create(
        unit=unit,
        source=make_source(unit),
        title="样本区2020年度法治政府建设工作报告",
        government=f"样本{next(_n)}区人民政府",
        level="district",
        year=2020,
        start=0,
        end=len(TEXT),
        text=TEXT,
    )


@register_sample(ReportFigure)
def make_figure(unit) -> ReportFigure:
    report = make_report(unit)
    start = TEXT.index("12件")
    return ReportFigure.objects.create(
        unit=unit, report=report, metric="reconsideration.received", keyed=True, value=Decimal(12),
        unit_of_measure="件", quote="全年共收到行政复议申请12件", start=start, end=start + 3,
        quote_start=TEXT.index("全年"), quote_end=len(TEXT) - 1,
    )  # fmt: skip


@register_sample(ReportFinding)
def make_finding(unit) -> ReportFinding:
    return ReportFinding.objects.create(
        unit=unit, report=make_report(unit), kind="sum", severity="ok", message="样本核对结果"
    )
