"""Shared fixtures: a small organisation tree and one user per role.

江南省人民政府 (province)
└── 云州市人民政府 (city)
    └── 清河县人民政府 (county)            ← admin, legal staff, leader, auditor hold memberships here
        ├── 清河县司法局
        ├── 清河县市场监督管理局 (dept A)   ← clerk_a
        │   └── 城关市场监管所 (A's child)
        ├── 清河县公安局 (dept B)           ← clerk_b
        └── 城关镇 (town)
    └── 云州市另一个县 (sibling county)   ← admin_other
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client

from fazhi.core.choices import Role, UnitKind, UnitLevel
from tests.factories import make_unit, make_user

#: the day the shared demo build is made for (in Q1: the previous year's figures are complete)
DEMO_DAY = datetime.date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo county built once for a module, rolled back when the module ends — a full build takes half a
    minute on PostgreSQL. Each test asks for ``db`` too and so runs in a savepoint of its own. Only for a
    module in which every database test uses it (the build stays visible to the module's other tests),
    marked ``pytest.mark.xdist_group`` so that one worker builds it once."""
    from fazhi.core.demo import build_demo

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(today=DEMO_DAY)
        transaction.set_rollback(True)


@pytest.fixture
def tree(db):
    province = make_unit(
        "江南省人民政府", kind=UnitKind.GOVERNMENT, level=UnitLevel.PROVINCE, code="jn", short_name="江南"
    )
    city = make_unit(
        "云州市人民政府",
        parent=province,
        kind=UnitKind.GOVERNMENT,
        level=UnitLevel.CITY,
        code="yz",
        short_name="云州",
    )
    county = make_unit("清河县人民政府", parent=city, kind=UnitKind.GOVERNMENT, code="qh", short_name="清河")
    justice = make_unit(
        "清河县司法局", parent=county, kind=UnitKind.JUSTICE, code="qh-sfj", short_name="清司"
    )
    dept_a = make_unit("清河县市场监督管理局", parent=county, code="qh-scj", short_name="清市监")
    dept_a_child = make_unit("城关市场监管所", parent=dept_a, code="qh-scj-cg", short_name="城关所")
    dept_b = make_unit("清河县公安局", parent=county, code="qh-gaj", short_name="清公")
    town = make_unit(
        "城关镇",
        parent=county,
        kind=UnitKind.TOWN,
        level=UnitLevel.TOWNSHIP,
        code="qh-cgz",
        short_name="城关",
    )
    other_county = make_unit(
        "白石县人民政府", parent=city, kind=UnitKind.GOVERNMENT, code="bs", short_name="白石"
    )
    return SimpleNamespace(
        province=province,
        city=city,
        county=county,
        justice=justice,
        dept_a=dept_a,
        dept_a_child=dept_a_child,
        dept_b=dept_b,
        town=town,
        other_county=other_county,
    )


@pytest.fixture
def people(tree):
    return SimpleNamespace(
        root_admin=make_user("root_admin", tree.province, Role.ADMIN, full_name="省管理员"),
        admin=make_user("admin", tree.county, Role.ADMIN, full_name="县管理员"),
        legal=make_user("legal", tree.county, Role.LEGAL_STAFF, full_name="法治办干部"),
        leader=make_user("leader", tree.county, Role.LEADER, full_name="县领导"),
        auditor=make_user("auditor", tree.county, Role.AUDITOR, full_name="审计员"),
        clerk_a=make_user("clerk_a", tree.dept_a, Role.CLERK, full_name="市场监管经办人"),
        clerk_b=make_user("clerk_b", tree.dept_b, Role.CLERK, full_name="公安经办人"),
        admin_a=make_user("admin_a", tree.dept_a, Role.ADMIN, full_name="市场监管局管理员"),
        admin_other=make_user("admin_other", tree.other_county, Role.ADMIN, full_name="白石县管理员"),
        nobody=make_user("nobody", None, full_name="无任职用户"),
    )


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded and generated files (attachments, job results) go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
