"""Reads of the report analysis, always through ``restrict()``."""

from __future__ import annotations

from collections import defaultdict

from fazhi.analysis.engine.catalog import label_of
from fazhi.analysis.models import ReportFigure


def comparison_data(user, reports, metrics: list[str]) -> dict:
    """governments × years on the chosen metrics: one cell per (government, metric, year).
    ``reports``: the user's visible reports (restricted); their figures are restricted again."""
    figures = (
        ReportFigure.objects.restrict(user, "view")
        .filter(report__in=reports, metric__in=metrics, keyed=True)
        .exclude(period__in=["previous_year", "change"])
        .select_related("report")
    )
    years = sorted({r.year for r in reports if r.year})
    cells: dict = defaultdict(dict)
    for f in figures:
        cells[(f.report.government, f.metric)][f.report.year] = f
    rows = []
    for (government, metric), by_year in sorted(cells.items()):
        rows.append(
            {
                "government": government,
                "metric": metric,
                "label": label_of(metric),
                "cells": [
                    {
                        "year": y,
                        "value": float(by_year[y].value) if y in by_year else None,
                        "display": by_year[y].value_display if y in by_year else "",
                        "unit": by_year[y].unit_of_measure if y in by_year else "",
                        "qualifier": by_year[y].qualifier if y in by_year else "",
                        "partial": by_year[y].period in ("partial", "as_of") if y in by_year else False,
                        "report": str(by_year[y].report_id) if y in by_year else "",
                        "figure": str(by_year[y].pk) if y in by_year else "",
                        "quote": by_year[y].quote if y in by_year else "",
                    }
                    for y in years
                ],
            }
        )
    return {"years": years, "rows": rows}
