"""Demo figures typed in for work done in other systems (热线, 调解, 培训 …).

The previous calendar year in full and each completed quarter of this year, for the demo county's
departments and towns, so the metric pages have true figures to show: what the 法治办 would collect
from the units today by telephone and Excel. Deterministic (seeded); entered through the same bulk
service as an Excel import, so every figure is audited.
"""

from __future__ import annotations

from fazhi.core.demo import register_demo_step
from fazhi.metrics.periods import Period
from fazhi.metrics.services import metric_entries_create_bulk

TOWNS = (
    "qh-cgz",
    "qh-hkz",
    "qh-qsz",
    "qh-lxz",
    "qh-bsz",
    "qh-sqz",
    "qh-tyz",
    "qh-smx",
    "qh-fsx",
    "qh-qxjd",
    "qh-wcjd",
    "qh-dhjd",
)

#: (metric key, units, yearly range, evidence) — a quarter gets about a quarter of a year
FIGURES = [
    ("mediation.cases", TOWNS, (60, 240), "人民调解委员会调解台账"),
    ("mediation.legal_aid_cases", ("qh-sfj",), (260, 420), "法律援助中心案件登记表"),
    ("training.sessions", ("qh-sfj", "qh-zfb"), (8, 24), "学法培训通知及签到表"),
    ("training.participants", ("qh-sfj", "qh-zfb"), (600, 1800), "培训签到表汇总"),
    ("complaints.tickets", ("qh-zwb",), (21_000, 36_000), "12345 热线系统年度导出"),
]
# 执法人员 (enforcement.personnel) is computed from the roster the enforcement demo step builds.


def _rows(context, periods: list[tuple[Period, float]]):
    rng = context.rng
    for key, codes, (low, high), evidence in FIGURES:
        for code in codes:
            yearly = rng.randint(low, high)
            for period, share in periods:
                value = max(0, round(yearly * share * rng.uniform(0.8, 1.2)))
                yield {
                    "key": key,
                    "unit": context.unit(code),
                    "period": period,
                    "value": value,
                    "evidence": f"{evidence}（{period.label}）",
                }


def build_metric_entries(context) -> None:
    periods = [(Period.for_year(context.previous_year), 1.0)]
    this_year = context.today.year
    completed_quarters = (context.today.month - 1) // 3
    periods += [(Period.for_quarter(this_year, q), 0.25) for q in range(1, completed_quarters + 1)]
    metric_entries_create_bulk(actor=context.actor, rows=list(_rows(context, periods)), note="演示数据")


register_demo_step("metrics.typed_in", 300, build_metric_entries)
