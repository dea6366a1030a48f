"""The demo builder: deterministic, complete, written through the services with an intact audit chain."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count

from fazhi.core.choices import Role
from fazhi.core.demo import build_demo, demo_present, register_demo_step, registry
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User
from fazhi.core.services.audit import verify_chain

TODAY = datetime.date(2026, 3, 2)

EXPECTED_MEMBERSHIPS = [
    ("admin", "qh", Role.ADMIN),
    ("auditor", "qh", Role.AUDITOR),
    ("clerk_gaj", "qh-gaj", Role.CLERK),
    ("clerk_scj", "qh-scj", Role.CLERK),
    ("clerk_town", "qh-cgz", Role.CLERK),
    ("fzb", "qh", Role.LEGAL_STAFF),
    ("leader", "qh", Role.LEADER),
    ("multi", "qh-cgz", Role.LEADER),
    ("multi", "qh-sfj", Role.CLERK),
    ("sadmin", "jn", Role.ADMIN),
]

#: the departments the issue names, as the demo county spells them
NAMED_DEPARTMENTS = {
    "清河县公安局",
    "清河县市场监督管理局",
    "清河县综合行政执法局",
    "清河县自然资源和规划局",
    "云州市生态环境局清河分局",
    "清河县人力资源和社会保障局",
    "清河县卫生健康局",
    "清河县交通运输局",
    "清河县住房和城乡建设局",
    "清河县教育局",
    "清河县民政局",
    "清河县财政局",
    "清河县农业农村局",
    "清河县水利局",
    "清河县应急管理局",
    "清河县文化和广电旅游体育局",
    "清河县商务局",
    "清河县退役军人事务局",
    "清河县医疗保障局",
    "清河县统计局",
    "清河县林业局",
    "清河县审计局",
    "清河县信访局",
    "清河县发展和改革局",
    "清河县政务服务管理办公室",
}


def _state():
    units = list(
        OrgUnit.objects.order_by("code").values_list(
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "division_code",
            "credit_code",
            "parent__code",
            "sort_order",
        )
    )
    users = list(
        User.objects.order_by("username").values_list("username", "full_name", "title", "phone", "id_number")
    )
    memberships = sorted(Membership.objects.values_list("user__username", "unit__code", "role"))
    # what every module's step wrote, as its audit trail counts it: a step that draws on random keys or on
    # the order of unit paths (which hold random keys) shows here
    written = sorted(AuditEvent.objects.values_list("object_type", "action").annotate(n=Count("seq")))
    return units, users, memberships, written


def test_two_builds_are_identical(db):
    states = []
    for _ in range(2):
        with transaction.atomic():
            build_demo(today=TODAY)
            states.append(_state())
            transaction.set_rollback(True)
    assert OrgUnit.objects.count() == 0
    assert states[0] == states[1]
    units, users, memberships, _written = states[0]
    assert len(units) == 59
    assert [u[0] for u in users] == [
        "admin",
        "auditor",
        "clerk_gaj",
        "clerk_scj",
        "clerk_town",
        "fzb",
        "leader",
        "multi",
        "sadmin",
    ]
    assert memberships == EXPECTED_MEMBERSHIPS


def test_demo_present_is_false_on_an_empty_database(db):
    assert demo_present() is False  # and true once built: tests/core/test_demo_contents.py


def test_later_steps_run_in_order_with_the_context(db, monkeypatch):
    registry.demo_steps()  # every module's steps registered, then only the organisation's kept
    monkeypatch.setattr(registry, "_STEPS", {"core.organisation": registry._STEPS["core.organisation"]})
    seen = []

    def late(context):
        seen.append(
            (
                "late",
                context.unit("qh").name,
                context.user("admin").username,
                context.previous_year,
                context.previous_year_start,
                context.rng.random(),
            )
        )

    def early(context):
        seen.append(("early", len(context.units)))

    register_demo_step("test.late", 200, late)
    register_demo_step("test.early", 100, early)
    build_demo(today=TODAY)
    expected_random = random.Random("2026:test.late").random()
    assert seen == [
        ("early", 59),
        ("late", "清河县人民政府", "admin", 2025, datetime.date(2025, 1, 1), expected_random),
    ]


def test_a_step_name_cannot_be_taken_twice(monkeypatch):
    monkeypatch.setattr(registry, "_STEPS", dict(registry._STEPS))
    register_demo_step("test.once", 100, print)
    register_demo_step("test.once", 100, print)  # the same function again (a re-import) is fine
    with pytest.raises(ImproperlyConfigured):
        register_demo_step("test.once", 100, repr)


def test_typed_in_figures_cover_the_previous_year_and_completed_quarters(db):
    from fazhi.metrics.models import MetricEntry

    build_demo(today=datetime.date(2026, 11, 23))
    periods = sorted(set(MetricEntry.objects.values_list("period_start", "period_end")))
    assert periods == [
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
    ]
    # the metrics step's figures (the report step types in others, for the previous year only)
    from fazhi.metrics.demo import FIGURES

    typed = MetricEntry.objects.filter(key__in={key for key, *_ in FIGURES}).exclude(
        evidence__contains="法治办汇总"
    )
    assert typed.count() == sum(len(codes) for _, codes, *_ in FIGURES) * 4 == 18 * 4
    assert verify_chain().ok
