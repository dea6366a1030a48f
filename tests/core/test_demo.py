"""The demo builder: deterministic, complete, written through the services with an intact audit chain."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Count

from fazhi.core.choices import Role, UnitKind, UnitLevel
from fazhi.core.demo import DEMO_PASSWORD, DEMO_PEOPLE, build_demo, demo_present, register_demo_step, registry
from fazhi.core.demo.bootstrap import bootstrap_first_admin
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User
from fazhi.core.services.audit import verify_chain
from fazhi.core.validators import id_number_checksum_ok

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


@pytest.fixture
def demo(db):
    return build_demo(today=TODAY)


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
    return units, users, memberships


def test_two_builds_are_identical(db):
    states = []
    for _ in range(2):
        with transaction.atomic():
            build_demo(today=TODAY)
            states.append(_state())
            transaction.set_rollback(True)
    assert OrgUnit.objects.count() == 0
    assert states[0] == states[1]
    units, users, memberships = states[0]
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


def test_generated_identifiers_are_pinned(demo):
    """The same values in every process: seeds do not depend on hash randomisation or the clock."""
    admin = User.objects.get(username="admin")
    assert (admin.full_name, admin.phone, admin.id_number) == ("周建国", "13800000001", "390121197601229975")
    assert User.objects.get(username="auditor").id_number == "390121198403283609"
    assert OrgUnit.objects.get(code="qh").credit_code == "113901216705724469"
    assert OrgUnit.objects.get(code="jn").credit_code == "113900009043930383"


def test_county_departments_towns_and_sibling(demo):
    county = OrgUnit.objects.get(code="qh")
    assert (county.name, county.short_name, county.kind, county.level, county.division_code) == (
        "清河县人民政府",
        "清河",
        UnitKind.GOVERNMENT,
        UnitLevel.COUNTY,
        "390121",
    )
    assert [u.name for u in county.ancestors()] == ["江南省人民政府", "云州市人民政府"]

    departments = OrgUnit.objects.filter(parent=county, kind=UnitKind.DEPARTMENT)
    assert departments.count() == 26
    assert NAMED_DEPARTMENTS <= set(departments.values_list("name", flat=True))
    assert set(departments.values_list("level", flat=True)) == {UnitLevel.COUNTY}

    justice = OrgUnit.objects.get(parent=county, kind=UnitKind.JUSTICE)
    assert (justice.code, justice.name, justice.short_name) == ("qh-sfj", "清河县司法局", "清司")

    towns = OrgUnit.objects.filter(parent=county, kind=UnitKind.TOWN).order_by("sort_order")
    assert towns.count() == 12
    assert [t.name for t in towns[:4]] == ["清溪街道", "文昌街道", "东湖街道", "城关镇"]
    assert set(towns.values_list("level", flat=True)) == {UnitLevel.TOWNSHIP}
    assert all(re.fullmatch(r"390121\d{3}", t.division_code) for t in towns)

    sibling = OrgUnit.objects.get(code="bs")
    assert (sibling.name, sibling.parent.code) == ("白石县人民政府", "yz")
    assert sibling.children.count() == 9


def test_every_demo_login_authenticates_with_the_documented_password(demo):
    assert DEMO_PASSWORD == "Fazhi2026demo"
    for person in DEMO_PEOPLE:
        user = authenticate(username=person.username, password=DEMO_PASSWORD)
        assert user is not None, person.username
        assert user.username == person.username
        assert user.full_name == person.full_name
    assert authenticate(username="admin", password="wrong-password-1") is None


def test_personal_identifiers_are_fictional_but_valid(demo):
    for user in User.objects.all():
        assert re.fullmatch(r"13800000\d{3}", user.phone)
        assert user.id_number.startswith("390121")  # province 39 does not exist in GB/T 2260
        assert id_number_checksum_ok(user.id_number)


def test_multi_holds_two_memberships(demo):
    multi = User.objects.get(username="multi")
    assert sorted(multi.memberships.values_list("unit__name", "role")) == [
        ("城关镇", Role.LEADER),
        ("清河县司法局", Role.CLERK),
    ]


def test_every_write_is_audited_and_the_chain_verifies(demo):
    report = verify_chain()
    total = AuditEvent.objects.count()
    assert (report.ok, report.checked) == (True, total)
    by_module: dict[str, int] = {}
    for object_type, count in AuditEvent.objects.values_list("object_type").annotate(count=Count("seq")):
        module = object_type.split(".")[0]
        by_module[module] = by_module.get(module, 0) + count
    assert by_module == {
        "core": 78,  # the organisation (59 units), the logins and their memberships
        # typed-in figures (TODAY is in Q1: the previous year only): 18 from the metrics step, 143 that
        # the report step types in for what no record and no earlier step gives (行政执法's cases, 案卷评查,
        # 双随机 and 两法衔接 figures now come from their records)
        "metrics": 161,
        "reconsideration": 1146,  # the 行政复议 cases, written by multi, with their 案号 and deadlines:
        "numbering": 376,
        "workdays": 736,
        "analysis": 12,  # the seven published reports (5 files) the analysis step loads
        "normative": 523,  # ~300 规范性文件 over ten years, the workflow now, cleanup, filing reviews
        "disclosure": 16,  # the 政务公开年报 tables of the county and five departments
        "enforcement": 4213,  # 38 bodies, 1,529 officers, 2,646 certificates
        # 2,000 cases a year under the tests (FAZHI_DEMO_CASES_PER_YEAR): one event per body's 权责清单 (38),
        # per department for its cases written in bulk (32: “导入历史执法案件 N 件”, fazhi/enforcement/cases/demo.py)
        # and per 两法衔接 transfer (23: 20 in the previous year, 3 this year to date)
        "enforcement_cases": 93,
        # the default rubric and its 22 items; 2 campaigns created and 5 transitions (drawn, started, one
        # completed); 279 sampled files reviewed (评定)
        "casereview": 309,
        # the entity and inspector pools of 8 departments, and the 119 双随机 tasks (one event each)
        "inspections": 127,
        "reporting": 41,  # last year's reports, one of them drafted, reviewed, approved, frozen, published
    }
    assert sum(by_module.values()) == total
    assert AuditEvent.objects.filter(actor__username="multi").count() == 2237
    # written by no one: the first administrator's bootstrap, and the 备案审查 periods the system opens when
    # a lower organ files a document with the county (fazhi/normative/services/filing.py)
    assert (
        list(
            AuditEvent.objects.filter(actor__isnull=True)
            .order_by("seq")
            .values_list("actor_name", "object_type")
        )
        == [("系统初始化", "core.user"), ("系统初始化", "core.membership")] + [("", "workdays.deadline")] * 3
    )
    assert AuditEvent.objects.filter(object_type="core.orgunit").count() == 59


def test_demo_present_marks_the_county(db):
    assert demo_present() is False
    build_demo(today=TODAY)
    assert demo_present() is True


def test_bootstrap_is_refused_once_a_unit_exists(demo):
    before = (OrgUnit.objects.count(), User.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        bootstrap_first_admin(
            unit_fields={
                "code": "x1",
                "name": "另一个省",
                "short_name": "另",
                "kind": UnitKind.GOVERNMENT,
                "level": UnitLevel.PROVINCE,
            },
            username="intruder",
            full_name="某人",
            password=DEMO_PASSWORD,
        )
    assert exc.value.messages == ["数据库中已有组织机构，不能再初始化顶级单位和首位管理员。"]
    assert (OrgUnit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before


def test_later_steps_run_in_order_with_the_context(db, monkeypatch):
    monkeypatch.setattr(registry, "_STEPS", dict(registry._STEPS))
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
