"""Demo steps: each module registers how it adds its records to the demo county.

A later module puts ``register_demo_step("documents", 200, build_documents)`` in its own
``demo.py``; :func:`build_demo` imports every installed app's ``demo`` module, then runs the steps
in order inside one transaction, so a failed build leaves nothing half-made behind.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

DEMO_SEED = 2026


@dataclass
class DemoContext:
    """What the steps share: the units and users built so far, the acting administrator, a seeded rng."""

    today: datetime.date
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    actor: object | None = None  # the administrator every write is made as (set by the core step)
    units: dict = field(default_factory=dict)  # code → OrgUnit
    users: dict = field(default_factory=dict)  # username → User

    def unit(self, code: str):
        return self.units[code]

    def user(self, username: str):
        return self.users[username]

    @property
    def previous_year(self) -> int:
        """Modules building "a year of records" fill the previous calendar year and this year to date."""
        return self.today.year - 1

    @property
    def previous_year_start(self) -> datetime.date:
        return datetime.date(self.previous_year, 1, 1)


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    fn: Callable[[DemoContext], None]


_STEPS: dict[str, DemoStep] = {}


def register_demo_step(name: str, order: int, fn: Callable[[DemoContext], None]) -> None:
    """Add a step; lower ``order`` runs first (the organisation is 0, modules use 100 and up)."""
    existing = _STEPS.get(name)
    if existing is not None and existing.fn is not fn:
        raise ImproperlyConfigured(f"演示数据步骤“{name}”重复注册")
    _STEPS[name] = DemoStep(name, order, fn)


def demo_steps() -> list[DemoStep]:
    autodiscover_modules("demo")
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


@transaction.atomic
def build_demo(*, today: datetime.date | None = None) -> DemoContext:
    """Build the whole demo; the same result every time, except dates that follow ``today``.

    Each step gets its own generator seeded from the demo seed and the step's name, so adding a
    module's step never changes what the steps before or after it produce.
    """
    context = DemoContext(today=today or timezone.localdate())
    for step in demo_steps():
        context.rng = random.Random(f"{DEMO_SEED}:{step.name}")
        step.fn(context)
    return context
