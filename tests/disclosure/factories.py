"""Helpers for the disclosure tests: a complete, consistent set of figures and tables made through the
service or, for the scoping samples, as plain rows."""

from __future__ import annotations

from decimal import Decimal

from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.tables import LAYOUT_2021


def balanced_values() -> dict[str, int | str]:
    """Figures that satisfy every check: 自然人 10 new + 2 carried = 11 handled + 1 carried over, …"""
    values: dict[str, int | str] = {
        "t2.rules.issued": 0,
        "t2.normative.issued": 4,
        "t2.normative.repealed": 1,
        "t2.normative.in_force": 23,
        "t2.licensing.decisions": 120,
        "t2.penalty.decisions": 35,
        "t2.coercion.decisions": 2,
        "t2.fees.amount": "12.3456",
        # 自然人: 10 + 2 = (6 + 1 + 1 + 2 + 1) + 1
        "t3.new.natural": 10,
        "t3.carried.natural": 2,
        "t3.disclosed.natural": 6,
        "t3.partly.natural": 1,
        "t3.secret.natural": 1,
        "t3.not_held.natural": 2,
        "t3.petition.natural": 1,
        "t3.carried_over.natural": 1,
        # 商业企业: 3 + 0 = (2 + 1) + 0
        "t3.new.commercial": 3,
        "t3.disclosed.commercial": 2,
        "t3.no_correction.commercial": 1,
        # 法律服务机构: 1 + 1 = 0 + 2
        "t3.new.legal_service": 1,
        "t3.carried.legal_service": 1,
        "t3.carried_over.legal_service": 2,
        "t4.review.upheld": 2,
        "t4.review.corrected": 1,
        "t4.review.pending": 1,
        "t4.direct.upheld": 1,
        "t4.after_review.other": 1,
    }
    return values


def sample_report(unit, year: int) -> DisclosureReport:
    """A table stored as plain rows (no audit): the scoping samples."""
    report = DisclosureReport.objects.create(unit=unit, year=year)
    values = balanced_values()
    DisclosureCell.objects.bulk_create(
        DisclosureCell(
            unit=unit, report=report, table=c.table, row=c.row, column=c.column,
            value=Decimal(str(values.get(c.code, 0))),
        )
        for c in LAYOUT_2021.input_cells
    )  # fmt: skip
    return report
