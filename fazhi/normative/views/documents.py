"""Staff pages of the document register: the list, registration and editing, the text upload and the
document's page (its steps, deadlines, comments, the review assistant's flags and its audit trail).

Every record is read through ``restrict`` (the scoped base views); writes go through the services, whose
refusals are shown on the form with nothing written.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.core.views.units import ScopedObjectFormView, add_errors, querystring_without_page
from fazhi.excel.export import ExcelExportMixin
from fazhi.normative import services
from fazhi.normative.choices import UNPUBLISHED
from fazhi.normative.forms.documents import DocumentFilterForm, DocumentForm, UploadTextForm
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.normative.steps import available_steps, editable
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.selectors import reminder_horizon


def deadline_state(deadline: Deadline, today: datetime.date, horizon: datetime.date) -> str:
    """overdue / soon / paused / open for an open deadline; late / met / closed for a finished one
    (the classes ``normative/_deadline_due.html`` colours)."""
    if deadline.status == DeadlineStatus.OPEN:
        if deadline.paused_since is not None or deadline.due_date is None:
            return "paused"
        if deadline.due_date < today:
            return "overdue"
        return "soon" if deadline.due_date <= horizon else "open"
    if deadline.met_late:
        return "late"
    return "met" if deadline.status == DeadlineStatus.MET else "closed"


def document_url(document: NormativeDocument) -> str:
    return reverse("normative:detail", args=[document.pk])


def next_deadlines(documents, user, today: datetime.date, horizon: datetime.date) -> dict[str, dict]:
    """For each document (by pk text): its next open deadline and that deadline's state."""
    ids = [str(d.pk) for d in documents]
    if not ids:
        return {}
    found: dict[str, dict] = {}
    deadlines = (
        Deadline.objects.restrict(user, "view")
        .filter(
            content_type=ContentType.objects.get_for_model(NormativeDocument),
            object_id__in=ids,
            status=DeadlineStatus.OPEN,
        )
        .exclude(due_date=None)
        .order_by("due_date")
    )
    for d in deadlines:
        found.setdefault(d.object_id, {"deadline": d, "state": deadline_state(d, today, horizon)})
    return found


class DocumentListView(ExcelExportMixin, ScopedListView):
    model = NormativeDocument
    excel_register = "normative-documents"
    template_name = "normative/documents/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.filter_form = DocumentFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            for name in ("status", "kind"):
                if data[name]:
                    qs = qs.filter(**{name: data[name]})
            if data["unit"]:
                qs = qs.filter(unit__path__startswith=data["unit"].path)
            if data["year"]:
                year = data["year"]
                qs = qs.filter(Q(published_on__year=year) | Q(published_on=None, created_at__year=year))
            if q := data["q"].strip():
                qs = qs.filter(
                    Q(title__icontains=q)
                    | Q(document_number__icontains=q)
                    | Q(drafting_unit_name__icontains=q)
                    | Q(body__icontains=q)
                )
        return qs.select_related("unit").defer("body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        upcoming = next_deadlines(
            context["object_list"], self.request.user, today, reminder_horizon(on=today)
        )
        for document in context["object_list"]:
            document.next_deadline = upcoming.get(str(document.pk))
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, NormativeDocument.scope_permission("add")),
        )
        return context


def _document_values(data: dict) -> dict:
    return {
        name: data[name]
        for name in (
            "title",
            "kind",
            "drafting_unit",
            "drafting_unit_name",
            "drafter",
            "drafted_on",
            "body",
            "interpretation",
            "validity_years",
        )
        if name in data
    }


class DocumentCreateView(ScopedViewMixin, generic.FormView):
    """登记行政规范性文件（草案）."""

    model = NormativeDocument
    scope_action = "add"
    form_class = DocumentForm
    template_name = "normative/documents/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.document_create(
                actor=self.request.user, unit=data["unit"], **_document_values(data)
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已登记文件草案。"))
        return HttpResponseRedirect(document_url(document))


