"""A scoping sample for the generated suite: a finished job with a result file, owned by someone else."""

from __future__ import annotations

import itertools

from django.utils import timezone

from fazhi.core.choices import Role
from fazhi.jobs.choices import JobStatus
from fazhi.jobs.models import Job
from fazhi.jobs.services import job_set_result
from tests.factories import make_user
from tests.scoping_samples import register_sample

_n = itertools.count(1)


@register_sample(Job)
def make_job(unit) -> Job:
    owner = make_user(f"sample_job_owner_{next(_n)}", unit, Role.CLERK, full_name="样本任务发起人")
    job = Job.objects.create(
        unit=unit,
        owner=owner,
        kind="jobs.selftest",
        label="样本任务",
        status=JobStatus.SUCCEEDED,
        progress=100,
        message="已完成",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        attempts=1,
    )
    return job_set_result(job, filename="样本结果.txt", content="样本结果\n".encode(), summary={"行数": 1})
