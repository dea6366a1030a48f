"""The import page of each register: the template download, the upload, the errors and the error sheet.

One page class, specialised per register in urls.py (so each route has its model, as the scoping
checks and the generated scoping suite expect). The page shows no stored records: it needs the
permission to add records of the register's model somewhere, and the forms it validates with narrow
every unit to the user's scope.
"""

from __future__ import annotations

import datetime
import re
import uuid

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedViewMixin
from fazhi.excel import conf
from fazhi.excel.export import XLSX_CONTENT_TYPE
from fazhi.excel.importer import ERRORS_SHOWN, open_upload, run_import
from fazhi.excel.package import ImportRefused
from fazhi.excel.registers import Register, get_register
from fazhi.excel.template import build_template

ERROR_FOLDER = "excel/errors"
ERROR_SHEET_LIFETIME = datetime.timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        error_messages={
            "required": gettext_lazy("请选择要导入的 Excel 文件。"),
            "empty": gettext_lazy("文件是空的（0 字节），请选择填写好的 Excel 文件。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


def _error_sheet_name(user, token: str) -> str:
    return f"{ERROR_FOLDER}/{user.pk.hex}/{token}.xlsx"


def _purge_old_error_sheets(user) -> None:
    """A user's error sheets are kept for a day: long enough to correct a file, not to pile up."""
    folder = f"{ERROR_FOLDER}/{user.pk.hex}"
    cutoff = timezone.now() - ERROR_SHEET_LIFETIME
    try:
        names = default_storage.listdir(folder)[1] if default_storage.exists(folder) else []
        for name in names:
            path = f"{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
    except (NotImplementedError, OSError):
        pass  # a storage that cannot list or date its files keeps them; nothing depends on the purge


class ImportView(ScopedViewMixin, generic.TemplateView):
    """GET: the page, ``?template=1`` the template, ``?error_sheet=<token>`` an error sheet. POST: import."""

    template_name = "excel/import.html"
    register_key = ""
    scope_action = "add"

    @property
    def register(self) -> Register:
        return get_register(self.register_key)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            return self.template_download()
        if token := request.GET.get("error_sheet"):
            return self.error_sheet_download(token)
        return self.render_to_response(self.get_context_data(form=UploadForm()))

    def template_download(self) -> HttpResponse:
        register = self.register
        content = build_template(register, actor=self.request.user)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = _("%(title)s导入模板.xlsx") % {"title": register.title}
        response["Content-Disposition"] = _disposition(filename)
        return response

    def error_sheet_download(self, token: str) -> FileResponse:
        if not _TOKEN.match(token):
            raise Http404
        name = _error_sheet_name(self.request.user, token)
        if not default_storage.exists(name):
            raise Http404
        register = self.register
        audit_record(
            actor=self.request.user,
            action=AuditAction.DOWNLOAD,
            object_type="excel.errorsheet",
            object_id=token,
            object_repr=_("%(title)s导入错误说明表") % {"title": register.title},
            note=_("下载本人上传文件的错误说明表"),
        )
        filename = _("%(title)s导入_错误说明.xlsx") % {"title": register.title}
        return FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        register = self.register
        user = request.user
        try:
            opened = open_upload(register, upload, size=upload.size)
        except ImportRefused as exc:
            return self.refuse(form, exc.message)
        estimated = opened.estimated_rows
        opened.close()
        if estimated > register.rows_for_job():
            from fazhi.excel.jobs import start_import_job

            job = start_import_job(register, upload, actor=user, filename=upload.name)
            messages.info(
                request,
                _("文件约有 %(rows)s 行，已转为后台导入，本页显示进度；完成后可在“后台任务”中查看结果。")
                % {"rows": f"{estimated:,}"},
            )
            return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
        result = run_import(register, upload, actor=user, size=upload.size, filename=upload.name)
        if result.refused:
            return self.refuse(form, result.refused)
        if result.errors:
            token = uuid.uuid4().hex
            _purge_old_error_sheets(user)
            default_storage.save(_error_sheet_name(user, token), ContentFile(result.error_sheet))
            context = self.get_context_data(
                form=UploadForm(),
                result=result,
                errors=result.errors[:ERRORS_SHOWN],
                more_errors=f"{hidden:,}" if (hidden := len(result.errors) - ERRORS_SHOWN) > 0 else "",
                error_sheet_url=f"{request.path}?error_sheet={token}",
            )
            return self.render_to_response(context)
        messages.success(request, result.message)
        return HttpResponseRedirect(register.list_page_url() or request.path)

    def refuse(self, form, message: str):
        return self.render_to_response(self.get_context_data(form=form, refused=message))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        register = self.register
        context.update(
            register=register,
            columns=register.import_columns(),
            list_url=register.list_page_url(),
            max_rows=f"{conf.max_rows():,}",
            job_threshold=f"{register.rows_for_job():,}",
            max_file_mb=conf.max_file_bytes() // 1024 // 1024,
        )
        return context


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"import.xlsx\"; filename*=UTF-8''{quote(filename, safe='')}"


def import_view_for(register: Register):
    """A page class of its own per register: routes know their model (the scoping checks read it)."""
    name = f"{register.model.__name__}{register.key.title().replace('_', '')}ImportView"
    attrs = {"model": register.model, "register_key": register.key, "scope_action": register.import_action}
    return type(name, (ImportView,), attrs)
