"""Writes of background jobs: enqueue, run, retry, store a result, recover after a crash.

A job is dispatched to its backend only after the enqueuing transaction commits (a worker must find the
row, and a rolled-back request must not leave work running). Running claims the row with a conditional
update, so a job delivered twice (a Celery redelivery, two embedded workers) still runs once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import traceback as tb
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.scoping import ScopeViolation, has_permission_on_unit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.progress import ProgressReporter
from fazhi.jobs.registry import JobError, get_handler

logger = logging.getLogger(__name__)

#: the last lines of a traceback kept on the job (the full one goes to the log)
TRACEBACK_LINES = 30


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _member_anywhere_in(user, unit) -> bool:
    return any(has_permission_on_unit(user, permission, unit) for permission in Permission.values)


@transaction.atomic
def job_enqueue(*, actor, kind: str, unit, params: dict | None = None) -> Job:
    """Create the job row for ``unit``, audit it, and hand it to the backend once the transaction commits.

    The actor must hold a membership covering ``unit``; what the handler itself may do there is for the
    handler to check (an import checks the ``add`` permission, as the form would).
    """
    handler = get_handler(kind)
    if handler is None:
        raise ValueError(f"未注册的后台任务类型：{kind}")
    if unit is None or not _member_anywhere_in(actor, unit):
        raise ScopeViolation()
    params = params or {}
    try:
        json.dumps(params)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"后台任务参数必须能保存为 JSON：{exc}") from exc
    job = Job.objects.create(
        kind=kind,
        label=str(handler.label)[:200],
        owner=actor,
        unit=unit,
        params=params,
        message=_("排队等候执行"),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=job,
        changes=diff({}, snapshot(job, ["kind", "label", "owner", "unit", "status", "params"])),
        note=_("提交后台任务：%(label)s") % {"label": job.label},
    )
    _dispatch_on_commit(job.pk)
    return job


def _dispatch_on_commit(job_id) -> None:
    from fazhi.jobs.backends import dispatch

    transaction.on_commit(lambda: dispatch(job_id))


@transaction.atomic
def job_retry(*, actor, job: Job) -> Job:
    """Queue a failed job again (its owner or an administrator of its unit); the old result is dropped."""
    job = Job.objects.restrict(actor, "change").get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("只有执行失败的任务可以重新执行。"))
    old_file = job.result_file.name
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        progress=0,
        message=_("排队等候重新执行"),
        error="",
        traceback="",
        started_at=None,
        finished_at=None,
        result_file="",
        result_name="",
        result_summary={},
        worker="",
        updated_at=timezone.now(),
    )
    if not updated:  # a concurrent retry got there first
        raise ValidationError(_("只有执行失败的任务可以重新执行。"))
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=job,
        changes={"status": [JobStatus.FAILED.value, JobStatus.QUEUED.value]},
        note=_("重新执行后台任务：%(label)s（此前失败原因：%(error)s）")
        % {"label": job.label, "error": job.error[:200]},
    )
    if old_file:
        transaction.on_commit(lambda: _delete_file(old_file))
    _dispatch_on_commit(job.pk)
    job.refresh_from_db()
    return job


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete job result %s", name)


def job_set_result(
    job: Job, *, filename: str | None = None, content=None, summary: dict | None = None
) -> Job:
    """Called by a handler: store the result file (bytes or a file object) and/or a summary dict.

    The file goes through Django's storage API under ``jobs/``; ``filename`` is what the download is
    called. Call it outside the handler's own transaction when the file must survive a failure (an
    error sheet), since a rollback also undoes this row update.
    """
    fields = ["updated_at"]
    if content is not None:
        if not filename:
            raise ValueError("job_set_result 需要 filename")
        old_name = job.result_file.name
        suffix = PurePath(filename).suffix.lower()[:10]
        data = content if isinstance(content, File) else ContentFile(content)
        job.result_file.save(f"{job.pk.hex}{suffix}", data, save=False)
        job.result_name = PurePath(filename).name[:255]
        fields += ["result_file", "result_name"]
        if old_name and old_name != job.result_file.name:
            _delete_file(old_name)
    if summary is not None:
        json.dumps(summary)
        job.result_summary = summary
        fields.append("result_summary")
    job.save(update_fields=fields)
    return job


def friendly_error(exc: BaseException) -> str:
    """The Chinese message a user sees for a failure."""
    if isinstance(exc, JobError):
        return str(exc) or _("任务执行失败。")
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    detail = str(exc).strip()
    name = type(exc).__name__
    return _(
        "任务执行时发生意外错误（%(error)s），任务未完成。可点击“重新执行”再试；如仍失败，请联系系统管理员。"
    ) % {"error": f"{name}: {detail[:300]}" if detail else name}


def traceback_summary(exc: BaseException) -> str:
    lines = "".join(tb.format_exception(type(exc), exc, exc.__traceback__)).splitlines()
    if len(lines) > TRACEBACK_LINES:
        lines = ["…", *lines[-TRACEBACK_LINES:]]
    return "\n".join(lines)


def job_run(job_id) -> Job | None:
    """Run one queued job to its end. Never raises for a handler's failure and never leaves it running.

    Returns the finished job, or None when the job was not queued (already run, running elsewhere,
    or gone).
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        finished_at=None,
        progress=0,
        message=_("开始执行"),
        error="",
        traceback="",
        attempts=F("attempts") + 1,
        worker=worker_identity(),
        updated_at=now,
    )
    if not claimed:
        logger.info("job %s is not queued; nothing to run", job_id)
        return None
    job = Job.objects.select_related("owner", "unit").get(pk=job_id)
    # Workers have no request: messages, errors and results are written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        _run_claimed(job)
    job.refresh_from_db()
    return job


