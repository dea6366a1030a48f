"""Export of a list page to .xlsx: exactly the rows the page lists (its scoped, filtered queryset).

A list view opts in with :class:`ExcelExportMixin` and the key of its register; ``?export=xlsx`` on
the page's own URL (with its filters) then answers with the workbook, and the export is audited.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass

from django import forms
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import has_permission_anywhere
from fazhi.core.services.audit import audit_record
from fazhi.excel.registers import Register, get_register
from fazhi.excel.writer import add_sheet, header_cells, new_workbook, set_layout

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ExportStats:
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def write_export(register: Register, records, out, *, actor=None) -> ExportStats:
    """Write ``records`` (the list page's queryset) to ``out`` (a path or a binary file)."""
    started = time.perf_counter()
    workbook = new_workbook()
    sheet = add_sheet(workbook, register.sheet_name)
    columns = register.export_columns()
    set_layout(sheet, [c.width for c in columns])
    sheet.append(header_cells(sheet, [c.title for c in columns]))
    sheet.auto_filter.ref = f"A1:{_letter(len(columns))}1"
    rows = sheet.write_rows(register.export_rows(records, actor=actor))
    workbook.save(out)
    return ExportStats(rows=rows, seconds=time.perf_counter() - started)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(max(index, 1))


def export_filename(register: Register) -> str:
    return f"{register.title}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def export_response(register: Register, records, *, actor, filters: str = "") -> FileResponse:
    """The workbook as a download, after the export has been audited (row count and filters)."""
    out = tempfile.TemporaryFile()
    stats = write_export(register, records, out, actor=actor)
    membership = actor.current_membership()
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=register.model._meta.label_lower,
        object_repr=_("%(title)s（Excel）") % {"title": register.title},
        unit=membership.unit if membership else None,
        note=_("导出%(title)s %(rows)d 行；筛选条件：%(filters)s")
        % {"title": register.title, "rows": stats.rows, "filters": filters or _("无")},
    )
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(register), content_type=XLSX_CONTENT_TYPE
    )


def describe_filters(form: forms.Form | None, query=None) -> str:
    """The list's filters as an official reads them: “单位（含下级）=清河县司法局；状态=正常”."""
    if form is not None and form.is_bound and form.is_valid():
        parts = []
        for name, value in form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            field = form.fields[name]
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}={value}")
        return "；".join(parts)
    if query is not None:
        query = query.copy()
        for key in ("export", "page"):
            query.pop(key, None)
        return query.urlencode()
    return ""


class ExcelExportMixin:
    """For a ScopedListView: ``?export=xlsx`` exports the page's own queryset (every page of it).

    Put it before the list view base: ``class UserListView(ExcelExportMixin, ScopedListView)``, with
    ``excel_register = "users"``. The template gets ``excel_export_url`` (the current filters kept)
    and ``excel_import_url`` when the register can import and the user may add records.
    """

    excel_register = ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def get_excel_register(self) -> Register:
        return get_register(self.excel_register)

    def export_xlsx(self):
        register = self.get_excel_register()
        filters = describe_filters(getattr(self, "filter_form", None), self.request.GET)
        return export_response(register, self.get_queryset(), actor=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for key in ("page", "export"):
            query.pop(key, None)
        query["export"] = "xlsx"
        context["excel_export_url"] = f"?{query.urlencode()}"
        register = self.get_excel_register()
        if register.importable and has_permission_anywhere(
            self.request.user, register.model.scope_permission(register.import_action)
        ):
            context["excel_import_url"] = register.import_url()
        return context
