#!/usr/bin/env python3
"""Run the whole test suite the way `make test` and CI do, and say plainly what ran and what was skipped.

1. pytest on SQLite (always);
2. the same suite on PostgreSQL when FAZHI_TEST_POSTGRES_URL is set (pytest-django creates and drops
   the test databases; the server is checked first so an unreachable one is reported, not a traceback);
3. browser tests (marker ``browser``) run inside both when Chromium and ChromeDriver are installed;
4. the Celery end-to-end test (marker ``celery``, tests/jobs/test_celery.py) runs inside both when Redis
   answers on 127.0.0.1:6379 (or FAZHI_TEST_REDIS_URL).

Counts come from pytest's JUnit XML, not from its terminal output. With CI=true a missing PostgreSQL,
Chromium or Redis fails the run instead of being skipped. Extra arguments are passed on to pytest.
Standard library only: it runs before anything is known about the environment (psycopg is imported
lazily, only to check the server).
"""

from __future__ import annotations

import collections
import dataclasses
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_HINT = "安装 Debian 包 chromium chromium-driver（apt-get install chromium chromium-driver）"
#: A whole run (one database) that takes longer than this is stopped and counted as failed: a guard against a
#: hung run, not a speed target (the PostgreSQL run takes about 14 minutes on a 2-core machine).
RUN_TIMEOUT = int(os.environ.get("FAZHI_TEST_RUN_TIMEOUT", "1800"))


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@dataclasses.dataclass
class RunResult:
    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    browser_passed: int = 0
    browser_failed: int = 0
    browser_skipped: int = 0
    celery_passed: int = 0
    celery_failed: int = 0
    celery_skip_reason: str = ""
    skip_reasons: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    exit_code: int | None = None
    seconds: float = 0.0
    problem: str = ""  # why the run counts as failed beyond failing tests (no tests, crash, timeout)
    detail: str = ""  # e.g. the server version

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and self.failed == 0 and not self.problem

    def counts(self) -> str:
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


# --- discovering what this machine has -------------------------------------------------------------


def _find(env_name: str, debian_path: str, command: str) -> str | None:
    if os.environ.get(env_name):
        return os.environ[env_name] if os.access(os.environ[env_name], os.X_OK) else None
    return debian_path if os.access(debian_path, os.X_OK) else shutil.which(command)


def find_chromium() -> tuple[str | None, str | None]:
    """(chromium, chromedriver) paths; the same rules as tests/browser/chromium.py."""
    return (
        _find("FAZHI_CHROMIUM", "/usr/bin/chromium", "chromium"),
        _find("FAZHI_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver"),
    )


