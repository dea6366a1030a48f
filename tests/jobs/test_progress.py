"""Progress reported inside a handler's own transaction reaches the page: on PostgreSQL through a second
connection, on SQLite (whose write lock the handler holds) through this process's memory (the memory
path is checked in test_services.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.services import job_run
from tests.jobs import handlers

pytestmark = pytest.mark.django_db(transaction=True)


def test_progress_inside_the_handlers_transaction_as_another_connection_sees_it(people, tree):
    handlers.SEEN_PROGRESS.clear()
    job = Job.objects.create(kind="tests.atomic_seen", label="进度", owner=people.clerk_a, unit=tree.dept_a)

    job_run(job.pk)

    if connection.vendor == "postgresql":
        assert handlers.SEEN_PROGRESS == [(60, "事务中")]
    else:
        assert handlers.SEEN_PROGRESS == [(0, "开始执行")]
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.SUCCEEDED, 100, "事务中")
