"""Pages of the disclosure tables: list, new table, the tables read-only, entry, the platform's figures
(用平台数据填入), confirmation and reopening, .docx/.xlsx export and .xlsx import.

Every record is read through ``restrict`` (the scoped base views); every write goes through the
services, whose refusals are shown at the cell they concern and leave the stored table unchanged.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import ScopedObjectFormView, ScopedPostActionView, add_errors
from fazhi.core.workflow import transition_flags
from fazhi.disclosure.exports import report_docx, report_xlsx, title_of
from fazhi.disclosure.forms import ImportForm, ReopenForm, ReportCreateForm, TableForm
from fazhi.disclosure.importing import report_import_xlsx
from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.services import (
    audit_export,
    cell_sources,
    parse_values,
    report_confirm,
    report_create,
    report_prefill,
    report_reopen,
    report_save,
    report_values,
    stored_inputs,
)
from fazhi.disclosure.tables import Layout, check, compute, format_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_url(report: DisclosureReport) -> str:
    return reverse("disclosure:detail", args=[report.pk])


def render_tables(
    layout: Layout,
    values: dict[str, Decimal],
    *,
    errors: dict[str, list[str]] | None = None,
    typed: dict[str, str] | None = None,
    editable: bool = False,
    entered_by: dict[str, str] | None = None,
) -> list[dict]:
    """The layout's grids with each figure's value, input state and refusals, for the template."""
    errors = errors or {}
    tables = []
    for table in layout.tables:
        rows = []
        for grid_row in table.grid_rows():
            row = []
            for g in grid_row:
                item = {"g": g}
                if g.code:
                    cell = layout.cells[g.code]
                    item.update(
                        cell=cell,
                        display=format_value(cell, values.get(g.code)),
                        input=editable and not cell.computed,
                        raw=(typed or {}).get(g.code, format_value(cell, values.get(g.code))),
                        errors=errors.get(g.code, []),
                        entered_by=(entered_by or {}).get(g.code, ""),
                    )
                row.append(item)
            rows.append(row)
        tables.append(
            {"table": table, "rows": rows, "header_rows": table.header_rows or 0, "has_errors": any(
                errors.get(c.code) for c in table.cells
            )}
        )  # fmt: skip
    return tables


def sums_json(layout: Layout) -> str:
    """The sums, in order, for the entry page's live totals."""
    return json.dumps([[s.target, list(s.parts)] for s in layout.sums])


class ReportListView(ScopedListView):
    model = DisclosureReport
    template_name = "disclosure/report_list.html"

    def refine_queryset(self, qs):
        qs = qs.select_related("unit").annotate(
            requests=Sum("cells__value", filter=Q(cells__table="t3", cells__row="new"))
        )
        year = self.request.GET.get("year", "").strip()
        if year.isdigit():
            qs = qs.filter(year=int(year))
        if status := self.request.GET.get("status"):
            qs = qs.filter(status=status)
        return qs.order_by("-year", "unit__path")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            can_add=has_permission_anywhere(self.request.user, DisclosureReport.scope_permission("add")),
            year=self.request.GET.get("year", ""),
            status=self.request.GET.get("status", ""),
            statuses=DisclosureReport.Status.choices,
        )
        return context


class ReportCreateView(ScopedViewMixin, generic.FormView):
    model = DisclosureReport
    scope_action = "add"
    form_class = ReportCreateForm
    template_name = "disclosure/report_create.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, scope_action="add")
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            report = report_create(
                actor=self.request.user, unit=data["unit"], year=data["year"], layout=data["layout"]
            )
        except (ValidationError, ScopeViolation) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已新建年报表，请填写各表数字。"))
        return HttpResponseRedirect(reverse("disclosure:edit", args=[report.pk]))


class ReportDetailView(ScopedDetailView):
    model = DisclosureReport
    template_name = "disclosure/report_detail.html"
    context_object_name = "report"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "created_by", "confirmed_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        cells = list(report.cells.select_related("entered_by"))
        names = {c.code: c.entered_by.get_full_name() or c.entered_by.username for c in cells if c.entered_by}
        entered_by = {
            c.code: f"{names[c.code]}，{timezone.localtime(c.updated_at):%Y-%m-%d %H:%M}"
            for c in cells
            if c.code in names
        }
        values, _errors = check(report.table_layout, {c.code: c.value for c in cells})
        user = self.request.user
        history = (
            AuditEvent.objects.restrict(user, "view")
            .filter(object_type=DisclosureReport._meta.label_lower, object_id=str(report.pk))
            .order_by("-seq")[:50]
        )
        context.update(
            title=title_of(report),
            tables=render_tables(report.table_layout, values, entered_by=entered_by),
            can=transition_flags(report, user),
            can_change=not report.is_confirmed
            and DisclosureReport.objects.restrict(user, "change").filter(pk=report.pk).exists(),
            history=list(history),
            contributors=sorted(set(names.values())),
        )
        return context


