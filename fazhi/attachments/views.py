"""Pages of attachments: the list (all in scope, or one record's as a reusable panel), upload, delete,
one attachment's details and the download.

A record page shows its attachments with ``{% load attachments %}{% attachments_panel record %}``; the
panel uploads and deletes through htmx and re-renders itself, and works as plain forms without it.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from fazhi.attachments.detection import TYPES, allowed_labels, allowed_types
from fazhi.attachments.models import Attachment
from fazhi.attachments.selectors import (
    attachments_of,
    can_attach,
    parent_visible,
    record_type_of,
    resolve_record,
)
from fazhi.attachments.services import attachment_add, attachment_delete, attachment_record
from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin


def attachment_disposition(filename: str, fallback: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the real name per RFC 5987 (``filename*``)."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in fallback) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("文件"),
        error_messages={
            "required": gettext_lazy("请选择要上传的文件。"),
            "empty": gettext_lazy("文件是空的。"),
        },
    )
    description = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=500)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def panel_context(request, record, *, errors=(), notice: str = "", next_url: str = "") -> dict:
    """What ``attachments/_panel.html`` needs for ``record`` and the current user."""
    record_type = record_type_of(record)
    return {
        "record": record,
        "record_type": record_type,
        "record_id": str(record.pk),
        "panel_id": f"attachments-{record_type.replace('.', '-')}-{record.pk}",
        "attachments": list(attachments_of(user=request.user, record=record)),
        "can_attach": can_attach(user=request.user, record=record),
        "errors": list(errors),
        "notice": notice,
        "next": next_url or request.get_full_path(),
        "max_mb": _max_mb(),
        "allowed": allowed_labels(),
        "accept": ",".join(f".{ext}" for t in allowed_types() for ext in t.extensions),
        "request": request,
    }


def _max_mb() -> int:
    from django.conf import settings

    return settings.FAZHI_ATTACHMENT_MAX_MB


def _safe_next(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return fallback


def _record_list_url(record) -> str:
    query = urlencode({"record_type": record_type_of(record), "record_id": str(record.pk)})
    return f"{reverse('attachments:list')}?{query}"


class AttachmentListView(ScopedListView):
    """Every attachment in scope, or (``?record_type=&record_id=``) those of one record with the panel."""

    model = Attachment
    template_name = "attachments/list.html"

    def get(self, request, *args, **kwargs):
        self.record = None
        if request.GET.get("record_type") or request.GET.get("record_id"):
            self.record = resolve_record(
                user=request.user,
                record_type=request.GET.get("record_type"),
                record_id=request.GET.get("record_id"),
            )
            if is_htmx(request):
                return render(request, "attachments/_panel.html", panel_context(request, self.record))
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        if self.record is not None:
            content_type = ContentType.objects.get_for_model(type(self.record))
            qs = qs.filter(content_type=content_type, object_id=str(self.record.pk))
        return qs.select_related("uploaded_by", "unit", "content_type").prefetch_related("record")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.record is not None:
            context.update(panel_context(self.request, self.record, next_url=self.request.get_full_path()))
        context["record"] = self.record
        return context


class AttachmentUploadView(ScopedViewMixin, generic.View):
    """POST a file for a record (the panel's form). The record must be one the user may change."""

    model = Attachment
    scope_action = "add"
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        record = resolve_record(
            user=request.user,
            record_type=request.POST.get("record_type"),
            record_id=request.POST.get("record_id"),
            action="change",
        )
        form = UploadForm(request.POST, request.FILES)
        errors: list[str] = []
        notice = ""
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = attachment_add(
                    actor=request.user,
                    record=record,
                    file=upload,
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                notice = _("已上传“%(name)s”。") % {"name": attachment.original_name}
        else:
            errors = [e for field_errors in form.errors.values() for e in field_errors]
        next_url = _safe_next(request, _record_list_url(record))
        if is_htmx(request):
            return render(
                request,
                "attachments/_panel.html",
                panel_context(request, record, errors=errors, notice=notice, next_url=next_url),
            )
        for error in errors:
            messages.error(request, error)
        if notice:
            messages.success(request, notice)
        return HttpResponseRedirect(next_url)


class AttachmentVisibleMixin:
    """An attachment whose parent record the user cannot view reads as not found (no audit, no hint)."""

    def get_object(self, queryset=None):
        attachment = super().get_object(queryset)
        if not parent_visible(user=self.request.user, attachment=attachment):
            raise Http404(_("未找到该记录。"))
        return attachment


class AttachmentDetailView(AttachmentVisibleMixin, ScopedDetailView):
    model = Attachment
    template_name = "attachments/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("uploaded_by", "unit", "content_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = attachment_record(self.object)
        context["record"] = record
        context["record_type_label"] = self.object.content_type.model_class()._meta.verbose_name
        context["type_label"] = TYPES[self.object.file_type].label if self.object.file_type in TYPES else ""
        context["can_delete"] = record is not None and can_attach(user=self.request.user, record=record)
        context["record_list_url"] = _record_list_url(record) if record is not None else ""
        return context


class AttachmentDownloadView(AttachmentVisibleMixin, ScopedViewMixin, SingleObjectMixin, generic.View):
    """The file, as a download; audited. Out of scope: 404 and nothing recorded."""

    model = Attachment
    http_method_names = ["get"]

    def refine_queryset(self, qs):
        return qs.select_related("content_type")

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        return download_response(request, attachment)


def download_response(request, attachment: Attachment) -> FileResponse:
    """Open the stored file, audit the download, and answer with it (shared by the page and the API)."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("附件文件已不存在，请联系系统管理员。")) from exc
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        obj=attachment,
        note=_("下载附件“%(name)s”（SHA-256：%(sha256)s）")
        % {"name": attachment.original_name, "sha256": attachment.sha256},
    )
    response = FileResponse(handle, content_type=attachment.mime_type or "application/octet-stream")
    extension = TYPES[attachment.file_type].extensions[0] if attachment.file_type in TYPES else "bin"
    response["Content-Disposition"] = attachment_disposition(
        attachment.original_name, f"attachment-{attachment.pk.hex[:8]}.{extension}"
    )
    response["Content-Length"] = str(attachment.size)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class AttachmentDeleteView(ScopedViewMixin, SingleObjectMixin, generic.View):
    model = Attachment
    scope_action = "delete"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        attachment = self.get_object()
        record = attachment_record(attachment)
        name = attachment.original_name
        # Visible but not changeable (a clerk and the files of the unit record): ScopeViolation, 403.
        attachment_delete(actor=request.user, attachment=attachment)
        notice = _("已删除附件“%(name)s”。") % {"name": name}
        fallback = _record_list_url(record) if record is not None else reverse("attachments:list")
        next_url = _safe_next(request, fallback)
        if is_htmx(request) and record is not None:
            return render(
                request,
                "attachments/_panel.html",
                panel_context(request, record, notice=notice, next_url=next_url),
            )
        messages.success(request, notice)
        return HttpResponseRedirect(next_url)