def chromium_version(chromium: str) -> str | None:
    try:
        out = subprocess.run(  # noqa: S603 — the Chromium found on this machine, fixed arguments
            [chromium, "--version"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+(?:\.\d+)+)", out)
    return match.group(1) if match else None


def check_postgres(url: str) -> tuple[bool, str]:
    """(reachable, server version or the reason it is not)."""
    try:
        import psycopg
    except ImportError:
        return False, "未安装 psycopg（pip install -e '.[dev]' 会安装它）"
    try:
        # The maintenance database: the one in the URL need not exist, pytest-django creates test_<name>.
        with psycopg.connect(url, dbname="postgres", connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:  # any failure to connect is reported the same way
        message = " ".join(str(exc).split())
        return False, f"无法连接 {redact(url)}：{message}"
    return True, f"PostgreSQL {version.split()[0]}"


def redact(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def xdist_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("xdist") is not None
    except ImportError:
        return False


# --- running pytest --------------------------------------------------------------------------------


def run_pytest(name: str, env: dict[str, str], extra_args: list[str], workdir: Path) -> RunResult:
    result = RunResult(name=name)
    junit = workdir / f"junit-{name.lower()}.xml"
    args = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit2",
    ]
    if cpu_count() > 1 and xdist_available():
        # loadgroup keeps the browser tests (xdist_group "browser") on one worker and one Chromium.
        args += ["-n", "auto", "--dist", "loadgroup"]
    args += extra_args
    print(f"\n==== fazhi 测试：{name} ====", flush=True)
    print("$ " + " ".join(args[1:]), flush=True)
    started = time.monotonic()
    # Its own process group, so a timeout or Ctrl-C stops pytest-xdist's workers too. The arguments
    # are this script's own plus the developer's (S603).
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
    try:
        result.exit_code = proc.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        stop(proc)
        result.exit_code = -1
        result.problem = f"超时：超过 {RUN_TIMEOUT} 秒未结束，已终止（FAZHI_TEST_RUN_TIMEOUT 可调整）"
    except KeyboardInterrupt:
        stop(proc)
        raise
    result.seconds = time.monotonic() - started
    read_junit(junit, result)
    if result.exit_code == 5:
        result.problem = "pytest 没有收集到任何测试（exit 5）"
    elif result.exit_code not in (0, 1, -1) and not result.problem:
        result.problem = f"pytest 异常退出（exit {result.exit_code}）"
    elif result.exit_code == 1 and result.failed == 0 and not result.problem:
        result.problem = "pytest 报告失败（exit 1），但 JUnit XML 中没有失败的测试"
    return result


def stop(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def read_junit(path: Path, result: RunResult) -> None:
    if not path.exists():
        if not result.problem:
            result.problem = "pytest 没有写出 JUnit XML（可能在启动阶段就出错了）"
        return
    try:
        tree = ET.parse(path)  # noqa: S314 — the report pytest just wrote
    except ET.ParseError as exc:
        result.problem = f"无法解析 JUnit XML：{exc}"
        return
    for case in tree.iter("testcase"):
        classname = case.get("classname") or ""
        # tests/browser/ and each app's test_browser.py (all marked ``browser``)
        is_browser = classname.startswith("tests.browser") or ".test_browser" in classname
        is_celery = (case.get("classname") or "").startswith("tests.jobs.test_celery")
        if case.find("failure") is not None or case.find("error") is not None:
            result.failed += 1
            result.browser_failed += is_browser
            result.celery_failed += is_celery
        elif (skipped := case.find("skipped")) is not None:
            result.skipped += 1
            result.browser_skipped += is_browser
            reason = (skipped.get("message") or "").strip()
            reason = re.sub(r"^Skipped: ", "", reason) or "（未说明原因）"
            result.skip_reasons[reason] += 1
            if is_celery:
                result.celery_skip_reason = reason
        else:
            result.passed += 1
            result.browser_passed += is_browser
            result.celery_passed += is_celery


# --- the whole sequence ----------------------------------------------------------------------------


def base_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FAZHI_ENV"] = "test"
    # Tests never write into the developer's var/ (demo database, media).
    env["FAZHI_DATA_DIR"] = str(data_dir)
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pyproject.toml names fazhi.settings
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("SE_OFFLINE", "true")  # Selenium must never try to download a driver
    return env


def main(argv: list[str]) -> int:
    ci = is_ci()
    started = time.monotonic()
    pg_url = os.environ.get("FAZHI_TEST_POSTGRES_URL", "").strip()
    chromium, driver = find_chromium()
    version = chromium_version(chromium) if chromium and driver else None

    browser_note = ""
    if not chromium or not driver:
        missing = " 与 ".join(n for n, p in (("chromium", chromium), ("chromedriver", driver)) if not p)
        browser_note = f"已跳过 — 未找到 {missing}，{DEBIAN_HINT}"
    elif version is None:
        browser_note = f"已跳过 — {chromium} --version 无法运行，Chromium 安装可能已损坏"

    print("==== fazhi 测试环境 ====")
    print(f"Python:      {sys.version.split()[0]} ({sys.executable})")
    print(f"CI 模式:     {'是 (CI=true)：缺少 PostgreSQL、Chromium 或 Redis 即判为失败' if ci else '否'}")
    found = f"Chromium {version}（{chromium}，驱动 {driver}）"
    print(f"浏览器:      {browser_note or found}")
    print(f"PostgreSQL:  {redact(pg_url) if pg_url else '未设置 FAZHI_TEST_POSTGRES_URL'}", flush=True)

    results: list[RunResult] = []
    pg_note = ""
    with tempfile.TemporaryDirectory(prefix="fazhi-tests-") as tmp:
        tmpdir = Path(tmp)
        env = base_env(tmpdir / "data")
        if browser_note:
            env.pop("FAZHI_CHROMIUM", None)
            env["FAZHI_BROWSER_SKIP_REASON"] = browser_note.removeprefix("已跳过 — ")
        else:
            env["FAZHI_CHROMIUM"], env["FAZHI_CHROMEDRIVER"] = chromium, driver

        results.append(run_pytest("SQLite", env, argv, tmpdir))

        if not pg_url:
            pg_note = (
                "已跳过 — 未设置 FAZHI_TEST_POSTGRES_URL（例如 postgresql://postgres@127.0.0.1:5432/fazhi）"
            )
        else:
            reachable, info = check_postgres(pg_url)
            if not reachable:
                pg_note = f"已跳过 — {info}"
            else:
                pg_env = dict(env, DATABASE_URL=pg_url)
                pg_result = run_pytest("PostgreSQL", pg_env, argv, tmpdir)
                pg_result.detail = info
                results.append(pg_result)

    return summarize(
        results,
        ci=ci,
        pg_note=pg_note,
        browser_note=browser_note,
        version=version,
        seconds=time.monotonic() - started,
    )


def summarize(
    results: list[RunResult],
    *,
    ci: bool,
    pg_note: str,
    browser_note: str,
    version: str | None,
    seconds: float,
) -> int:
    by_name = {r.name: r for r in results}
    problems: list[str] = []
    skipped_parts: list[str] = []  # whole parts that did not run: always in the banner, failures under CI

    def line(result: RunResult) -> str:
        text = f"{result.counts()}   ({result.seconds:.0f} 秒"
        text += f"，{result.detail})" if result.detail else ")"
        if result.problem:
            text += f"   失败原因：{result.problem}"
        return text

    for r in results:
        if not r.ok:
            problems.append(f"{r.name}：" + (r.problem or f"{r.failed} 项测试失败"))

    if pg_note:
        skipped_parts.append("PostgreSQL " + pg_note)

    ran_browser = sum(r.browser_passed + r.browser_failed for r in results)
    if browser_note:
        skipped_parts.append("浏览器测试" + browser_note)
        browser_line = browser_note
    elif ran_browser == 0:
        browser_line = "找到了 Chromium，但没有运行任何浏览器测试（全部被跳过或被 -k/-m 排除）"
        skipped_parts.append(browser_line)
    else:
        per_run = "，".join(
            f"{r.name} {r.browser_passed} passed, {r.browser_failed} failed"
            for r in results
            if r.browser_passed + r.browser_failed
        )
        browser_line = f"在 Chromium {version} 中运行 {ran_browser} 项（{per_run}）"

    ran_celery = [r for r in results if r.celery_passed + r.celery_failed]
    if ran_celery:
        celery_line = "真实的 Celery worker 经 Redis 执行任务：" + "，".join(
            f"{r.name} {r.celery_passed} passed, {r.celery_failed} failed" for r in ran_celery
        )
    else:
        reason = next((r.celery_skip_reason for r in results if r.celery_skip_reason), "")
        reason = reason.removeprefix("Celery 端到端测试：")
        celery_line = f"已跳过 — {reason}" if reason else "没有运行 Celery 端到端测试（被 -k/-m 排除）"
        skipped_parts.append("Celery 端到端测试" + celery_line)

    skip_reasons: collections.Counter = collections.Counter()
    for r in results:
        for reason, n in r.skip_reasons.items():
            skip_reasons[f"[{r.name}] {reason}"] += n

    print("\n==== fazhi 测试汇总 ====")
    print(f"SQLite:      {line(by_name['SQLite'])}")
    print(f"PostgreSQL:  {line(by_name['PostgreSQL']) if 'PostgreSQL' in by_name else pg_note}")
    print(f"浏览器测试:  {browser_line}")
    print(f"Celery:      {celery_line}")
    if skip_reasons:
        print(f"跳过的测试:  {sum(skip_reasons.values())} 项（skipped），原因：")
        for reason, n in skip_reasons.most_common():
            print(f"    {n:>4} × {reason}")
    print(f"总耗时:      {seconds:.0f} 秒")

    if ci:
        problems += [f"{part}（CI=true 时不允许跳过）" for part in skipped_parts]
    if skipped_parts or skip_reasons:
        bar = "!" * 78
        print(f"\n{bar}")
        print("!!  注意：本次测试有内容被跳过（SKIPPED），结果不完整")
        for part in skipped_parts:
            print(f"!!  - {part}")
        if skip_reasons:
            print(f"!!  - 共 {sum(skip_reasons.values())} 项测试被跳过，原因见上")
        print(bar)

    if problems:
        print("\n结果:        失败（FAILED）")
        for p in problems:
            print(f"  ✗ {p}")
    else:
        print("\n结果:        通过（PASSED）")

    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\n已中断（Ctrl-C）", file=sys.stderr)
        sys.exit(130)
