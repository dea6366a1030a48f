"""Scenario registry, timing and machine description for the benchmarks."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Scenario:
    name: str
    description: str
    #: builds the data once per database; returns a context passed to ``run``
    setup: Callable[[int], object]
    #: does the measured work once; returns the number of items processed
    run: Callable[[object], int]
    #: how many items the scenario processes at scale 1.0
    items: int
    #: what the issue sets as a target, e.g. {"rate_min": 3000} rows/s or {"seconds_max": 2.0}
    target: dict = field(default_factory=dict)
    #: undo what ``run`` wrote so the next run starts from the same state
    reset: Callable[[object], None] | None = None
    #: extra figures for the results file after the runs (e.g. per-query median and p95)
    report: Callable[[object], dict] | None = None


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, description: str, items: int, target: dict | None = None, reset=None):
    def decorate(build):
        """``build()`` returns ``(setup, run)``, ``(setup, run, reset)`` or ``(setup, run, reset, report)``."""
        parts = build()
        setup, run = parts[0], parts[1]
        undo = parts[2] if len(parts) > 2 and parts[2] is not None else reset
        extra = parts[3] if len(parts) > 3 else None
        SCENARIOS[name] = Scenario(name, description, setup, run, items, target or {}, undo, extra)
        return build

    return decorate


def measure(sc: Scenario, *, scale: float, runs: int) -> dict:
    items = max(1, int(sc.items * scale))
    context = sc.setup(items)
    times = []
    processed = 0
    for _ in range(runs):
        started = time.perf_counter()
        processed = sc.run(context)
        times.append(time.perf_counter() - started)
        if sc.reset is not None:
            sc.reset(context)
    median = statistics.median(times)
    result = {
        "scenario": sc.name,
        "description": sc.description,
        "items": processed,
        "scale": scale,
        "runs": runs,
        "median_s": round(median, 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
        "rate_per_s": round(processed / median, 1) if median > 0 else None,
        "target": sc.target,
    }
    if sc.report is not None:
        result.update(sc.report(context))
    result["target_met"] = target_met(result)
    return result


def target_met(result: dict) -> bool | None:
    target = result["target"]
    if not target:
        return None
    ok = True
    if "rate_min" in target:
        ok = ok and (result["rate_per_s"] or 0) >= target["rate_min"]
    if "seconds_max" in target:
        ok = ok and result["median_s"] <= target["seconds_max"]
    if "query_median_ms_max" in target:
        ok = ok and result.get("query_median_ms", float("inf")) <= target["query_median_ms_max"]
    if "query_p95_ms_max" in target:
        ok = ok and result.get("query_p95_ms", float("inf")) <= target["query_p95_ms_max"]
    return ok


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["processor"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(fh.readline().split()[1])
            info["memory_gib"] = round(kb / 1024 / 1024, 1)
    except OSError:
        pass
    return info
