"""Factories for reporting tests: typed-in figures and reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period

GOLD = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "gold.json"


def gold_report(government: str, year: int) -> dict:
    reports = json.loads(GOLD.read_text(encoding="utf-8"))["reports"]
    return next(r for r in reports if r["government"] == government and r["year"] == year)


def type_in(unit, year: int, figures: dict, *, user) -> None:
    """Typed-in yearly figures (key → value) for ``unit``, as an Excel import would enter them."""
    period = Period.for_year(year)
    for key, value in figures.items():
        MetricEntry.objects.update_or_create(
            key=key, unit=unit, period_start=period.start, period_end=period.end,
            defaults={"value": Decimal(str(value)), "evidence": "测试填报", "entered_by": user},
        )  # fmt: skip


def fill_missing(unit, year: int, *, user) -> None:
    """Type in a figure for every key any drafting block quotes that has no value for ``unit`` and
    ``year`` (counts 10, rates 90%), as a 法治办 collects them before drafting."""
    from fazhi.metrics.registry import get_metric
    from fazhi.metrics.values import evaluate
    from fazhi.reporting.blocks import all_blocks

    period = Period.for_year(year)
    figures = {}
    for block in all_blocks():
        for key in block.keys:
            metric = get_metric(key)
            if metric.alias_of or not metric.may_be_typed_in or key in figures:
                continue
            value = evaluate(key, unit, period)
            if value.value is None and not value.not_applicable:
                figures[key] = 90 if metric.is_rate else 10
    type_in(unit, year, figures, user=user)
