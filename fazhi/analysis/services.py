"""Writes of the report analysis: keyword-only, atomic, audited, inside the writer's scope."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.analysis.engine import analyze_documents
from fazhi.analysis.engine.textio import Document, UnreadableInput, read_bytes
from fazhi.analysis.models import AnalysedReport, ReportFigure, ReportFinding, ReportSource
from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed

MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def source_upload(*, actor, unit, name: str, data: bytes) -> ReportSource:
    """Store an uploaded report file for ``unit`` (analysed afterwards by :func:`source_analyse`)."""
    ensure_unit_allowed(user=actor, unit=unit, model=ReportSource, action="add")
    if not data:
        raise ValidationError({"file": _("文件为空。")})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": _("文件超过 20 MB，请拆分后上传。")})
    source = ReportSource.objects.create(
        unit=unit,
        name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content=data,
        uploaded_by=actor,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=source, note=_("上传报告文件"))
    return source


def _date(text: str):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def source_analyse(*, actor, source: ReportSource) -> list[AnalysedReport]:
    """Find the reports in ``source`` and store them with their figures and findings, replacing the
    unit's earlier analysis of the same government and year. The unit's reports of the same
    governments take part, so figures restated across years and commitments are checked.
    A file that cannot be read is marked failed with its reason (kept), and ValidationError raised."""
    ensure_in_scope(user=actor, obj=source, action="change")
    try:
        doc = read_bytes(bytes(source.content), source.name)
        analysis = analyze_documents([(source.name, doc)], shared=False)
        if not analysis.reports:
            raise UnreadableInput(_("文件中没有找到法治政府建设报告。"))
    except UnreadableInput as exc:
        _mark_failed(actor=actor, source=source, reason=str(exc))
        raise ValidationError(str(exc)) from None
    return _store(actor=actor, source=source, doc=doc, analysis=analysis)


@transaction.atomic
def _mark_failed(*, actor, source: ReportSource, reason: str) -> None:
    source.status, source.error = ReportSource.Status.FAILED, reason
    source.save(update_fields=["status", "error", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=source, note=reason[:500])


@transaction.atomic
def _store(*, actor, source: ReportSource, doc: Document, analysis) -> list[AnalysedReport]:
    ensure_in_scope(user=actor, obj=source, action="change")
    governments = {r.government for r in analysis.reports}
    new_keys = {(r.government, r.year) for r in analysis.reports}
    others = list(
        AnalysedReport.objects.filter(unit=source.unit, government__in=governments).exclude(source=source)
    )
    others = [o for o in others if (o.government, o.year) not in new_keys]
    combined = analyze_documents(
        [(source.name, doc), *((f"report:{o.pk}", Document(o.text, "text")) for o in others)], shared=False
    )
    stored: list[AnalysedReport] = []
    by_source = {f"report:{o.pk}": o for o in others}
    AnalysedReport.objects.filter(unit=source.unit, source=source).delete()
    for found in combined.reports:
        existing = by_source.get(found.source)
        if existing is not None:  # only its findings can change (restated figures, carried-over text)
            _replace_findings(existing, found)
            continue
        AnalysedReport.objects.filter(unit=source.unit, government=found.government, year=found.year).delete()
        report = AnalysedReport.objects.create(
            unit=source.unit,
            source=source,
            title=found.title[:300],
            title_inferred=found.title_inferred,
            government=found.government[:120],
            level=found.level,
            year=found.year,
            published=_date(found.published),
            start=found.start,
            end=found.end,
            text=found.text,
            sections=[s.as_dict() for s in found.sections],
            parts=[p.__dict__ for p in found.parts],
            commitments=[c.as_dict() for c in found.commitments],
        )
        ReportFigure.objects.bulk_create(
            ReportFigure(
                unit=source.unit,
                report=report,
                metric=f.metric[:120],
                value=Decimal(str(f.value)),
                unit_of_measure=f.unit,
                qualifier=f.qualifier,
                period=f.period,
                period_text=f.period_text[:60],
                subject=f.subject[:200],
                quote=f.quote,
                start=f.start - found.start,
                end=f.end - found.start,
                quote_start=f.quote_start - found.start,
                quote_end=f.quote_end - found.start,
                note=f.note[:300],
                keyed=f.keyed,
            )
            for f in found.figures
        )
        _replace_findings(report, found)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=report,
            note=_("分析报告文件：%(name)s") % {"name": source.name},
        )
        stored.append(report)
    source.status, source.error, source.format = ReportSource.Status.DONE, "", doc.format
    source.save(update_fields=["status", "error", "format", "updated_at"])
    return stored


def _replace_findings(report: AnalysedReport, found) -> None:
    report.findings.all().delete()
    ReportFinding.objects.bulk_create(
        ReportFinding(
            unit=report.unit,
            report=report,
            kind=f.kind,
            severity=f.severity,
            message=f.message,
            metric=f.metric[:120],
            formula=f.formula[:200],
            quotes=f.quotes,
        )
        for f in found.findings
    )
