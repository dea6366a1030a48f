"""The embedded ``thread`` backend: jobs run on a worker thread of this process, with committed data."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import time

import pytest

from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.services import interrupted_error, job_enqueue
from fazhi.jobs.worker import EmbeddedWorker, embedded_worker, start_embedded_worker
from tests.jobs import handlers  # noqa: F401 — registers the test handlers

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(job: Job, statuses, timeout: float = 20.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job stayed {job.status} for {timeout} s")


@pytest.fixture
def thread_backend(settings):
    settings.FAZHI_JOBS_BACKEND = "thread"
    worker = embedded_worker()
    yield worker
    worker.stop()
    assert not worker.running


def test_start_only_with_the_thread_backend(settings):
    settings.FAZHI_JOBS_BACKEND = "inline"
    assert start_embedded_worker() is False
    assert not embedded_worker().running


def test_the_thread_backend_runs_a_committed_job(people, tree, thread_backend):
    job = job_enqueue(
        actor=people.clerk_a, kind="tests.ok", unit=tree.dept_a
    )  # autocommit: dispatched at once
    assert thread_backend.running
    job = wait_for(job, {JobStatus.SUCCEEDED, JobStatus.FAILED})
    assert (job.status, job.progress, job.result_summary) == (JobStatus.SUCCEEDED, 100, {"行数": 3})
    assert job.worker.endswith(f":{os.getpid()}")


def test_the_thread_backend_records_a_crash_and_a_rerun(people, tree, thread_backend):
    from fazhi.jobs.services import job_retry

    job = job_enqueue(actor=people.clerk_a, kind="tests.crash", unit=tree.dept_a, params={"crash": True})
    job = wait_for(job, {JobStatus.SUCCEEDED, JobStatus.FAILED})
    assert job.status == JobStatus.FAILED
    assert "RuntimeError: 磁盘已满" in job.error
    Job.objects.filter(pk=job.pk).update(params={"crash": False})
    job_retry(actor=people.clerk_a, job=job)
    job = wait_for(job, {JobStatus.SUCCEEDED})
    assert job.attempts == 2


def test_on_start_the_worker_fails_orphans_and_picks_up_queued_jobs(people, tree, settings):
    settings.FAZHI_JOBS_BACKEND = "thread"
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    orphan = Job.objects.create(
        kind="tests.ok",
        label="上次崩溃时在执行",
        owner=people.clerk_a,
        unit=tree.dept_a,
        status=JobStatus.RUNNING,
        worker=f"{socket.gethostname()}:{child.pid}",
    )
    # Queued by a process that died before its worker took it: never dispatched to this one.
    waiting = Job.objects.create(kind="tests.ok", label="排队未执行", owner=people.clerk_a, unit=tree.dept_a)
    Job.objects.filter(pk=waiting.pk).update(updated_at=waiting.updated_at - datetime.timedelta(minutes=1))

    worker = EmbeddedWorker()
    worker.poll_seconds = 0.2
    worker.start()
    try:
        waiting = wait_for(waiting, {JobStatus.SUCCEEDED, JobStatus.FAILED})
        orphan.refresh_from_db()
    finally:
        worker.stop()
    assert waiting.status == JobStatus.SUCCEEDED
    assert (orphan.status, orphan.error) == (JobStatus.FAILED, interrupted_error())
