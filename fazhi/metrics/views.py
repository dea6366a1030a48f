"""Pages of the metric catalog: the catalog, one metric's values, the records behind a value, and the
typed-in values.

The metric, the unit and the period travel as query parameters (``?key=…&unit=…&period=2025Q3``):
the only path parameter of a scoped page is a record's ``pk`` (the generated scoping suite).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.core.views.units import querystring_without_page
from fazhi.excel.export import ExcelExportMixin
from fazhi.metrics import drilldown as dd
from fazhi.metrics.forms import (
    EntryFilterForm,
    MetricEntryForm,
    MetricEntryUpdateForm,
    MetricQueryForm,
    metric_choices,
)
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import all_metrics, computers, formula_for, metrics_by_domain, resolve
from fazhi.metrics.selectors import DrilldownUnavailable, find_unit, metric_drilldown, metric_table
from fazhi.metrics.services import metric_entry_create, metric_entry_delete, metric_entry_update
from fazhi.metrics.values import Source

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_MAX_ROWS = 100_000


def metric_url(name: str, *, key: str, unit, period: Period) -> str:
    query = urlencode({"key": key, "unit": str(unit.pk), "period": period.token})
    return f"{reverse(name)}?{query}"


class CatalogView(LoginRequiredMixin, generic.TemplateView):
    """Every metric, grouped by domain, with its definition and how it is obtained."""

    fazhi_scope_exempt = "指标目录：只列出指标的名称、口径与来源，不含任何单位的数据"
    template_name = "metrics/catalog.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registered = computers()
        groups = []
        for domain, heading, items in metrics_by_domain():
            rows = []
            for metric in items:
                formula = formula_for(metric)
                rows.append(
                    {
                        "metric": metric,
                        "formula": formula.text() if formula else "",
                        "formula_configured": bool(formula and formula.configured),
                        "computable": metric.key in registered,
                    }
                )
            groups.append({"domain": domain, "heading": heading, "rows": rows})
        context.update(groups=groups, total=len(all_metrics()))
        return context


class MetricQueryMixin(ScopedViewMixin):
    """Reads key, unit and period from the query string; the unit must be within the user's view scope.

    ``get_queryset`` is the user's visible units (restricted): an out-of-scope unit answers 404.
    """

    model = OrgUnit
    default_key = None

    def read_query(self) -> dict:
        params = self.request.GET
        key = params.get("key") or self.default_key or all_metrics()[0].key
        try:
            metric = resolve(key)
        except LookupError as exc:
            raise Http404(str(exc)) from None
        try:
            period = Period.from_params(params, default=Period.current_year())
            period_error = ""
        except PeriodError as exc:
            period, period_error = Period.current_year(), str(exc)
        units = self.get_queryset()
        unit = self._unit(units, params.get("unit"))
        return {"metric": metric, "period": period, "period_error": period_error, "unit": unit}

    def _unit(self, units, wanted):
        if wanted:
            unit = find_unit(units, wanted)
            if unit is None:
                raise Http404(_("未找到该单位，或该单位不在您的管辖范围内。"))
            return unit
        membership = self.request.user.current_membership()
        if membership is not None:
            unit = units.filter(pk=membership.unit_id).first()
            if unit is not None:
                return unit
        return units.order_by("depth", "sort_order", "name").first()

    def query_form(self, query) -> MetricQueryForm:
        initial = {
            "key": query["metric"].key,
            "unit": query["unit"],
            "year": query["period"].year,
            "quarter": query["period"].quarter or "",
            "month": query["period"].month or "",
        }
        if query["period"].kind == "range":
            initial.update(year=None, start=query["period"].start, end=query["period"].end)
        return MetricQueryForm(initial=initial, user=self.request.user)


class MetricDetailView(MetricQueryMixin, generic.TemplateView):
    """One metric for a unit and its direct subordinates, in a period: a table and a bar chart."""

    template_name = "metrics/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.read_query()
        context.update(query, form=self.query_form(query), choices=metric_choices())
        unit, metric, period = query["unit"], query["metric"], query["period"]
        if unit is None:
            return context
        try:
            total, children = metric_table(user=self.request.user, key=metric.key, unit=unit, period=period)
        except OrgUnit.DoesNotExist:  # the records behind the figure need a permission the user lacks
            raise Http404(_("未找到该单位，或该单位不在您的管辖范围内。")) from None
        rows = [self._row(total, is_total=True), *(self._row(v) for v in children)]
        chart = {
            "labels": [v.unit.short_name or v.unit.name for v in children],
            "values": [None if v.value is None else float(v.value) for v in children],
            "unit": metric.unit,
            "name": str(metric.label),
        }
        context.update(
            chart_height=max(240, 26 * len(children) + 60),
            total=total,
            rows=rows,
            chart=chart,
            formula=formula_for(metric),
            chart_has_data=any(x is not None for x in chart["values"]),
        )
        return context

    def _row(self, value, is_total=False) -> dict:
        period = value.period
        return {
            "value": value,
            "is_total": is_total,
            "unit_url": metric_url("metrics:detail", key=value.metric.key, unit=value.unit, period=period),
            "drilldown_url": (
                metric_url("metrics:drilldown", key=value.metric.key, unit=value.unit, period=period)
                if value.drilldown_available and value.source == Source.COMPUTED
                else ""
            ),
        }


class DrilldownView(MetricQueryMixin, generic.TemplateView):
    """The records behind a computed value, as a paginated list (and an .xlsx export)."""

    template_name = "metrics/drilldown.html"
    paginate_by = 50

    def drilldown(self, query):
        if query["unit"] is None:
            return None, _("您没有可查看的单位。")
        try:
            return metric_drilldown(
                user=self.request.user, key=query["metric"].key, unit=query["unit"], period=query["period"]
            ), ""
        except DrilldownUnavailable as exc:
            return None, str(exc)
        except OrgUnit.DoesNotExist:
            raise Http404(_("未找到该单位，或该单位不在您的管辖范围内。")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.read_query()
        context.update(query, form=self.query_form(query))
        if "key" not in self.request.GET:
            context["unavailable"] = _("请选择指标、单位和期间。")
            return context
        drill, unavailable = self.drilldown(query)
        context["unavailable"] = unavailable
        if drill is None:
            return context
        columns = dd.columns_for(drill.model, drill.columns)
        queryset = drill.queryset.select_related(*dd.related_paths(drill.model, columns))
        page = Paginator(queryset, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            drill=drill,
            columns=columns,
            page_obj=page,
            records=[
                {
                    "values": [dd.as_text(v) for v in values],
                    "url": getattr(obj, "get_absolute_url", lambda: "")(),
                }
                for obj, values in dd.rows(page.object_list, columns)
            ],
            querystring=querystring_without_page(self.request),
            detail_url=metric_url(
                "metrics:detail", key=query["metric"].key, unit=query["unit"], period=query["period"]
            ),
        )
        return context


class DrilldownExportView(DrilldownView):
    """The records behind a value as .xlsx with Chinese headers; the export is audited."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        from fazhi.core.services.audit import audit_record

        query = self.read_query()
        drill, unavailable = self.drilldown(query)
        back = f"{reverse('metrics:drilldown')}?{request.GET.urlencode()}"
        if drill is None:
            messages.error(request, unavailable)
            return HttpResponseRedirect(back)
        total = drill.queryset.count()
        if total > EXPORT_MAX_ROWS:
            messages.error(
                request,
                _("明细共 %(total)s 条，超过单次导出上限 %(limit)s 条，请缩短期间或选择下级单位后再导出。")
                % {"total": total, "limit": EXPORT_MAX_ROWS},
            )
            return HttpResponseRedirect(back)
        metric, unit, period = query["metric"], query["unit"], query["period"]
        columns = dd.columns_for(drill.model, drill.columns)
        queryset = drill.queryset.select_related(*dd.related_paths(drill.model, columns))
        caption = _("%(label)s（%(key)s）· %(unit)s（含下级）· %(period)s · %(value)s") % {
            "label": metric.label,
            "key": metric.key,
            "unit": unit.name,
            "period": period.label,
            "value": drill.value.display_with_unit,
        }
        output, count = dd.build_workbook(
            title=str(metric.label), caption=caption, queryset=queryset, columns=columns
        )
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            unit=unit,
            object_type="metrics.drilldown",
            object_id=metric.key,
            object_repr=str(metric.label)[:200],
            note=_("导出指标明细 %(count)s 条：%(caption)s") % {"count": count, "caption": caption},
        )
        filename = _("指标明细-%(label)s-%(period)s.xlsx") % {"label": metric.label, "period": period.token}
        response = FileResponse(output, content_type=XLSX_CONTENT_TYPE)
        ascii_name = f"metric-{metric.key}-{period.token.replace('~', '_')}.xlsx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        )
        response["Cache-Control"] = "no-store, private"
        return response