class DocumentUpdateView(ScopedObjectFormView):
    """Edit a draft's particulars and text; after publication, only its 政策解读."""

    model = NormativeDocument
    scope_action = "change"
    context_object_name = "document"
    form_class = DocumentForm
    template_name = "normative/documents/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["document"] = self.object
        if self.request.method == "GET":
            kwargs["initial"] = {
                name: getattr(self.object, name)
                for name in (
                    "title",
                    "kind",
                    "drafting_unit",
                    "drafting_unit_name",
                    "drafter",
                    "drafted_on",
                    "validity_years",
                    "body",
                    "interpretation",
                )
            }
        return kwargs

    def form_valid(self, form):
        try:
            services.document_update(
                actor=self.request.user, document=self.object, **_document_values(form.cleaned_data)
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            self.object = self.get_object()
            return self.form_invalid(form)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(document_url(self.object))


class DocumentUploadView(ScopedObjectFormView):
    """Upload the text as .docx or PDF: extracted into the body, the file kept as an attachment."""

    model = NormativeDocument
    scope_action = "change"
    context_object_name = "document"
    form_class = UploadTextForm
    template_name = "normative/documents/upload.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not editable(self.object):
            context["refusal"] = _("文件已公布，不能替换正文；修改已公布的文件须按程序另行制定（修改）。")
        return context

    def form_valid(self, form):
        try:
            services.document_upload_text(
                actor=self.request.user, document=self.object, upload=form.cleaned_data["upload"]
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            add_errors(form, exc)
            self.object = self.get_object()
            return self.form_invalid(form)
        messages.success(self.request, _("已上传正文并提取文字。"))
        return HttpResponseRedirect(document_url(self.object))


def highlighted_body(body: str, flags: list[ClauseFlag]) -> SafeString:
    """The text with each flagged sentence marked (escaped; offsets from the review assistant)."""
    parts = []
    position = 0
    for flag in sorted(flags, key=lambda f: f.start):
        if flag.start < position or flag.end > len(body) or body[flag.start : flag.end] != flag.sentence:
            continue
        parts.append(format_html("{}", body[position : flag.start]))
        parts.append(
            format_html(
                '<mark data-flag="{}" title="{}">{}</mark>',
                flag.pk,
                flag.get_category_display(),
                flag.sentence,
            )
        )
        position = flag.end
    parts.append(format_html("{}", body[position:]))
    return format_html_join("", "{}", ((p,) for p in parts))


class DocumentDetailView(ScopedDetailView):
    model = NormativeDocument
    context_object_name = "document"
    template_name = "normative/documents/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "drafting_unit", "drafter", "reviewer", "filing_organ", "replaces")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document, user = self.object, self.request.user
        today = timezone.localdate()
        horizon = reminder_horizon(on=today)
        deadlines = list(services.document_deadlines(document))
        for d in deadlines:
            d.state = deadline_state(d, today, horizon)
        open_deadlines = [d for d in deadlines if d.status == DeadlineStatus.OPEN and d.due_date]
        flags = list(
            ClauseFlag.objects.restrict(user, "view").filter(document=document).select_related("concluded_by")
        )
        comments = list(PublicComment.objects.restrict(user, "view").filter(document=document))
        events = list(
            AuditEvent.objects.restrict(user, "activity")
            .filter(object_type=NormativeDocument._meta.label_lower, object_id=str(document.pk))
            .order_by("seq")
        )
        may_change = NormativeDocument.objects.restrict(user, "change").filter(pk=document.pk).exists()
        context.update(
            today=today,
            steps=available_steps(document, user),
            may_change=may_change,
            editable=editable(document),
            unpublished=document.status in UNPUBLISHED,
            deadlines=deadlines,
            next_deadline=min(open_deadlines, key=lambda d: d.due_date) if open_deadlines else None,
            flags=flags,
            open_flags=sum(1 for f in flags if not f.conclusion),
            comments=comments,
            events=events,
            body=highlighted_body(document.body, flags),
            successors=list(NormativeDocument.objects.restrict(user, "view").filter(replaces=document)),
        )
        return context
