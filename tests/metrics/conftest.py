"""Test-only metrics computed from an existing scoped model (memberships), so the engine's machinery
is exercised before any domain module registers a real computer. Not in the shipped catalog."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from fazhi.core.choices import Role
from fazhi.core.models import Membership
from fazhi.metrics.catalog import Kind, Metric, Obtained
from fazhi.metrics.registry import define_metric, forget_metric, register_count

TEST_METRICS = (
    Metric("test.memberships", "任职", "个", Kind.COUNT, Obtained.BOTH, "期间内新增的任职"),
    Metric("test.clerks", "经办人任职", "个", Kind.COUNT, Obtained.BOTH, "期间内新增的经办人任职"),
    Metric(
        "test.clerk_share",
        "经办人占比",
        "%",
        Kind.RATE,
        Obtained.BOTH,
        "经办人任职÷任职",
        numerator=("test.clerks",),
        denominator=("test.memberships",),
    ),
)


@pytest.fixture
def membership_metrics():
    """test.memberships and test.clerks: memberships by created_at; test.clerk_share: their rate."""
    for metric in TEST_METRICS:
        define_metric(metric)
    register_count(
        "test.memberships", model=Membership, date_field="created_at", columns=("user", "unit", "role")
    )
    register_count(
        "test.clerks",
        model=Membership,
        date_field="created_at",
        condition=Q(role=Role.CLERK),
        columns=("user", "unit", "role"),
    )
    yield
    for metric in TEST_METRICS:
        forget_metric(metric.key)


def at(day: str, time: str = "12:00:00") -> datetime.datetime:
    """An aware Asia/Shanghai datetime."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


def set_created(membership: Membership, when: datetime.datetime) -> Membership:
    Membership.objects.filter(pk=membership.pk).update(created_at=when)
    membership.refresh_from_db()
    return membership


@pytest.fixture
def member():
    """member(unit, role, when): a membership of a new user, created at ``when`` (default mid-2024)."""
    from itertools import count

    from tests.factories import make_user

    numbers = count(1)

    def make(unit, role=Role.CLERK, when=None) -> Membership:
        user = make_user(f"metric_member_{next(numbers)}", None, full_name="任职人")
        membership = Membership.objects.create(user=user, unit=unit, role=role)
        return set_created(membership, when or at("2024-06-01"))

    return make


@pytest.fixture
def typed(db):
    """typed(key, unit, value, period=2024): a typed-in entry written directly (services are tested apart)."""
    from decimal import Decimal

    from fazhi.metrics.models import MetricEntry
    from fazhi.metrics.periods import Period
    from tests.factories import make_user

    author = make_user("metric_author", None, full_name="填报人")

    def make(key, unit, value, period=None) -> MetricEntry:
        period = period or Period.for_year(2024)
        return MetricEntry.objects.create(
            key=key,
            unit=unit,
            period_start=period.start,
            period_end=period.end,
            value=Decimal(str(value)),
            evidence="测试依据",
            entered_by=author,
        )

    return make


@pytest.fixture
def uncomputed(monkeypatch):
    """The reconsideration.* keys as though no module computed them: the tests using this fixture exercise
    typed-in and missing figures on those keys (written before fazhi/reconsideration registered computers)."""
    from fazhi.metrics import registry

    registry.computers()  # discover every module's computers first, so none is registered later
    for key in [k for k in registry._COMPUTERS if k.startswith("reconsideration.")]:
        monkeypatch.delitem(registry._COMPUTERS, key)
