"""A scoping sample for the generated suite: a typed-in value of a typed-in-only metric."""

from __future__ import annotations

import itertools
from decimal import Decimal

from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from tests.factories import make_user
from tests.scoping_samples import register_sample

_years = itertools.count(2001)


@register_sample(MetricEntry)
def make_entry(unit) -> MetricEntry:
    period = Period.for_year(next(_years))  # a new year each time: one entry per key, unit and period
    author = make_user(f"sample_metric_author_{period.start.year}", None, full_name="样本填报人")
    return MetricEntry.objects.create(
        unit=unit,
        key="mediation.legal_aid_cases",
        period_start=period.start,
        period_end=period.end,
        value=Decimal(12),
        evidence="法律援助系统年度统计表",
        entered_by=author,
    )
