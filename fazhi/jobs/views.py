"""Pages of background jobs: the list, one job with a live progress bar, retry and the result download.

A user sees their own jobs; a 系统管理员 also sees every job of the units they manage. Anything else
answers 404, as a job that does not exist.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.scoping import has_permission_on_unit, units_with_permission
from fazhi.core.services.audit import audit_record
from fazhi.core.views.base import ScopedDetailView, ScopedListView, ScopedViewMixin
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.jobs import SELFTEST_KIND
from fazhi.jobs.models import Job
from fazhi.jobs.selectors import job_current_progress, job_manageable_by
from fazhi.jobs.services import job_enqueue, job_retry


def attachment_disposition(filename: str, fallback: str) -> str:
    """``Content-Disposition`` with an ASCII fallback and the real name per RFC 5987 (``filename*``)."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in fallback) or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class JobListView(ScopedListView):
    model = Job
    template_name = "jobs/list.html"
    paginate_by = 50

    def refine_queryset(self, qs):
        status = self.request.GET.get("status")
        if status in JobStatus.values:
            qs = qs.filter(status=status)
        if self.request.GET.get("mine"):
            qs = qs.filter(owner=self.request.user)
        return qs.select_related("owner", "unit").order_by("-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = JobStatus.choices
        context["status"] = self.request.GET.get("status", "")
        context["mine"] = bool(self.request.GET.get("mine"))
        context["can_selftest"] = units_with_permission(self.request.user, Permission.MANAGE).exists()
        params = self.request.GET.copy()
        params.pop("page", None)
        context["querystring"] = params.urlencode()
        return context


class JobStatusMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        context["progress"], context["step"] = job_current_progress(job)
        context["is_admin"] = job_manageable_by(job, self.request.user)
        return context


class JobDetailView(JobStatusMixin, ScopedDetailView):
    model = Job
    template_name = "jobs/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("owner", "unit")


class JobProgressView(JobStatusMixin, ScopedDetailView):
    """The status card alone, which the detail page polls every second while the job is not finished."""

    model = Job
    template_name = "jobs/_status.html"

    def refine_queryset(self, qs):
        return qs.select_related("owner", "unit")


class JobRetryView(ScopedViewMixin, SingleObjectMixin, generic.View):
    model = Job
    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            job_retry(actor=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已重新提交，任务正在排队执行。"))
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class JobDownloadView(ScopedViewMixin, SingleObjectMixin, generic.View):
    """The result file; the download is audited. Out of scope: 404 and nothing recorded."""

    model = Job
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if not job.result_file:
            raise Http404(_("该任务没有结果文件。"))
        try:
            handle = job.result_file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404(_("结果文件已不存在。")) from exc
        audit_record(
            actor=request.user,
            action=AuditAction.DOWNLOAD,
            obj=job,
            note=_("下载后台任务结果：%(name)s") % {"name": job.result_name},
        )
        name = job.result_name or PurePath(job.result_file.name).name
        response = FileResponse(handle)
        response["Content-Disposition"] = attachment_disposition(
            name, f"job-{job.pk.hex[:8]}{PurePath(name).suffix}"
        )
        response["Cache-Control"] = "no-store, private"
        return response


class JobSelftestView(ScopedViewMixin, generic.View):
    """系统管理员: queue the self-test job to check that the configured backend runs jobs."""

    model = Job
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = request.user.current_membership()
        unit = membership.unit if membership else None
        if unit is None or not has_permission_on_unit(request.user, Permission.MANAGE, unit):
            unit = units_with_permission(request.user, Permission.MANAGE).order_by("path").first()
        if unit is None:
            raise PermissionDenied(_("只有系统管理员可以运行后台任务自检。"))
        job = job_enqueue(
            actor=request.user, kind=SELFTEST_KIND, unit=unit, params={"steps": 5, "pause": 0.5}
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
