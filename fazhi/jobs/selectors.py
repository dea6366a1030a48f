"""Reads of background jobs, always through the restricted queryset."""

from __future__ import annotations

from fazhi.core.choices import Permission
from fazhi.core.scoping import has_permission_on_unit
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.progress import live_progress


def job_list(*, user, status: str | None = None, mine: bool = False):
    qs = Job.objects.restrict(user, "view").select_related("owner", "unit").order_by("-created_at")
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(owner=user)
    return qs


def job_current_progress(job: Job) -> tuple[int, str]:
    """The progress to show: the row's, or a newer report kept in memory while the handler's own
    transaction keeps the row from being updated (see fazhi.jobs.progress)."""
    if job.status == JobStatus.RUNNING:
        live = live_progress(job.pk)
        if live is not None and live[0] >= job.progress:
            return live
    return job.progress, job.message


def job_manageable_by(job: Job, user) -> bool:
    """True for a 系统管理员 of the job's unit: the traceback is shown to them, not to everyone."""
    return has_permission_on_unit(user, Permission.MANAGE, job.unit)
