"""Settings come from the environment; production refuses to start without its secrets.

Settings are read once per process, so each case starts a fresh interpreter with a clean environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_URL = "postgresql://fazhi:secret@db.example.internal:5432/fazhi"
PRODUCTION_OK = {
    "FAZHI_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-0123456789",
    "ALLOWED_HOSTS": "fazhi.example.gov.cn",
    "DATABASE_URL": PG_URL,
}
MISSING = "django.core.exceptions.ImproperlyConfigured: 生产环境（FAZHI_ENV=production）缺少必需的环境变量："

#: Prints the settings a case looks at, as JSON, after the same start-up every command goes through.
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
}))
"""


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter that sees only ``env`` (plus what Python itself needs)."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        **env,
    }
    return subprocess.run(  # noqa: S603 — this interpreter running the test's own code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def show_settings(env: dict[str, str]) -> dict:
    result = run_python(SHOW_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(last_line(result.stdout))


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "SECRET_KEY、ALLOWED_HOSTS、DATABASE_URL"),
        ({"ALLOWED_HOSTS": "fazhi.example.gov.cn", "DATABASE_URL": PG_URL}, "SECRET_KEY"),
        ({"SECRET_KEY": "s" * 50, "DATABASE_URL": PG_URL}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "fazhi.example.gov.cn"}, "DATABASE_URL"),
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "", "DATABASE_URL": PG_URL}, "SECRET_KEY、ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(given, missing):
    result = run_python("import django; django.setup()", {"FAZHI_ENV": "production", **given})

    assert result.returncode != 0
    assert last_line(result.stderr) == MISSING + missing


@pytest.mark.parametrize("url", ["sqlite:////srv/fazhi/fazhi.sqlite3", "mysql://fazhi@db/fazhi"])
def test_production_refuses_a_database_other_than_postgresql(url):
    result = run_python("import django; django.setup()", {**PRODUCTION_OK, "DATABASE_URL": url})

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "生产环境的 DATABASE_URL 必须是 PostgreSQL 连接串（postgresql://…）"
    )


def test_production_settings_are_secure_and_debug_cannot_be_switched_on():
    values = show_settings({**PRODUCTION_OK, "DEBUG": "true"})

    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["fazhi.example.gov.cn"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "fazhi",
    }


def test_an_unknown_fazhi_env_is_refused():
    result = run_python("import django; django.setup()", {"FAZHI_ENV": "staging"})

    assert result.returncode != 0
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "FAZHI_ENV 只能是 development、test 或 production，当前为 'staging'"
    )


def test_development_defaults_to_sqlite_in_wal_mode_under_the_data_dir(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    code = (
        SHOW_SETTINGS
        + """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""
    )
    result = run_python(code, {"FAZHI_DATA_DIR": str(data_dir)})

    assert result.returncode == 0, result.stderr
    settings_line, journal_mode = result.stdout.strip().splitlines()[-2:]
    values = json.loads(settings_line)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(data_dir / "fazhi.sqlite3")
    assert values["DEBUG"] is True
    assert values["SESSION_COOKIE_SECURE"] is False
    assert journal_mode == "wal"
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with contextlib.closing(sqlite3.connect(data_dir / "fazhi.sqlite3")) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
