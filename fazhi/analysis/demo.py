"""Demo step: the seven seed reports (fazhi/analysis/seeds) analysed and stored for the demo county's
司法局 (the office that reads other governments' reports), so the report pages and the comparison
show real published reports. Deterministic: the same files every time."""

from __future__ import annotations

from fazhi.analysis.seeds import REPORT_FILES
from fazhi.core.demo import register_demo_step

DEMO_UNIT = "qh-sfj"


def build_seed_reports(context) -> None:
    from fazhi.analysis.services import source_analyse, source_upload

    unit = context.unit(DEMO_UNIT)
    for path in REPORT_FILES:
        source = source_upload(actor=context.actor, unit=unit, name=path.name, data=path.read_bytes())
        source_analyse(actor=context.actor, source=source)


register_demo_step("analysis.seed_reports", 400, build_seed_reports)