class ReportEditView(ScopedObjectFormView):
    model = DisclosureReport
    scope_action = "change"
    form_class = TableForm
    template_name = "disclosure/report_edit.html"
    context_object_name = "report"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        kwargs["layout"] = self.object.table_layout
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, form = self.object, context["form"]
        layout = report.table_layout
        errors = getattr(self, "cell_errors", {})
        if form.is_bound:  # a refused save: the totals of what was typed, where it could be read
            typed = {code: form.data.get(code, "") for code in form.fields}
            inputs, _stated, _problems = parse_values(layout, typed)
            values = compute(layout, {**stored_inputs(report), **inputs})
        else:
            typed = None
            values = report_values(report)
        sources = cell_sources(layout)
        context.update(
            title=title_of(report),
            tables=render_tables(layout, values, errors=errors, typed=typed, editable=True),
            error_list=[m for messages_ in errors.values() for m in messages_],
            sums_json=sums_json(layout),
            sources_available=[s for s in sources if s.available],
            sources_missing=[s for s in sources if not s.available and s.key],
            without_source=sum(1 for s in sources if not s.key),
            confirmed=report.is_confirmed,
        )
        return context

    def form_valid(self, form):
        if self.object.is_confirmed:
            form.add_error(None, _("该年报表已确认，不能修改。如需更正，请由有审批权限的人员先“退回填报”。"))
            return self.form_invalid(form)
        try:
            result = report_save(actor=self.request.user, report=self.object, values=form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                self.cell_errors = exc.message_dict
                form.add_error(None, _("表中有不符合要求的数字，已全部不保存，请按各格提示修改。"))
            else:
                add_errors(form, exc)
            return self.form_invalid(form)
        except (ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        if result.changed:
            messages.success(self.request, _("已保存（%(n)d 个单元格有变化）。") % {"n": len(result.changed)})
        else:
            messages.info(self.request, _("数字没有变化。"))
        return HttpResponseRedirect(report_url(self.object))


class ReportPrefillView(ScopedPostActionView):
    model = DisclosureReport
    scope_action = "change"
    success_url_name = "disclosure:edit"

    def act(self, obj) -> str:
        result = report_prefill(actor=self.request.user, report=obj)
        if not result.filled:
            return _("平台暂无可填入的数字：%(n)d 格有数据来源但本年度无数据，其余各格须手工填写。") % {
                "n": len(result.without_data)
            }
        filled = "；".join(
            f"{cell.where}＝{format_value(cell, value)}（{key}）" for cell, key, value in result.filled
        )
        text = _("已用平台数据填入 %(n)d 格：%(cells)s。") % {"n": len(result.filled), "cells": filled}
        if result.without_data:
            text += _("另有 %(n)d 格有数据来源但本年度无数据，未改动。") % {"n": len(result.without_data)}
        return text + _("其余 %(n)d 格无平台数据来源，保持手工填写的数字。") % {
            "n": len(result.without_source)
        }


class ReportConfirmView(ScopedPostActionView):
    model = DisclosureReport
    scope_action = "approve"
    success_url_name = "disclosure:detail"

    def act(self, obj) -> str:
        report_confirm(actor=self.request.user, report=obj)
        return _("年报表已确认。")


class ReportReopenView(ScopedObjectFormView):
    model = DisclosureReport
    scope_action = "approve"
    form_class = ReopenForm
    template_name = "disclosure/report_reopen.html"
    context_object_name = "report"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def form_valid(self, form):
        try:
            report_reopen(actor=self.request.user, report=self.object, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已退回填报。"))
        return HttpResponseRedirect(report_url(self.object))


class ReportImportView(ScopedObjectFormView):
    model = DisclosureReport
    scope_action = "change"
    form_class = ImportForm
    template_name = "disclosure/report_import.html"
    context_object_name = "report"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["import_errors"] = getattr(self, "import_errors", [])
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = report_import_xlsx(
                actor=self.request.user, report=self.object, data=upload.read(), filename=upload.name
            )
        except ValidationError as exc:
            self.import_errors = exc.messages
            form.add_error(
                None, _("文件未导入（整表不保存）：共 %(n)d 处问题，见下方清单。") % {"n": len(exc.messages)}
            )
            return self.form_invalid(form)
        except (ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已导入：%(n)d 个单元格有变化。") % {"n": len(result.changed)})
        return HttpResponseRedirect(report_url(self.object))


class _ExportView(ScopedDetailView):
    model = DisclosureReport
    fmt = ""
    content_type = ""

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def render(self, report) -> bytes:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        content = self.render(report)
        audit_export(actor=request.user, report=report, fmt=self.fmt)
        response = HttpResponse(content, content_type=self.content_type)
        from urllib.parse import quote

        name = quote(f"{title_of(report)}（统计表）.{self.fmt}")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response


class ReportDocxView(_ExportView):
    fmt = "docx"
    content_type = DOCX

    def render(self, report) -> bytes:
        return report_docx(report)


class ReportXlsxView(_ExportView):
    fmt = "xlsx"
    content_type = XLSX

    def render(self, report) -> bytes:
        return report_xlsx(report)
