"""FAZHI_JOBS_BACKEND defaults per environment, and the refusals (a fresh interpreter per case)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "FAZHI_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-0123456789",
    "ALLOWED_HOSTS": "fazhi.example.gov.cn",
    "DATABASE_URL": "postgresql://fazhi:secret@db.example.internal:5432/fazhi",
}
SHOW = "from django.conf import settings as s; print(s.FAZHI_JOBS_BACKEND, s.FAZHI_JOBS_QUEUE)"


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        **env,
    }
    return subprocess.run(  # noqa: S603 — this interpreter running the test's own code
        [sys.executable, "-c", SHOW], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"FAZHI_ENV": "development"}, "thread fazhi"),
        ({"FAZHI_ENV": "development", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}, "thread fazhi"),
        ({"FAZHI_ENV": "test"}, "inline fazhi"),
        (PRODUCTION, "thread fazhi"),
        ({**PRODUCTION, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}, "celery fazhi"),
        (
            {
                "FAZHI_ENV": "development",
                "FAZHI_JOBS_BACKEND": "celery",
                "CELERY_BROKER_URL": "redis://h/1",
                "FAZHI_JOBS_QUEUE": "jobs",
            },
            "celery jobs",
        ),
    ],
)
def test_backend_defaults(env, expected):
    result = run(env)
    assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr


def test_celery_without_a_broker_is_refused():
    result = run({"FAZHI_ENV": "development", "FAZHI_JOBS_BACKEND": "celery"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "FAZHI_JOBS_BACKEND=celery 需要设置 CELERY_BROKER_URL（如 redis://127.0.0.1:6379/0）"
    )


def test_an_unknown_backend_is_refused():
    result = run({"FAZHI_ENV": "development", "FAZHI_JOBS_BACKEND": "rq"})
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "FAZHI_JOBS_BACKEND 只能是 inline、thread 或 celery，当前为 'rq'"
    )


def test_s3_storage_needs_the_optional_extra():
    result = run({"FAZHI_ENV": "development", "FAZHI_S3_BUCKET": "fazhi-files"})
    if importlib.util.find_spec("storages") is not None:  # pip install 'fazhi[s3]' was run here
        assert result.returncode == 0, result.stderr
        return
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "设置了 FAZHI_S3_BUCKET，但未安装 django-storages：请运行 pip install 'fazhi[s3]'"
    )
