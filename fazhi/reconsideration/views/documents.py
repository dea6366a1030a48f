"""The documents of a case as .docx downloads (``reconsideration:document``, ``<uuid:pk>/document/?key=``).

Only users who can view the case reach it (the case is selected through restrict(); out of scope is
404). Every download is audited as a 下载 of the case, naming the document; the content (names, ID
numbers, addresses) is never logged.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDetailView
from fazhi.reconsideration.documents import (
    CASE_DOCUMENTS,
    DocumentNotAvailable,
    document_filename,
    render_case_document,
)
from fazhi.reconsideration.models import ReconsiderationCase

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_disposition(filename: str, fallback: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the real name per RFC 5987 (``filename*``)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def public_check_url(request) -> str:
    """The address applicants use for the status check: ``FAZHI_PUBLIC_BASE_URL`` (the platform's address
    as seen from outside, when it differs) followed by the route, else this request's own address."""
    path = reverse("reconsideration_public:check")
    base = (getattr(settings, "FAZHI_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


class CaseDocumentView(ScopedDetailView):
    """GET ``?key=reconsideration.<name>``: render the document for the case and send it; without ``key``,
    the page listing the documents the case has at its stage."""

    model = ReconsiderationCase
    http_method_names = ["get"]

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def refuse(self, case, message: str, status: int) -> HttpResponse:
        return render(
            self.request,
            "reconsideration/document_unavailable.html",
            {"case": case, "message": message},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        case = self.get_object()
        key = request.GET.get("key", "").strip()
        if not key:  # the case's documents, each with its download button
            return render(request, "reconsideration/documents.html", {"case": case})
        document = CASE_DOCUMENTS.get(key)
        if document is None:
            return self.refuse(case, _("没有这种行政复议文书，请从案件页面的“法律文书”中选择下载。"), 404)
        try:
            content = render_case_document(case, key, public_url=public_check_url(request))
        except DocumentNotAvailable:
            return self.refuse(
                case,
                _("案件当前阶段还不能生成《%(label)s》：相应的办案环节尚未登记。")
                % {"label": document.label},
                400,
            )
        filename = document_filename(case, key)
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=AuditAction.DOWNLOAD,
                obj=case,
                note=_("生成并下载《%(label)s》") % {"label": document.label},
            )
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = document_disposition(
            filename, f"{key.rsplit('.', 1)[-1]}-{case.pk.hex[:8]}.docx"
        )
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        return response
