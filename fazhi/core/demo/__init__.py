"""The demo county (``fazhi demo``): a fictional 清河县 with its departments, towns and logins.

Deterministic: built from fixed data and seeded generators. Later modules add their records by
registering a step in their own ``demo.py``::

    from fazhi.core.demo import register_demo_step

    def build_documents(context):  # context.units, context.users, context.actor, context.rng
        ...

    register_demo_step("documents", 200, build_documents)
"""

from __future__ import annotations

from fazhi.core.demo.org import build_organisation
from fazhi.core.demo.org_data import DEMO_COUNTY_CODE
from fazhi.core.demo.people import DEMO_PASSWORD, DEMO_PEOPLE
from fazhi.core.demo.registry import DEMO_SEED, DemoContext, build_demo, demo_steps, register_demo_step

register_demo_step("core.organisation", 0, build_organisation)


def demo_present() -> bool:
    """True once the demo county exists (a second ``fazhi demo`` then keeps the data)."""
    from fazhi.core.models import OrgUnit

    return OrgUnit.objects.filter(code=DEMO_COUNTY_CODE).exists()


__all__ = [
    "DEMO_COUNTY_CODE",
    "DEMO_PASSWORD",
    "DEMO_PEOPLE",
    "DEMO_SEED",
    "DemoContext",
    "build_demo",
    "demo_present",
    "demo_steps",
    "register_demo_step",
]
