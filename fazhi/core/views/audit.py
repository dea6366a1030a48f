"""Pages of the audit log (审计日志) for 审计员 and 系统管理员: the list, one record, export and chain check.

Everyone else is refused: the list, export and check answer 403, a record 404 (as a missing one).
"""

from __future__ import annotations

import datetime
import json
import tempfile
from urllib.parse import quote

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import AuditEvent, OrgUnit
from fazhi.core.services.audit import audit_record, verify_chain
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import querystring_without_page

#: a synchronous export beyond this would keep the request open for minutes; narrow the filters instead
EXPORT_MAX_ROWS = 100_000
EXPORT_COLUMNS = (
    (gettext_lazy("序号"), 8),
    (gettext_lazy("时间"), 20),
    (gettext_lazy("操作人"), 14),
    (gettext_lazy("单位"), 24),
    (gettext_lazy("动作"), 12),
    (gettext_lazy("对象类型"), 14),
    (gettext_lazy("对象"), 30),
    (gettext_lazy("变更内容"), 50),
    (gettext_lazy("说明"), 30),
    (gettext_lazy("客户端地址"), 16),
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def object_type_label(object_type: str) -> str:
    """``core.orgunit`` → 组织机构; an unknown label is shown as it is."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def field_label(object_type: str, name: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    action = forms.ChoiceField(
        label=gettext_lazy("动作"),
        required=False,
        choices=[("", gettext_lazy("全部动作")), *AuditAction.choices],
    )
    actor = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=150)
    unit = UnitChoiceField(
        label=gettext_lazy("单位（含下级）"),
        required=False,
        queryset=OrgUnit.objects.none(),
        empty_label=gettext_lazy("全部单位"),
    )
    object_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    q = forms.CharField(label=gettext_lazy("对象名称"), required=False, max_length=200)

    def __init__(self, *args, user, object_types, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.AUDIT)
        labelled = sorted(((t, object_type_label(t)) for t in object_types if t), key=lambda c: c[1])
        self.fields["object_type"].choices = [("", _("全部类型")), *labelled]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def describe(self) -> str:
        """The filters in words, for the export's audit note."""
        if not self.is_bound or not self.is_valid():
            return _("无")
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}={value}")
        return "，".join(parts) or _("无")


def _local_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditScopedMixin:
    """The audit permission is needed somewhere; then the rows are those of the user's units."""

    model = AuditEvent

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)


class AuditListView(AuditScopedMixin, ScopedListView):
    template_name = "core/audit/list.html"
    paginate_by = 50

    @property
    def filter_form(self) -> AuditFilterForm:
        if not hasattr(self, "_filter_form"):
            object_types = (
                AuditEvent.objects.restrict(self.request.user, "view")
                .order_by()
                .values_list("object_type", flat=True)
                .distinct()
            )
            self._filter_form = AuditFilterForm(
                self.request.GET or None, user=self.request.user, object_types=list(object_types)
            )
        return self._filter_form

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["date_from"]:
                qs = qs.filter(created_at__gte=_local_start(data["date_from"]))
            if data["date_to"]:
                qs = qs.filter(created_at__lt=_local_start(data["date_to"] + datetime.timedelta(days=1)))
            if data["action"]:
                qs = qs.filter(action=data["action"])
            if actor := data["actor"].strip():
                qs = qs.filter(actor_name__icontains=actor)
            if data["unit"]:
                qs = qs.filter(unit__path__startswith=data["unit"].path)
            if data["object_type"]:
                qs = qs.filter(object_type=data["object_type"])
            if q := data["q"].strip():
                qs = qs.filter(object_repr__icontains=q)
        return qs.select_related("unit").order_by("-seq")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["querystring"] = querystring_without_page(self.request)
        return context


class AuditDetailView(ScopedDetailView):
    """Out of scope or without the audit permission: 404, exactly like a record that does not exist."""

    model = AuditEvent
    template_name = "core/audit/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        changes = event.changes if isinstance(event.changes, dict) else {}
        context["change_rows"] = [
            {
                "field": name,
                "label": field_label(event.object_type, name),
                "before": values[0] if isinstance(values, list | tuple) and values else values,
                "after": values[1] if isinstance(values, list | tuple) and len(values) > 1 else None,
            }
            for name, values in changes.items()
        ]
        context["object_type_label"] = object_type_label(event.object_type)
        return context


class AuditExportView(AuditListView):
    """The filtered rows of the list, as .xlsx; the export itself is audited."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.filter_form
        if form.is_bound and not form.is_valid():
            messages.error(request, _("筛选条件有误，请修改后再导出。"))
            return HttpResponseRedirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
        queryset = self.get_queryset()
        total = queryset.count()
        if total > EXPORT_MAX_ROWS:
            messages.error(
                request,
                _("筛选结果共 %(total)s 条，超过单次导出上限 %(limit)s 条，请缩小日期范围后再导出。")
                % {"total": total, "limit": EXPORT_MAX_ROWS},
            )
            return HttpResponseRedirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
        workbook_file, rows = self.build_workbook(queryset)
        membership = request.user.current_membership()
        audit_record(
            actor=request.user,
            action=AuditAction.EXPORT,
            unit=membership.unit if membership else None,
            object_type=AuditEvent._meta.label_lower,
            object_repr=_("审计日志"),
            note=_("导出审计日志 %(rows)s 条；筛选条件：%(filters)s")
            % {"rows": rows, "filters": form.describe()},
        )
        filename = _("审计日志-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
        response = FileResponse(workbook_file, content_type=XLSX_CONTENT_TYPE)
        ascii_name = f"audit-log-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
        )
        add_no_store(response)
        return response

    def build_workbook(self, queryset):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("审计日志"))
        for index, (_label, width) in enumerate(EXPORT_COLUMNS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        bold = Font(bold=True)
        header = []
        for label, _width in EXPORT_COLUMNS:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        rows = 0
        labels: dict[str, str] = {}
        for event in queryset.iterator(chunk_size=2000):
            when = WriteOnlyCell(sheet, value=timezone.localtime(event.created_at).replace(tzinfo=None))
            when.number_format = "yyyy-mm-dd hh:mm:ss"
            if event.object_type not in labels:
                labels[event.object_type] = object_type_label(event.object_type)
            sheet.append(
                [
                    event.seq,
                    when,
                    event.actor_name,
                    event.unit.name if event.unit else "",
                    event.get_action_display(),
                    labels[event.object_type],
                    event.object_repr,
                    json.dumps(event.changes, ensure_ascii=False) if event.changes else "",
                    event.note,
                    event.client_ip,
                ]
            )
            rows += 1
        output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
        workbook.save(output)
        output.seek(0)
        return output, rows


def add_no_store(response) -> None:
    response["Cache-Control"] = "no-store, private"


class AuditVerifyView(AuditScopedMixin, ScopedViewMixin, generic.TemplateView):
    """Recomputes the whole chain; names the first broken record (linked when within the user's scope)."""

    template_name = "core/audit/verify.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = verify_chain()
        broken_visible = bool(report.broken_seq) and self.get_queryset().filter(pk=report.broken_seq).exists()
        return self.render_to_response(self.get_context_data(report=report, broken_visible=broken_visible))
