"""Throughput of the 指标填报值 import, measured on demand: FAZHI_EXCEL_PERF=1 pytest -s tests/metrics/test_excel_perf.py.

Target (issue 3): ≥ 3,000 validated rows/s. Printed, not asserted (machines differ; tests must not flake);
FAZHI_EXCEL_PROFILE=1 also prints where the time goes.
"""

from __future__ import annotations

import os
import time

import pytest

from fazhi.core.models import AuditEvent
from fazhi.metrics.catalog import Kind
from fazhi.metrics.excel_registers import import_entries_file
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.registry import typed_in_metrics
from tests.excel.helpers import workbook_bytes

pytestmark = pytest.mark.skipif(
    not os.environ.get("FAZHI_EXCEL_PERF"), reason="性能测量：设置 FAZHI_EXCEL_PERF=1 运行"
)

HEADERS = ["单位代码", "指标键", "期间", "数值", "依据说明"]
UNITS = ["qh", "qh-sfj", "qh-scj", "qh-scj-cg", "qh-gaj", "qh-cgz"]


def entry_rows(count: int) -> list[list]:
    """``count`` distinct rows over the county's units, every typed-in metric and monthly periods."""
    metrics = typed_in_metrics()
    rows = []
    n = 0
    for year in range(2000, 2100):
        for month in range(1, 13):
            for metric in metrics:
                for unit in UNITS:
                    value = n % 97 if metric.kind != Kind.RATE else f"{n % 1000 / 10:.1f}"
                    rows.append([unit, metric.key, f"{year}-{month:02d}", value, f"统计台账第 {n} 页"])
                    n += 1
                    if n == count:
                        return rows
    return rows


def test_import_50000_metric_entries(people, tree):
    count = int(os.environ.get("FAZHI_EXCEL_PERF_ROWS", "50000"))
    content = workbook_bytes(entry_rows(count), headers=HEADERS, sheet="指标填报值")
    events = AuditEvent.objects.count()
    started = time.perf_counter()
    if os.environ.get("FAZHI_EXCEL_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        result = profile.runcall(import_entries_file, actor=people.admin, path_or_file=content)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)
    else:
        result = import_entries_file(actor=people.admin, path_or_file=content, filename="perf.xlsx")
    seconds = time.perf_counter() - started
    assert result.ok, [str(e) for e in result.errors[:3]] or result.refused
    print(
        f"\n导入指标填报值（{count:,} 行，逐行表单校验，批量保存，逐条审计）：{seconds:.2f} 秒，{count / seconds:,.0f} 行/秒"
    )
    assert MetricEntry.objects.count() == count
    assert AuditEvent.objects.count() == events + count + 1
