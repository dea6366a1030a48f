"""Scoping samples for the generated suite: an outline with an item, a report with a section and a version."""

from __future__ import annotations

import itertools

from fazhi.reporting.choices import OutlinePeriod
from fazhi.reporting.models import AnnualReport, OutlineItem, OutlineTemplate, ReportSection, ReportVersion
from tests.scoping_samples import register_sample

_years = itertools.count(2001)


@register_sample(OutlineTemplate)
def make_template(unit) -> OutlineTemplate:
    template, _ = OutlineTemplate.objects.get_or_create(
        unit=unit, period=OutlinePeriod.GANGYAO_2021, defaults={"name": f"{unit.name}报告提纲"}
    )
    return template


@register_sample(OutlineItem)
def make_item(unit) -> OutlineItem:
    template = make_template(unit)
    return OutlineItem.objects.create(template=template, order=template.items.count() * 10 + 10, level=1,
                                      title="上一年度推进法治政府建设的主要举措和成效")  # fmt: skip


@register_sample(AnnualReport)
def make_report(unit) -> AnnualReport:
    year = next(_years)
    report = AnnualReport.objects.create(unit=unit, year=year, title=f"{unit.name}{year}年度法治政府建设情况报告",
                                         outline_period=OutlinePeriod.GANGYAO_2015, outline_name="默认提纲")  # fmt: skip
    section = ReportSection.objects.create(report=report, order=10, level=1, title="其他需要报告的情况",
                                           narrative="无。")  # fmt: skip
    ReportVersion.objects.create(report=report, number=1, note="初稿",
                                 texts=[{"section": str(section.pk), "title": section.title, "level": 1, "text": "无。"}])  # fmt: skip
    return report


@register_sample(ReportSection)
def make_section(unit) -> ReportSection:
    return make_report(unit).sections.get()


@register_sample(ReportVersion)
def make_version(unit) -> ReportVersion:
    return make_report(unit).versions.get()
