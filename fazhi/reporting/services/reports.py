"""Creating a report and editing its narrative; every saved edit makes a version."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.metrics.periods import MAX_YEAR, MIN_YEAR
from fazhi.reporting.blocks import draft_blocks
from fazhi.reporting.blocks._helpers import DraftContext
from fazhi.reporting.choices import ReportStatus, period_for_year
from fazhi.reporting.figures import token_problem, tokens_in
from fazhi.reporting.models import AnnualReport, ReportSection, ReportVersion
from fazhi.reporting.services.drafting import effective_outline, fresh_drafts, report_title


def make_version(*, report: AnnualReport, actor, note: str) -> ReportVersion:
    number = (report.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    texts = [
        {"section": str(s.pk), "title": s.title, "level": s.level, "text": s.narrative}
        for s in report.sections.order_by("order")
    ]
    return ReportVersion.objects.create(
        report=report, number=number, author=actor, note=note[:200], texts=texts
    )


@transaction.atomic
def report_create(*, actor, unit, year: int, signed_on: datetime.date | None = None) -> AnnualReport:
    """A draft for ``unit`` and ``year``: the outline it inherits, each section drafted by its blocks."""
    ensure_unit_allowed(user=actor, unit=unit, model=AnnualReport, action="add")
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError(f"报告年度应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    existing = AnnualReport.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        raise ValidationError(
            f"{unit.name}{year}年度的报告已经存在（{existing.get_status_display()}），请直接打开编辑。"
        )
    period = period_for_year(year)
    outline = effective_outline(unit, period)
    report = AnnualReport.objects.create(
        unit=unit, year=year, title=report_title(unit, year), outline_period=period, outline_name=outline.name,
        signature=unit.name, signed_on=signed_on, created_by=actor,
    )  # fmt: skip
    ReportSection.objects.bulk_create(
        ReportSection(
            report=report,
            order=index * 10,
            level=d.level,
            title=d.title,
            blocks=d.blocks,
            narrative=d.narrative,
        )
        for index, d in enumerate(fresh_drafts(unit, year))
    )
    make_version(report=report, actor=actor, note="系统按提纲和数据起草的初稿")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=report, note=f"提纲：{outline.name}")
    ensure_in_scope(user=actor, obj=report, action="add")
    return report


def _editable(actor, section: ReportSection) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=section.report_id)
    if not AnnualReport.objects.restrict(actor, "change").filter(pk=report.pk).exists():
        raise PermissionDenied("您无权修改该报告。")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            f"报告当前状态为“{report.get_status_display()}”，只有起草中的报告可以修改正文。"
        )
    return report


@transaction.atomic
def section_save(*, actor, section: ReportSection, narrative: str, note: str = "") -> ReportVersion | None:
    """Save a section's narrative; refuses unreadable figure tokens. Returns the new version (None when
    nothing changed)."""
    report = _editable(actor, section)
    narrative = (narrative or "").replace("\r\n", "\n").strip()
    problems = [p for p in (token_problem(t) for t in tokens_in(narrative)) if p]
    if problems:
        raise ValidationError(problems)
    stored = ReportSection.objects.get(pk=section.pk)
    if stored.narrative == narrative:
        return None
    ReportSection.objects.filter(pk=section.pk).update(narrative=narrative)
    section.narrative = narrative
    version = make_version(report=report, actor=actor, note=note.strip() or f"修改“{section.title}”")
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=report,
        changes={f"正文：{section.title}": [f"{len(stored.narrative)}字", f"{len(narrative)}字"]},
        note=f"第{version.number}版",
    )  # fmt: skip
    return version


@transaction.atomic
def section_redraft(*, actor, section: ReportSection) -> ReportVersion | None:
    """Replace a section's narrative with what its blocks draft from today's figures."""
    report = _editable(actor, section)
    if not section.blocks:
        raise ValidationError("本节没有对应的起草模块，无法自动起草。")
    text = draft_blocks(section.blocks, DraftContext.for_unit_year(report.unit, report.year))
    return section_save(
        actor=actor, section=section, narrative=text, note=f"按最新数据重新起草“{section.title}”"
    )


def outline_for(report: AnnualReport):
    return effective_outline(report.unit, report.outline_period)
