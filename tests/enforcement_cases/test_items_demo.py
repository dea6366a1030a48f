"""The demo steps of the 权责清单 (enforcement.items, 222) and 两法衔接 (enforcement.transfers, 226)."""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter

import pytest

from fazhi.core.demo import DemoContext
from fazhi.core.demo.org import build_organisation
from fazhi.core.demo.registry import DEMO_SEED
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import verify_chain
from fazhi.enforcement.cases.choices import DecisionKind, ItemKind, ItemStatus, Severity
from fazhi.enforcement.cases.demo_items import bands, build_items, parse
from fazhi.enforcement.cases.demo_items_data import TABLES
from fazhi.enforcement.cases.demo_transfers import build_transfers
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem, JudicialTransfer
from fazhi.enforcement.cases.selectors_items import fine_within
from fazhi.enforcement.cases.services.items import fine_problems
from fazhi.enforcement.demo import build_enforcement
from fazhi.enforcement.models import EnforcementBody
from tests.enforcement_cases.factories import make_case

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)


def build():
    context = DemoContext(today=BUILD_DAY)
    context.rng = random.Random(f"{DEMO_SEED}:core.organisation")
    build_organisation(context)
    context.rng = random.Random(f"{DEMO_SEED}:enforcement.roster")
    build_enforcement(context)
    return context


def test_every_table_line_parses_into_valid_bands():
    for category, table in TABLES.items():
        rows = parse(table)
        assert rows, category
        for index, row in enumerate(rows):
            assert row[1] and row[2].startswith("《"), (category, row[1])
            if row[0] != ItemKind.PENALTY:
                continue
            result = bands(index, row)
            assert 1 <= len(result) <= 4, row[1]
            for severity, circumstance, sanction, low, high in result:
                assert circumstance and sanction
                assert fine_problems(severity=severity, fine_min=low, fine_max=high) == {}, (
                    row[1],
                    low,
                    high,
                )


def test_demo_items_and_transfers():
    context = build()
    before_events = AuditEvent.objects.count()
    started = time.perf_counter()
    build_items(context)
    items_seconds = time.perf_counter() - started
    bodies = EnforcementBody.objects.filter(unit__path__startswith=context.unit("qh").path)
    assert set(EnforcementItem.objects.values_list("body_id", flat=True).distinct()) == set(
        bodies.values_list("pk", flat=True)
    )
    per_body = Counter(EnforcementItem.objects.values_list("body__name", flat=True))
    assert per_body["清河县市场监督管理局"] == 19
    assert min(per_body.values()) >= 1
    assert EnforcementItem.objects.filter(status=ItemStatus.RETIRED).exists()
    food = EnforcementItem.objects.get(name="对未取得食品生产经营许可从事食品生产经营活动的处罚")
    assert food.legal_basis == "《中华人民共和国食品安全法》第三十五条第一款"
    assert [(b.severity, b.fine_min, b.fine_max) for b in food.standards.order_by("code")] == [
        (Severity.EXEMPT, None, None),
        (Severity.LIGHTER, 50000, 65000),
        (Severity.ORDINARY, 65000, 85000),
        (Severity.HEAVIER, 85000, 100000),
    ]
    lighter = food.standards.get(severity=Severity.LIGHTER)
    assert lighter.sanction == "处5万元以上6.5万元以下罚款"
    assert fine_within(lighter, 60000) and not fine_within(lighter, 70000)
    per_item = Counter(DiscretionStandard.objects.values_list("item_id", flat=True))
    penalty_items = EnforcementItem.objects.filter(kind=ItemKind.PENALTY).count()
    assert len(per_item) == penalty_items and max(per_item.values()) <= 4
    items_events = AuditEvent.objects.count() - before_events
    assert items_events == bodies.count()

    # transfers: the demo cases decided as 移送司法机关, and matters without a case
    scj = context.unit("qh-scj")
    item = EnforcementItem.objects.filter(unit=scj, kind=ItemKind.PENALTY).first()
    case = make_case(
        scj,
        item,
        filed_on=datetime.date(2025, 5, 6),
        decision_kind=DecisionKind.TRANSFER,
        decided_on=datetime.date(2025, 6, 10),
        facts="经查……因涉嫌生产、销售伪劣产品罪，依法移送司法机关。",
    )
    before_events = AuditEvent.objects.count()
    started = time.perf_counter()
    build_transfers(context)
    transfers_seconds = time.perf_counter() - started
    linked = JudicialTransfer.objects.get(case=case)
    assert linked.suspected_offence == "生产、销售伪劣产品罪"
    assert linked.party_name == case.party_name and linked.unit == scj
    by_year = Counter(JudicialTransfer.objects.values_list("transferred_on__year", flat=True))
    assert 15 <= by_year[2025] <= 25
    assert by_year[2026] >= 2
    assert all(t.transferred_on <= t.status_on <= BUILD_DAY for t in JudicialTransfer.objects.all())
    assert AuditEvent.objects.count() - before_events == JudicialTransfer.objects.count()
    assert verify_chain().ok
    print(
        f"\nitems step {items_seconds:.2f}s, {EnforcementItem.objects.count()} items, "
        f"{DiscretionStandard.objects.count()} standards, {bodies.count()} bodies; "
        f"{JudicialTransfer.objects.count()} transfers in {transfers_seconds:.2f}s"
    )
