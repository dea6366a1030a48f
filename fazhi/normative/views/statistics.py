"""The 行政规范性文件 statistics page (``normative:statistics``): the normative.* figures of a unit (and
below) for a period through the metric registry, the same period of the previous year, links to each
figure's drill-down, a monthly chart of documents issued and filed, and the .xlsx export."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedViewMixin
from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout
from fazhi.metrics.catalog import Kind
from fazhi.metrics.forms import PeriodFieldsMixin
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import Subtree, formula_for, get_metric
from fazhi.metrics.selectors import find_unit, metric_value
from fazhi.metrics.values import MetricValue, Source
from fazhi.metrics.views import metric_url
from fazhi.normative.models import NormativeDocument
from fazhi.normative.views.oversight import xlsx_response

_N = "normative."

#: the figures, grouped as a 法治政府建设 report and the 政务公开年报 use them (METRICS.md normative.*)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        gettext_lazy("制定"),
        ("reviewed", "issued", "issued_government", "issued_department", "interpretations"),
    ),
    (gettext_lazy("备案"), ("filed", "filed_timely", "filing_rate", "filing_timely_rate", "filing_reviewed")),
    (gettext_lazy("清理"), ("cleanup_kept", "cleanup_amended", "cleanup_repealed", "cleanup_expired")),
    (gettext_lazy("有效期"), ("expiring",)),
    (gettext_lazy("政务公开年报"), ("issued", "repealed", "in_force")),
)


def previous_year(period: Period) -> Period:
    """The same period of the previous year (2024-02-29 becomes 2023-02-28)."""

    def back(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    if period.kind == "year":
        return Period.for_year(period.start.year - 1)
    if period.kind == "quarter":
        return Period.for_quarter(period.start.year - 1, period.quarter)
    if period.kind == "month":
        return Period.for_month(period.start.year - 1, period.start.month)
    return Period.for_range(back(period.start), back(period.end))


@dataclass
class Figure:
    metric: object
    current: MetricValue
    previous: MetricValue
    url: str = ""

    @property
    def basis(self) -> str:
        formula = formula_for(self.metric) if self.metric.is_rate else None
        return formula.text() if formula else ""

    @property
    def change(self) -> str:
        a, b = self.current.value, self.previous.value
        if a is None or b is None or self.current.not_applicable or self.previous.not_applicable:
            return "—"
        diff = Decimal(a) - Decimal(b)
        if self.metric.kind == Kind.COUNT:
            return f"{int(diff):+d}"
        return f"{diff.quantize(Decimal('0.1')):+}个百分点"


def figures(*, user, unit, period: Period) -> list[tuple[str, list[Figure]]]:
    previous = previous_year(period)
    memo: dict = {}
    groups = []
    for heading, keys in GROUPS:
        row = []
        for short in keys:
            key = _N + short
            metric = get_metric(key)
            figure = Figure(
                metric=metric,
                current=metric_value(user=user, key=key, unit=unit, period=period, memo=memo),
                previous=metric_value(user=user, key=key, unit=unit, period=previous, memo=memo),
            )
            computed = figure.current.source == Source.COMPUTED and figure.current.drilldown_available
            name = "metrics:drilldown" if computed and not metric.is_rate else "metrics:detail"
            figure.url = metric_url(name, key=key, unit=unit, period=period)
            row.append(figure)
        groups.append((str(heading), row))
    return groups


def monthly(*, user, unit, period: Period) -> dict:
    """Documents issued and filed per month of the period (the chart), read through restrict()."""
    qs = NormativeDocument.objects.restrict(user, "view").filter(Subtree(unit).q())
    months: list[tuple[int, int]] = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append((day.year, day.month))
        day = (day + datetime.timedelta(days=32)).replace(day=1)

    def per_month(field: str) -> dict:
        rows = (
            qs.filter(period.q(field))
            .annotate(y=ExtractYear(field), m=ExtractMonth(field))
            .values("y", "m")
            .annotate(n=Count("pk"))
        )
        return {(r["y"], r["m"]): r["n"] for r in rows}

    issued, filed = per_month("published_on"), per_month("filed_on")
    return {
        "labels": [f"{y}-{m:02d}" for y, m in months],
        "issued": [issued.get(k, 0) for k in months],
        "filed": [filed.get(k, 0) for k in months],
    }


class StatisticsForm(BootstrapFormMixin, PeriodFieldsMixin):
    unit = UnitChoiceField(
        label=gettext_lazy("单位（含下级）"), queryset=OrgUnit.objects.none(), empty_label=None
    )

    period_required = False
    field_order = ["unit", "year", "quarter", "month", "start", "end"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.VIEW)


def _number(value: MetricValue):
    if value.value is None or value.not_applicable:
        return None
    return int(value.value) if value.metric.kind == Kind.COUNT else float(value.value)


def statistics_workbook(*, unit, period: Period, groups, chart) -> bytes:
    workbook = new_workbook()
    sheet = add_sheet(workbook, "主要指标")
    set_layout(sheet, (14, 26, 10, 16, 22, 12, 40))
    previous = previous_year(period)
    sheet.append(
        header_cells(
            sheet, ["分类", "指标", "计量单位", period.label, f"{previous.label}（上年同期）", "增减", "口径"]
        )
    )
    for heading, row in groups:
        for f in row:
            sheet.append(
                [
                    heading,
                    str(f.metric.label),
                    f.metric.unit,
                    _number(f.current),
                    _number(f.previous),
                    f.change,
                    f.basis,
                ]
            )
    sheet.append([f"{unit.name}（含下级单位）· {period.label}"])
    months = add_sheet(workbook, "按月制发与备案")
    set_layout(months, (12, 14, 14))
    months.append(header_cells(months, ["月份", "制发（件）", "报送备案（件）"]))
    months.write_rows(zip(chart["labels"], chart["issued"], chart["filed"], strict=True))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class StatisticsView(ScopedViewMixin, generic.TemplateView):
    """/normative/statistics/?unit=…&period=2025 (or year/quarter/month, start/end); ``?export=xlsx``."""

    model = NormativeDocument
    template_name = "normative/statistics/statistics.html"

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
                raise Http404(_("未找到该单位，或该单位不在您的管辖范围内。"))
        else:
            membership = self.request.user.current_membership()
            unit = units.filter(pk=membership.unit_id).first() if membership else None
            unit = unit or units.order_by("depth", "sort_order", "name").first()
        return {"unit": unit, "period": period, "period_error": period_error}

    def compute(self):
        unit, period = self.query["unit"], self.query["period"]
        try:
            groups = figures(user=self.request.user, unit=unit, period=period)
        except OrgUnit.DoesNotExist:
            raise Http404(_("未找到该单位，或该单位不在您的管辖范围内。")) from None
        return groups, monthly(user=self.request.user, unit=unit, period=period)

    def get(self, request, *args, **kwargs):
        self.query = self.read_query()
        if request.GET.get("export") == "xlsx" and self.query["unit"] is not None:
            unit, period = self.query["unit"], self.query["period"]
            groups, chart = self.compute()
            content = statistics_workbook(unit=unit, period=period, groups=groups, chart=chart)
            audit_record(
                actor=request.user,
                action=AuditAction.EXPORT,
                unit=unit,
                object_type=NormativeDocument._meta.label_lower,
                object_repr=_("行政规范性文件统计（Excel）"),
                note=_("导出行政规范性文件统计：%(unit)s（含下级），%(period)s")
                % {"unit": unit.name, "period": period.label},
            )
            return xlsx_response(content, f"行政规范性文件统计-{unit.name}-{period.label}.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, unit = self.query["period"], self.query["unit"]
        initial = {
            "unit": unit,
            "year": period.year,
            "quarter": period.quarter or "",
            "month": period.month or "",
        }
        if period.kind == "range":
            initial.update(year=None, start=period.start, end=period.end)
        context.update(self.query, form=StatisticsForm(initial=initial, user=self.request.user))
        if unit is None:
            return context
        groups, chart = self.compute()
        query = self.request.GET.copy()
        query["export"] = "xlsx"
        query.setdefault("unit", str(unit.pk))
        if "period" not in query and not any(query.get(k) for k in ("year", "start")):
            query["period"] = period.token
        context.update(
            groups=groups, chart=chart, previous=previous_year(period), export_url=f"?{query.urlencode()}"
        )
        return context
