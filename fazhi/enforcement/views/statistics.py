"""The 行政执法 statistics page (/enforcement/statistics/, tab “执法统计”): the enforcement.* figures linking to
their drill-down, the same period of the previous year, charts of the cases, and the .xlsx export of its
tables (the same query with ``export=xlsx``)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedViewMixin
from fazhi.enforcement.cases.models import EnforcementCase
from fazhi.enforcement.statistics import statistics
from fazhi.enforcement.statistics_xlsx import statistics_workbook
from fazhi.metrics.forms import PeriodFieldsMixin
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.selectors import find_unit
from fazhi.metrics.values import Source
from fazhi.metrics.views import XLSX_CONTENT_TYPE, metric_url

NOT_FOUND = gettext_lazy("未找到该单位，或该单位不在您的管辖范围内。")


class StatisticsForm(BootstrapFormMixin, PeriodFieldsMixin):
    unit = UnitChoiceField(
        label=gettext_lazy("单位（含下级）"), queryset=OrgUnit.objects.none(), empty_label=None
    )

    period_required = False
    field_order = ["unit", "year", "quarter", "month", "start", "end"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.VIEW)


class StatisticsView(ScopedViewMixin, generic.TemplateView):
    """?unit=<id or 机构代码>&year=2025 (or quarter/month, start/end; default this year). A unit the user may
    not view answers 404; without one, the user's current unit."""

    model = EnforcementCase
    template_name = "enforcement/statistics.html"

    def read_query(self) -> dict:
        params = self.request.GET
        try:
            period, period_error = Period.from_params(params, default=Period.current_year()), ""
        except PeriodError as exc:
            period, period_error = Period.current_year(), str(exc)
        units = OrgUnit.objects.restrict(self.request.user, "view")
        wanted = params.get("unit")
        if wanted:
            unit = find_unit(units, wanted)
            if unit is None:
                raise Http404(NOT_FOUND)
        else:
            membership = self.request.user.current_membership()
            unit = units.filter(pk=membership.unit_id).first() if membership else None
            unit = unit or units.order_by("depth", "sort_order", "name").first()
        return {"unit": unit, "period": period, "period_error": period_error}

    def get(self, request, *args, **kwargs):
        self.query = self.read_query()
        if request.GET.get("export") == "xlsx" and self.query["unit"] is not None:
            return self.export()
        return super().get(request, *args, **kwargs)

    def statistics(self):
        try:
            return statistics(user=self.request.user, unit=self.query["unit"], period=self.query["period"])
        except OrgUnit.DoesNotExist:  # no view permission on the records behind the figures
            raise Http404(NOT_FOUND) from None

    def form(self) -> StatisticsForm:
        period = self.query["period"]
        initial = {
            "unit": self.query["unit"],
            "year": period.year,
            "quarter": period.quarter or "",
            "month": period.month or "",
        }
        if period.kind == "range":
            initial.update(year=None, start=period.start, end=period.end)
        return StatisticsForm(initial=initial, user=self.request.user)

    def export(self) -> HttpResponse:
        """The page's tables as .xlsx (?export=xlsx with the page's query); the export is audited."""
        unit, period = self.query["unit"], self.query["period"]
        content = statistics_workbook(self.statistics())
        audit_record(
            actor=self.request.user,
            action=AuditAction.EXPORT,
            unit=unit,
            object_type=EnforcementCase._meta.label_lower,
            object_repr=_("行政执法统计（Excel）"),
            note=_("导出行政执法统计：%(unit)s（含下级），%(period)s")
            % {"unit": unit.name, "period": period.label},
        )
        filename = (
            f"行政执法统计_{unit.short_name or unit.name}_{period.token}_{timezone.localtime():%Y%m%d}.xlsx"
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.query, form=self.form())
        unit, period = self.query["unit"], self.query["period"]
        if unit is None:
            return context
        stats = self.statistics()
        groups = [
            (heading, [{"figure": f, "url": figure_url(f, unit, period)} for f in figures])
            for heading, figures in stats.groups
        ]
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        query.setdefault("unit", str(unit.pk))
        if "period" not in query and not any(query.get(k) for k in ("year", "start")):
            query["period"] = period.token
        months = stats.months
        context.update(
            stats=stats,
            groups=groups,
            export_url=f"?{query.urlencode()}",
            charts={
                "months": {
                    "labels": [m["label"] for m in months],
                    "filed": [m["filed"] for m in months],
                    "decided": [m["decided"] for m in months],
                    "timely": [m["timely"] for m in months],
                    "late": [m["late"] for m in months],
                    "unpublished": [m["unpublished"] for m in months],
                },
                "departments": {
                    "labels": [r.label for r in stats.departments.rows[:15]],
                    "filed": [r.filed for r in stats.departments.rows[:15]],
                    "decided": [r.decided for r in stats.departments.rows[:15]],
                },
                "penalty_kinds": [{"name": label, "value": n} for label, n in stats.penalty_kinds if n],
                "reviews": [{"name": label, "value": n} for label, n in stats.reviews if n],
            },
        )
        return context


def figure_url(figure, unit, period) -> str:
    """The drill-down of a computed count (its records), else the metric page (rates, typed-in, no data)."""
    value = figure.current
    if value.drilldown_available and value.source == Source.COMPUTED and not figure.metric.is_rate:
        return metric_url("metrics:drilldown", key=figure.metric.key, unit=unit, period=period)
    return metric_url("metrics:detail", key=figure.metric.key, unit=unit, period=period)
