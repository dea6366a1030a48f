"""The 双随机一公开 demo step: pools, ~200 tasks (~13% joint), every recorded draw verifies."""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter

import pytest

from fazhi.core.demo import DemoContext
from fazhi.core.demo.org import build_organisation
from fazhi.core.demo.registry import DEMO_SEED
from fazhi.core.models import AuditEvent, OrgUnit, User
from fazhi.enforcement.demo import build_enforcement
from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.demo import UNDER_WAY, build_inspections
from fazhi.enforcement.inspections.models import DrawnEntity, InspectedEntity, InspectionTask
from fazhi.enforcement.inspections.selectors import verify_draw
from fazhi.enforcement.inspections.validators import credit_code_ok
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute

pytestmark = pytest.mark.django_db
BUILD_DAY = datetime.date(2026, 3, 2)


def test_demo_step():
    context = DemoContext(today=BUILD_DAY)
    for name, fn in (("core.organisation", build_organisation), ("enforcement.roster", build_enforcement)):
        context.rng = random.Random(f"{DEMO_SEED}:{name}")
        fn(context)
    context.rng = random.Random(f"{DEMO_SEED}:inspections.tasks")
    audit_before = AuditEvent.objects.count()
    started = time.perf_counter()
    build_inspections(context)
    elapsed = time.perf_counter() - started
    assert elapsed < 6  # about 1 s on SQLite; the brief's budget is ~3 s

    tasks = InspectionTask.objects.all()
    drawn = tasks.exclude(status=TaskStatus.DRAFT)
    assert 100 <= tasks.count() <= 250
    share = drawn.filter(is_joint=True).count() / drawn.count()
    assert 0.09 <= share <= 0.18
    assert InspectedEntity.objects.count() > 2500
    assert all(credit_code_ok(c) for c in InspectedEntity.objects.values_list("credit_code", flat=True)[:500])
    assert all(verify_draw(t).ok for t in drawn.order_by("drawn_on")[::5])  # every fifth: each costs queries
    states = Counter(tasks.values_list("status", flat=True))
    assert states[TaskStatus.PUBLISHED] > 0
    calendar = load_calendar()
    for task in tasks.filter(status=TaskStatus.PUBLISHED)[:20]:
        due = compute(kind="working_days", count=20, start=task.finished_on, calendar=calendar).due
        assert task.publication_due_on == due and task.published_on >= task.finished_on
    assert not tasks.filter(drawn_on__gt=BUILD_DAY).exists()
    assert not tasks.filter(published_on__gt=BUILD_DAY).exists()
    # one event per department pool (8 departments) and one per task
    assert AuditEvent.objects.count() - audit_before == tasks.count() + 8
    # the joint task under way: 市场监管局 takes part and has results to enter, as its home page says
    under_way = tasks.get(matter=UNDER_WAY[2])
    assert under_way.status in (TaskStatus.DRAWN, TaskStatus.INSPECTING) and under_way.is_joint
    scj = OrgUnit.objects.get(code="qh-scj")
    clerk = User.objects.get(username="clerk_scj")
    assert list(under_way.participants.all()) == [scj]
    waiting = DrawnEntity.objects.restrict(clerk, "change").filter(task=under_way, result__isnull=True)
    assert waiting.exists()
    assert (
        not DrawnEntity.objects.restrict(clerk, "change")
        .filter(task=under_way, result__isnull=False)
        .exists()
    )
