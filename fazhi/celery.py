"""The Celery application for ``FAZHI_JOBS_BACKEND=celery`` (docs/jobs.md).

Start a worker with ``celery -A fazhi worker`` (the same environment variables as the web processes:
DATABASE_URL, CELERY_BROKER_URL, FAZHI_ENV …). It consumes the queue named by FAZHI_JOBS_QUEUE and runs
each job through :func:`fazhi.jobs.services.job_run`; the job row, not a Celery result backend, holds the
outcome.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

from django.conf import settings

app = Celery("fazhi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # The job row holds status, result and error; no result backend is needed.
    task_ignore_result=True,
    # A job is acknowledged when a worker takes it; a worker killed mid-job leaves the row "running"
    # and the next worker start on that machine marks it failed (jobs_recover_interrupted), from
    # where a user reruns it. Redelivering half-done imports automatically would be worse.
    task_acks_late=False,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    # A worker started without -Q consumes the queue the web processes publish jobs on.
    task_default_queue=settings.FAZHI_JOBS_QUEUE,
)
app.autodiscover_tasks()
# `celery -A fazhi beat` sends this every hour; each daily task runs once a day after its hour.
app.conf.beat_schedule = {
    "fazhi-daily-tasks": {"task": "fazhi.jobs.run_daily_tasks", "schedule": 3600.0},
}
app.conf.timezone = settings.TIME_ZONE


@app.task(name="fazhi.jobs.run_daily_tasks")
def run_daily_tasks():
    from fazhi.jobs.daily import run_due_daily

    return run_due_daily()


@worker_ready.connect
def _recover_interrupted_jobs(sender=None, **kwargs):
    from fazhi.jobs.services import jobs_recover_interrupted

    jobs_recover_interrupted()
