"""Job services on the inline backend (the test default): enqueue, run, fail, retry, recover."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.jobs import progress as progress_module
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.services import (
    interrupted_error,
    job_enqueue,
    job_retry,
    job_run,
    jobs_recover_interrupted,
)
from tests.jobs import handlers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reset_handler_log():
    handlers.CALLS.clear()
    handlers.SEEN_PROGRESS.clear()


def test_settings_default_to_the_inline_backend_in_tests(settings):
    assert settings.FAZHI_JOBS_BACKEND == "inline"


def test_enqueue_creates_a_queued_row_and_runs_only_after_commit(
    people, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a, params={"file": "a.xlsx"})
    job.refresh_from_db()
    assert (job.status, job.progress, job.label, job.owner, job.unit) == (
        JobStatus.QUEUED,
        0,
        "测试任务",
        people.clerk_a,
        tree.dept_a,
    )
    assert handlers.CALLS == []
    assert len(callbacks) == 1

    callbacks[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress, job.message, job.attempts) == (100, "第二步", 1)
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.result_name == "测试结果 2026.xlsx"
    assert job.result_summary == {"行数": 3}
    assert job.result_file.name == f"jobs/{job.created_at.astimezone():%Y/%m}/{job.pk.hex}.xlsx"
    with default_storage.open(job.result_file.name, "rb") as handle:
        assert handle.read() == b"PK-result"
    assert handlers.CALLS == [str(job.pk)]
    event = AuditEvent.objects.get(object_type="jobs.job", object_id=str(job.pk))
    assert (event.action, event.actor, event.unit, event.note) == (
        AuditAction.CREATE,
        people.clerk_a,
        tree.dept_a,
        "提交后台任务：测试任务",
    )


def test_enqueue_refuses_a_unit_outside_the_actors_memberships(
    people, tree, django_capture_on_commit_callbacks
):
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ScopeViolation):
        job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_b, params={})
    assert Job.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert handlers.CALLS == []


def test_enqueue_refuses_an_unknown_kind_and_unserialisable_params(people, tree):
    with pytest.raises(ValueError, match=r"未注册的后台任务类型：no\.such"):
        job_enqueue(actor=people.clerk_a, kind="no.such", unit=tree.dept_a)
    with pytest.raises(ValueError, match="后台任务参数必须能保存为 JSON"):
        job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a, params={"when": object()})
    assert Job.objects.count() == 0


def test_a_crashing_handler_marks_the_job_failed_with_its_error(
    people, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.crash", unit=tree.dept_a, params={"crash": True})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "任务执行时发生意外错误（RuntimeError: 磁盘已满），任务未完成。"
        "可点击“重新执行”再试；如仍失败，请联系系统管理员。"
    )
    assert "Traceback (most recent call last)" in job.traceback
    assert job.traceback.splitlines()[-1] == "RuntimeError: 磁盘已满"
    assert (job.progress, job.message, job.attempts) == (30, "正在处理", 1)
    assert job.finished_at is not None
    assert not Job.objects.filter(status=JobStatus.RUNNING).exists()


def test_a_failed_job_can_be_rerun_by_its_owner(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.crash", unit=tree.dept_a, params={"crash": True})
    Job.objects.filter(pk=job.pk).update(params={"crash": False})  # the cause is fixed

    with django_capture_on_commit_callbacks(execute=True):
        retried = job_retry(actor=people.clerk_a, job=job)
    assert retried.status == JobStatus.QUEUED  # as returned, before the commit ran it
    job.refresh_from_db()
    assert (job.status, job.error, job.traceback, job.attempts, job.progress) == (
        JobStatus.SUCCEEDED,
        "",
        "",
        2,
        100,
    )
    assert job.result_summary == {"结果": "成功"}
    assert handlers.CALLS == [str(job.pk), str(job.pk)]
    event = AuditEvent.objects.filter(object_id=str(job.pk), action=AuditAction.TRANSITION).get()
    assert event.changes == {"status": ["failed", "queued"]}
    assert event.actor == people.clerk_a


def test_an_administrator_of_the_unit_may_rerun_a_users_job(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.refuse", unit=tree.dept_a)
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(actor=people.admin, job=job)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 2)


def test_another_user_cannot_rerun_the_job(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.refuse", unit=tree.dept_a)
    before = Job.objects.values().get(pk=job.pk)
    for outsider in (people.clerk_b, people.admin_other, people.leader):
        with pytest.raises(Job.DoesNotExist):
            job_retry(actor=outsider, job=job)
    assert Job.objects.values().get(pk=job.pk) == before


def test_only_a_failed_job_can_be_rerun(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a)
    before = Job.objects.values().get(pk=job.pk)
    with pytest.raises(ValidationError) as exc:
        job_retry(actor=people.clerk_a, job=job)
    assert exc.value.messages == ["只有执行失败的任务可以重新执行。"]
    assert Job.objects.values().get(pk=job.pk) == before


def test_a_job_error_keeps_its_message_and_no_traceback(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.refuse", unit=tree.dept_a)
    job.refresh_from_db()
    assert (job.status, job.error, job.traceback) == (
        JobStatus.FAILED,
        "第 3 行“日期”格式不正确，未导入任何数据。",
        "",
    )


def test_a_job_runs_once_even_when_delivered_twice(people, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a)
    assert job_run(job.pk) is None
    assert handlers.CALLS == [str(job.pk)]
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_an_unknown_kind_in_the_row_fails_the_job(people, tree):
    job = Job.objects.create(kind="gone.away", label="已下线的任务", owner=people.clerk_a, unit=tree.dept_a)
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "未知的任务类型“gone.away”，无法执行。")


def test_progress_reports_reach_the_row(people, tree, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(progress_module, "MIN_INTERVAL", 0)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.progress", unit=tree.dept_a)
    assert handlers.SEEN_PROGRESS == [(10, "进度 10"), (50, "进度 50"), (90, "进度 90")]
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.SUCCEEDED, 100, "进度 90")


def test_progress_inside_the_handlers_transaction_is_kept_in_memory(
    people, tree, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(progress_module, "MIN_INTERVAL", 0)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.atomic", unit=tree.dept_a)
    assert handlers.SEEN_PROGRESS == [(60, "事务中")]
    assert progress_module.live_progress(job.pk) is None  # forgotten once the job ended
    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_jobs_left_running_by_a_dead_process_are_failed(people, tree):
    host = socket.gethostname()
    orphan = Job.objects.create(
        kind="tests.ok",
        label="孤儿任务",
        owner=people.clerk_a,
        unit=tree.dept_a,
        status=JobStatus.RUNNING,
        worker=f"{host}:{_dead_pid()}",
    )
    alive = Job.objects.create(
        kind="tests.ok",
        label="仍在执行",
        owner=people.clerk_a,
        unit=tree.dept_a,
        status=JobStatus.RUNNING,
        worker=f"{host}:{os.getppid()}",
    )
    elsewhere = Job.objects.create(
        kind="tests.ok",
        label="其他机器",
        owner=people.clerk_a,
        unit=tree.dept_a,
        status=JobStatus.RUNNING,
        worker="another-host:1",
    )

    assert jobs_recover_interrupted() == 1

    orphan.refresh_from_db()
    assert (orphan.status, orphan.error) == (JobStatus.FAILED, interrupted_error())
    assert orphan.finished_at is not None
    assert Job.objects.get(pk=alive.pk).status == JobStatus.RUNNING
    assert Job.objects.get(pk=elsewhere.pk).status == JobStatus.RUNNING


def test_an_unreachable_celery_broker_fails_the_job_instead_of_leaving_it_queued(
    people, tree, settings, django_capture_on_commit_callbacks
):
    settings.FAZHI_JOBS_BACKEND = "celery"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("无法把任务交给任务队列（")
    assert job.error.endswith("）。请检查 Celery 与 Redis 是否在运行，然后点击“重新执行”。")
    assert handlers.CALLS == []
