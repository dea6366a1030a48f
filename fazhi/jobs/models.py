"""A background job (后台任务): a row the pages show while the work runs off the request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.core.models.base import ScopedManager, ScopedQuerySet
from fazhi.core.scoping import scope_prefixes
from fazhi.jobs.choices import ACTIVE_STATUSES, JobStatus


def _subtrees(field: str, prefixes: list[str]) -> Q | None:
    if not prefixes:
        return None
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


class JobQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view") -> JobQuerySet:
        """A user's own jobs (in units where they still hold a membership) and, for 系统管理员, every job
        in the units they manage.

        The owner's part is why this overrides the scoped base: a clerk holds no ``manage`` permission,
        yet must follow the import they started. It still goes through :func:`scope_prefixes`, so a
        user who lost every membership sees nothing, not even their own old jobs.
        """
        permission = self.model.scope_permission(action)
        field = self.model.scope_path_field
        condition = _subtrees(field, scope_prefixes(user, permission))
        if action in self.model.owner_actions and getattr(user, "pk", None) is not None:
            member_of = sorted({p for perm in Permission.values for p in scope_prefixes(user, perm)})
            own = _subtrees(field, member_of)
            if own is not None:
                own &= Q(owner=user)
                condition = own if condition is None else condition | own
        qs = self.none() if condition is None else self.filter(condition)
        qs._restricted = True
        return qs


class JobManager(ScopedManager.from_queryset(JobQuerySet)):
    pass


def result_upload_to(job: Job, filename: str) -> str:
    """``jobs/2026/05/<job id>.xlsx``: no user-supplied text in a storage path."""
    created = timezone.localtime(job.created_at) if job.created_at else timezone.localtime()
    return f"jobs/{created:%Y/%m}/{filename}"


class Job(ScopedModel):
    """One run of a registered handler (an import, a report, a reminder round) for a unit."""

    kind = models.CharField(_("任务类型"), max_length=100, db_index=True)
    label = models.CharField(_("任务名称"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.CharField(_("当前步骤"), max_length=500, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to=result_upload_to, max_length=500, blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=255, blank=True)
    result_summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    traceback = models.TextField(_("错误详情"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    #: "host:pid" of the process running it, so a restarted worker can tell an orphan from a live job
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)

    objects = JobManager()

    scope_actions = {"view": Permission.MANAGE, "change": Permission.MANAGE}
    #: actions the job's owner may take on their own job without the manage permission
    owner_actions = frozenset({"view", "change"})
    #: evidence files belong to business records, not to jobs
    attachments_allowed = False

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_job_owner_created")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="jobs_job_progress_0_100"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def can_retry(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