def _run_claimed(job: Job) -> None:
    reporter = ProgressReporter(job)
    try:
        handler = get_handler(job.kind)
        if handler is None:
            raise JobError(_("未知的任务类型“%(kind)s”，无法执行。") % {"kind": job.kind})
        handler.fn(job, reporter)
    except (JobError, ValidationError) as exc:
        logger.info("job %s (%s) failed: %s", job.pk, job.kind, exc)
        _finish_failed(job, exc, reporter)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish_failed(job, exc, reporter)
    except BaseException as exc:  # the process is stopping (Ctrl-C, SystemExit): record it, then let it stop
        _finish_failed(job, exc, reporter)
        raise
    else:
        _finish(job, status=JobStatus.SUCCEEDED, progress=100, message=reporter.message or _("已完成"))
    finally:
        reporter.close()


def _finish(job: Job, **fields) -> None:
    fields.update(finished_at=timezone.now(), updated_at=timezone.now())
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


def _finish_failed(job: Job, exc: BaseException, reporter: ProgressReporter) -> None:
    fields = {
        "status": JobStatus.FAILED,
        "progress": reporter.progress,
        "message": reporter.message,
        "error": friendly_error(exc),
        "traceback": "" if isinstance(exc, JobError | ValidationError) else traceback_summary(exc),
    }
    try:
        _finish(job, **fields)
    except DatabaseError:
        # The handler broke the connection (or left a broken transaction): try once on a fresh one.
        if connection.in_atomic_block:
            raise
        close_old_connections()
        connection.close()
        _finish(job, **fields)


def interrupted_error() -> str:
    return _("执行该任务的进程已停止（服务重启或意外退出），任务未完成。可点击“重新执行”再试。")


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell safely elsewhere: leave the job alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_recover_interrupted() -> int:
    """Fail the jobs left "running" by a process of this machine that no longer exists.

    Called when an embedded or Celery worker starts and from the embedded worker's idle polls. Jobs of
    other machines are left alone: only their own workers can tell whether they are still running.
    """
    host = socket.gethostname()
    failed = 0
    for pk, worker in Job.objects.filter(status=JobStatus.RUNNING, worker__startswith=f"{host}:").values_list(
        "pk", "worker"
    ):
        try:
            pid = int(worker.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _pid_alive(pid):
            continue
        now = timezone.now()
        failed += Job.objects.filter(pk=pk, status=JobStatus.RUNNING, worker=worker).update(
            status=JobStatus.FAILED,
            error=interrupted_error(),
            finished_at=now,
            updated_at=now,
        )
    if failed:
        logger.warning("marked %d interrupted job(s) as failed", failed)
    return failed


def job_fail_undispatched(job_id, exc: BaseException) -> None:
    """The backend refused the job (e.g. the Celery broker is down): fail it with the reason."""
    now = timezone.now()
    Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED,
        error=_(
            "无法把任务交给任务队列（%(error)s）。请检查 Celery 与 Redis 是否在运行，然后点击“重新执行”。"
        )
        % {"error": f"{type(exc).__name__}: {str(exc)[:200]}"},
        finished_at=now,
        updated_at=now,
    )
