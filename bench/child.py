"""One database's benchmark run (started by bench/run.py with DATABASE_URL set); prints JSON results."""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from bench import scenarios  # noqa: F401  (registers the scenarios)
    from bench.harness import SCENARIOS, measure

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    results = []
    for name, sc in SCENARIOS.items():
        if args.only and name not in args.only:
            continue
        print(f"   {name} …", file=sys.stderr, flush=True)
        result = measure(sc, scale=args.scale, runs=args.runs)
        result["database"] = "sqlite" if vendor == "sqlite" else "postgresql"
        result["database_version"] = version
        print(
            f"   {name}: 中位数 {result['median_s']} s，{result['rate_per_s']} 条/s",
            file=sys.stderr,
            flush=True,
        )
        results.append(result)
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
