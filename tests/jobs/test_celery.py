"""A Celery-backed job end to end: a real ``celery -A fazhi worker`` process, Redis, the test database.

Runs when Redis answers (FAZHI_TEST_REDIS_URL, default redis://127.0.0.1:6379/15); otherwise it is
skipped with the reason, and ``make test`` under CI=true counts that skip as a failure (.ci/run starts
redis-server). Each run uses its own queue name, so parallel runs sharing one Redis never take each
other's jobs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from fazhi.jobs.choices import JobStatus
from fazhi.jobs.jobs import SELFTEST_KIND
from fazhi.jobs.models import Job
from fazhi.jobs.services import interrupted_error, job_enqueue

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("FAZHI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 60
SKIP_PREFIX = "Celery 端到端测试"


def redis_problem(url: str) -> str | None:
    """Why Redis cannot be used, or None when it answers."""
    try:
        import redis
    except ImportError:
        return "未安装 redis 客户端（pip install -e '.[dev]'）"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # any failure to connect means the same thing here
        return " ".join(str(exc).split()) or type(exc).__name__
    return None


def database_url() -> str:
    """The test database the test process uses, as a DATABASE_URL for the worker process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    if connection.vendor != "postgresql":
        pytest.skip(f"{SKIP_PREFIX}：不支持的数据库 {connection.vendor}")
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgresql://{credentials}@{host}:{port}/{settings['NAME']}"


def celery_command() -> list[str]:
    script = Path(sys.executable).parent / "celery"
    return [str(script)] if script.exists() else [sys.executable, "-m", "celery"]


def forget_queue(queue: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    for key in client.scan_iter(match="_kombu.binding.*"):
        if client.type(key) == b"set":
            for member in client.smembers(key):
                if queue.encode() in member:
                    client.srem(key, member)


@pytest.fixture
def celery_worker(transactional_db, settings, tmp_path):
    problem = redis_problem(REDIS_URL)
    if problem:
        pytest.skip(
            f"{SKIP_PREFIX}：Redis 无法连接（{REDIS_URL}：{problem}）；"
            "请启动 redis-server 或设置 FAZHI_TEST_REDIS_URL"
        )
    queue = f"fazhi-test-{uuid.uuid4().hex[:12]}"
    settings.FAZHI_JOBS_BACKEND = "celery"
    settings.CELERY_BROKER_URL = REDIS_URL
    settings.FAZHI_JOBS_QUEUE = queue
    env = dict(
        os.environ,
        FAZHI_ENV="test",
        FAZHI_JOBS_BACKEND="celery",
        CELERY_BROKER_URL=REDIS_URL,
        FAZHI_JOBS_QUEUE=queue,
        DATABASE_URL=database_url(),
        FAZHI_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        PYTHONDONTWRITEBYTECODE="1",
    )
    log_path = tmp_path / "celery-worker.log"
    args = [
        *celery_command(),
        "-A",
        "fazhi",
        "worker",
        "--pool=solo",
        "-c",
        "1",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--loglevel=INFO",
    ]
    with log_path.open("wb") as log:
        worker = subprocess.Popen(  # noqa: S603 — celery from this environment, fixed arguments
            args,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    worker.log_path = log_path
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
        forget_queue(queue)


def wait_for(job: Job, worker, statuses) -> Job:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        if worker.poll() is not None:
            break
        time.sleep(0.2)
    log = worker.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
    raise AssertionError(f"job stayed {job.status!r} (worker exit code {worker.poll()}); worker log:\n{log}")


def test_a_celery_worker_runs_a_job_end_to_end(celery_worker, tree, people):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    orphan = Job.objects.create(
        kind=SELFTEST_KIND,
        label="上次崩溃时在执行",
        owner=people.admin,
        unit=tree.county,
        status=JobStatus.RUNNING,
        worker=f"{socket.gethostname()}:{child.pid}",
    )

    job = job_enqueue(
        actor=people.admin, kind=SELFTEST_KIND, unit=tree.county, params={"steps": 2, "pause": 0}
    )

    job = wait_for(job, celery_worker, {JobStatus.SUCCEEDED, JobStatus.FAILED})
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.progress, job.message, job.attempts) == (100, "自检完成", 1)
    host, pid = job.worker.rsplit(":", 1)
    assert host == socket.gethostname()
    assert int(pid) == celery_worker.pid  # run by the worker process, not by this one
    assert job.result_summary["执行进程"] == job.worker
    assert job.result_summary["执行方式"] == "celery"
    assert job.result_summary["数据库"] == connection.vendor
    assert job.result_name == "后台任务自检结果.txt"
    with default_storage.open(job.result_file.name, "rb") as handle:
        text = handle.read().decode()
    assert text.splitlines()[0] == "fazhi 后台任务自检结果"
    assert f"执行进程: {job.worker}" in text.splitlines()
    # The worker's start-up marked the job a crashed process of this machine had left running.
    orphan = wait_for(orphan, celery_worker, {JobStatus.FAILED})
    assert orphan.error == interrupted_error()
