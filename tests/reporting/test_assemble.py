"""The interface the renderers use: document_for_report / document_for_unit_year."""

from __future__ import annotations

import pytest

from fazhi.reporting.assemble import chinese_number, document_for_report, document_for_unit_year
from fazhi.reporting.document import Figure
from fazhi.reporting.models import AnnualReport
from fazhi.reporting.outlines import REQUIRED_PARTS
from fazhi.reporting.services import report_create
from tests.reporting.factories import type_in

pytestmark = pytest.mark.django_db


def figures(document) -> list[Figure]:
    paragraphs = [*document.opening, *(p for s in document.walk() for p in s.paragraphs)]
    return [part for p in paragraphs for part in p.parts if isinstance(part, Figure)]


def test_fresh_draft_is_not_saved_and_has_the_structure(typed_in_only, tree, people):
    type_in(tree.county, 2025, {"reconsideration.received": 918}, user=people.legal)
    document = document_for_unit_year(tree.county, 2025)
    assert not AnnualReport.objects.exists()
    assert document.title == "清河县人民政府2025年度法治政府建设情况报告"
    assert [s.heading for s in document.sections] == [
        f"{chinese_number(i + 1)}、{title}" for i, title in enumerate(REQUIRED_PARTS)
    ]
    assert document.sections[0].children[1].number == "（二）"
    assert document.opening and document.signature == "清河县人民政府"
    received = next(f for f in figures(document) if f.text == "918件")
    assert received.key == "reconsideration.received" and received.drilldown_url.startswith(
        "/metrics/values/?"
    )
    assert "reconsideration.closed" in document.missing


def test_existing_report_is_used_and_frozen_values_once_frozen(typed_in_only, tree, people):
    report = report_create(actor=people.legal, unit=tree.county, year=2025)
    type_in(tree.county, 2025, {"reconsideration.received": 5}, user=people.legal)
    assert any(f.text == "5件" for f in figures(document_for_unit_year(tree.county, 2025)))
    AnnualReport.objects.filter(pk=report.pk).update(
        status="frozen",
        frozen_figures={"reconsideration.received": {"text": "4件", "value": "4", "url": "/x"}},
    )
    frozen = document_for_report(AnnualReport.objects.get(pk=report.pk))
    found = [f for f in figures(frozen) if f.key == "reconsideration.received"]
    assert found and all(f.text == "4件" and f.drilldown_url == "/x" for f in found)


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
