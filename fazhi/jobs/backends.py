"""Where a committed job runs, chosen by the FAZHI_JOBS_BACKEND setting (docs/jobs.md).

* ``inline``: in the same process, right after the enqueuing transaction commits (tests).
* ``thread``: on the embedded worker thread of this process (development and the demo: no service).
* ``celery``: on a Celery worker, through the broker named by CELERY_BROKER_URL (production).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

BACKENDS = ("inline", "thread", "celery")
CELERY_TASK_NAME = "fazhi.jobs.run_job"


def backend_name() -> str:
    name = getattr(settings, "FAZHI_JOBS_BACKEND", "inline")
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"FAZHI_JOBS_BACKEND 只能是 {'、'.join(BACKENDS)}，当前为 {name!r}")
    return name


def dispatch(job_id) -> None:
    name = backend_name()
    if name == "inline":
        from fazhi.jobs.services import job_run

        job_run(job_id)
    elif name == "thread":
        from fazhi.jobs.worker import embedded_worker

        embedded_worker().submit(job_id)
    else:
        try:
            send_to_celery(job_id)
        except Exception as exc:  # the broker is unreachable or refuses: the job must not stay queued
            logger.exception("could not send job %s to Celery", job_id)
            from fazhi.jobs.services import job_fail_undispatched

            job_fail_undispatched(job_id, exc)


def send_to_celery(job_id) -> None:
    """Publish the job id on the jobs queue. A connection per job: jobs are few, and it always follows
    the current settings (CELERY_BROKER_URL, FAZHI_JOBS_QUEUE)."""
    from fazhi.celery import app

    url = settings.CELERY_BROKER_URL
    if not url:
        raise ImproperlyConfigured("FAZHI_JOBS_BACKEND=celery 需要设置 CELERY_BROKER_URL")
    with app.connection_for_write(url) as conn:
        app.send_task(
            CELERY_TASK_NAME,
            args=[str(job_id)],
            queue=settings.FAZHI_JOBS_QUEUE,
            connection=conn,
            ignore_result=True,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        )