# --- typed-in values ---------------------------------------------------------------------------------


class EntryListView(ExcelExportMixin, ScopedListView):
    model = MetricEntry
    template_name = "metrics/entry_list.html"
    excel_register = "metric_entries"

    @property
    def filter_form(self) -> EntryFilterForm:
        """Read by the export, to name the filters in its audit note."""
        return EntryFilterForm(self.request.GET)

    def refine_queryset(self, qs):
        qs = qs.select_related("unit", "entered_by")
        key = self.request.GET.get("key", "").strip()
        if key:
            qs = qs.filter(key=key)
        year = self.request.GET.get("year", "").strip()
        if year.isdigit():
            qs = qs.filter(period_start__year=int(year))
        return qs.order_by("-period_start", "key", "unit__path")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            choices=metric_choices(),
            selected_key=self.request.GET.get("key", ""),
            selected_year=self.request.GET.get("year", ""),
            querystring=querystring_without_page(self.request),
        )
        return context


class EntryCreateView(ScopedCreateView):
    model = MetricEntry
    form_class = MetricEntryForm
    template_name = "metrics/entry_form.html"

    def get_initial(self):
        # Figures are mostly typed in for last year's report; the page's links preset the rest.
        initial = {**super().get_initial(), "year": timezone.localdate().year - 1}
        for name in ("key", "year", "quarter", "month"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        if self.request.GET.get("unit"):
            initial["unit"] = self.request.GET["unit"]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = metric_entry_create(
                actor=self.request.user,
                key=data["key"],
                unit=data["unit"],
                period=data["period"],
                value=data["value"],
                evidence=data["evidence"],
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存填报值。"))
        return HttpResponseRedirect(reverse("metrics:entries"))


class EntryUpdateView(ScopedUpdateView):
    model = MetricEntry
    form_class = MetricEntryUpdateForm
    template_name = "metrics/entry_form.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "entered_by")

    def form_valid(self, form):
        try:
            self.object = metric_entry_update(
                actor=self.request.user,
                entry=self.object,
                value=form.cleaned_data["value"],
                evidence=form.cleaned_data["evidence"],
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存填报值。"))
        return HttpResponseRedirect(reverse("metrics:entries"))


class EntryDeleteView(ScopedDeleteView):
    model = MetricEntry
    template_name = "metrics/entry_delete.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "entered_by")

    def form_valid(self, form):
        metric_entry_delete(actor=self.request.user, entry=self.object)
        messages.success(self.request, _("已删除填报值。"))
        return HttpResponseRedirect(reverse("metrics:entries"))
