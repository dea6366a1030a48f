"""The Celery task of the ``celery`` backend: run one job by its id."""

from __future__ import annotations

from django.db import close_old_connections

from fazhi.celery import app
from fazhi.jobs.backends import CELERY_TASK_NAME


@app.task(name=CELERY_TASK_NAME, ignore_result=True)
def run_job(job_id: str) -> None:
    from fazhi.jobs.services import job_run

    close_old_connections()
    try:
        job_run(job_id)
    finally:
        close_old_connections()
