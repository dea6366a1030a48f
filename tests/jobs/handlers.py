"""Job handlers used by the tests (registered when a test module imports this one)."""

from __future__ import annotations

from django.db import transaction

from fazhi.jobs.models import Job
from fazhi.jobs.registry import JobError, job_handler
from fazhi.jobs.services import job_set_result

CALLS: list[str] = []
SEEN_PROGRESS: list[tuple[int, str]] = []


@job_handler("tests.ok", label="测试任务")
def ok(job, report) -> None:
    CALLS.append(str(job.pk))
    report(40, "第一步")
    report(80, "第二步")
    job_set_result(job, filename="测试结果 2026.xlsx", content=b"PK-result", summary={"行数": 3})


@job_handler("tests.crash", label="会崩溃的任务")
def crash(job, report) -> None:
    """Fails while params.crash is true; a retry after the params were fixed succeeds."""
    CALLS.append(str(job.pk))
    report(30, "正在处理")
    if Job.objects.get(pk=job.pk).params.get("crash", True):
        raise RuntimeError("磁盘已满")
    job_set_result(job, summary={"结果": "成功"})


@job_handler("tests.refuse", label="按预期失败的任务")
def refuse(job, report) -> None:
    raise JobError("第 3 行“日期”格式不正确，未导入任何数据。")


@job_handler("tests.progress", label="报告进度的任务")
def progress(job, report) -> None:
    for step in (10, 50, 90):
        report(step, f"进度 {step}")
        row = Job.objects.values_list("progress", "message").get(pk=job.pk)
        SEEN_PROGRESS.append(row)


@job_handler("tests.atomic", label="在事务中报告进度的任务")
def atomic(job, report) -> None:
    from fazhi.jobs.progress import live_progress

    with transaction.atomic():
        report(60, "事务中")
        SEEN_PROGRESS.append(live_progress(job.pk))


@job_handler("tests.atomic_seen", label="在事务中报告进度，并从另一连接查看")
def atomic_seen(job, report) -> None:
    from django.db import connections

    with transaction.atomic():
        report(60, "事务中")
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                table = other.ops.quote_name(Job._meta.db_table)
                pk = Job._meta.pk.get_db_prep_value(job.pk, other)
                cursor.execute(f"SELECT progress, message FROM {table} WHERE id = %s", [pk])  # noqa: S608
                SEEN_PROGRESS.append(tuple(cursor.fetchone()))
        finally:
            other.close()
