"""Read-only API of the yearly reports: status, sections with their rendered text, and figures."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.reporting.assemble import TOKEN_RE, report_drafts, resolver_for, todos
from fazhi.reporting.assemble import paragraphs as make_paragraphs
from fazhi.reporting.models import AnnualReport


class AnnualReportSerializer(ScopedModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "unit", "unit_code", "unit_name", "year", "title", "outline_period", "outline_name",
                  "status", "status_label", "submitted_at", "frozen_at", "published_at"]  # fmt: skip
        read_only_fields = fields


class AnnualReportDetailSerializer(AnnualReportSerializer):
    sections = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    todos = serializers.SerializerMethodField()

    class Meta(AnnualReportSerializer.Meta):
        fields = [*AnnualReportSerializer.Meta.fields, "sections", "figures", "todos"]
        read_only_fields = fields

    def _resolver(self, report):
        if not hasattr(self, "_resolvers"):
            self._resolvers = {}
        return self._resolvers.setdefault(report.pk, resolver_for(report))

    def get_sections(self, report) -> list[dict]:
        resolver = self._resolver(report)
        return [
            {"id": str(s.pk), "level": s.level, "title": s.title, "narrative": s.narrative,
             "text": "\n".join(p.text for p in make_paragraphs(s.narrative, resolver))}
            for s in report.sections.order_by("order")
        ]  # fmt: skip

    def get_figures(self, report) -> list[dict]:
        resolver = self._resolver(report)
        seen, result = set(), []
        for section in report.sections.order_by("order"):
            for match in TOKEN_RE.finditer(section.narrative or ""):
                token = match.group(1)
                if token not in seen:
                    seen.add(token)
                    result.append({"token": token, **resolver.resolve(token).as_dict()})
        return result

    def get_todos(self, report) -> list[dict]:
        if report.is_frozen:
            return []
        return [{"section": t.section, "label": t.label, "token": t.token}
                for t in todos(report_drafts(report), self._resolver(report))]  # fmt: skip
