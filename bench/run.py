"""`make bench`: time every scenario on SQLite and, when a PostgreSQL URL is configured, PostgreSQL.

Each database gets a fresh, migrated database built by a child process; results (scenario, scale,
database, runs, median, min, max, rate, machine) go to bench/results.json.

    python bench/run.py [--scale 1.0] [--runs 3] [--only NAME ...] [--output bench/results.json]

With --only, the other scenarios' earlier results stay in the file (each result has its ``measured_at``).

PostgreSQL: FAZHI_BENCH_POSTGRES_URL, else FAZHI_TEST_POSTGRES_URL (a database named
fazhi_bench_<pid> is created on that server and dropped afterwards).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import machine  # noqa: E402


def _postgres_url() -> str | None:
    return os.environ.get("FAZHI_BENCH_POSTGRES_URL") or os.environ.get("FAZHI_TEST_POSTGRES_URL")


def _with_dbname(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_dbname(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _child(db_url: str, args) -> list[dict]:
    env = dict(os.environ, DATABASE_URL=db_url, FAZHI_ENV="test", PYTHONPATH=str(ROOT))
    env.setdefault("FAZHI_DATA_DIR", tempfile.mkdtemp(prefix="fazhi-bench-data-"))
    command = [sys.executable, "-m", "bench.child", "--scale", str(args.scale), "--runs", str(args.runs)]
    for name in args.only or []:
        command += ["--only", name]
    proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"基准测试子进程失败（{db_url.split(':')[0]}），退出码 {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fazhi 基准测试")
    parser.add_argument("--scale", type=float, default=1.0, help="数据规模倍数（默认 1.0，即议题规定的规模）")
    parser.add_argument("--runs", type=int, default=3, help="每个场景重复次数（默认 3）")
    parser.add_argument("--only", action="append", help="只运行指定场景，可重复")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.runs < 1:
        parser.error("--scale 必须大于 0，--runs 至少为 1")

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        print(f"== SQLite（{tmp}/bench.sqlite3）", file=sys.stderr)
        results += _child(f"sqlite:///{tmp}/bench.sqlite3", args)
    pg = _postgres_url()
    if pg:
        name = f"fazhi_bench_{os.getpid()}"
        print(f"== PostgreSQL（数据库 {name}）", file=sys.stderr)
        _admin(pg, f'CREATE DATABASE "{name}"')
        try:
            results += _child(_with_dbname(pg, name), args)
        finally:
            _admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        print(
            "!! 未设置 FAZHI_BENCH_POSTGRES_URL 或 FAZHI_TEST_POSTGRES_URL：只测 SQLite，跳过 PostgreSQL",
            file=sys.stderr,
        )

    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    here = machine()
    for r in results:
        r["measured_at"] = now
        r["machine"] = here
    output = Path(args.output)
    if args.only and output.exists():
        # --only re-measures some scenarios: the others keep their earlier results, dates and machine
        document = json.loads(output.read_text(encoding="utf-8"))
        earlier = document.get("results", [])
        for r in earlier:
            r.setdefault("machine", document.get("machine"))
        results = [r for r in earlier if r["scenario"] not in args.only] + results
    document = {"generated_at": now, "machine": here, "results": results}
    output.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"\n{'场景':<22}{'数据库':<12}{'条数':>10}{'中位数(s)':>12}{'最小(s)':>10}{'最大(s)':>10}{'速率(条/s)':>14}  目标"
    )
    for r in results:
        met = {True: "达到", False: "未达到", None: "—"}[r["target_met"]]
        print(
            f"{r['scenario']:<22}{r['database']:<12}{r['items']:>10}{r['median_s']:>12}{r['min_s']:>10}"
            f"{r['max_s']:>10}{(r['rate_per_s'] or 0):>14}  {met}"
        )
    print(f"\n结果已写入 {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
