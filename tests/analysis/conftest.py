"""Fixtures for the report analysis: the in-repo seed reports (fazhi/analysis/seeds)."""

from __future__ import annotations

import pytest

from fazhi.analysis.engine import analyze_paths
from fazhi.analysis.seeds import GOLD, REPORT_FILES, SEEDS_DIR  # noqa: F401


@pytest.fixture(scope="session")
def seed_analysis():
    return analyze_paths(REPORT_FILES)


def keyed(report) -> list[tuple]:
    return sorted((f.metric, float(f.value), f.unit) for f in report.figures if f.keyed)


def by_year(analysis, year):
    return next(r for r in analysis.reports if r.year == year)
