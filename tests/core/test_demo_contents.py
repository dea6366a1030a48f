"""What one demo build holds: the organisation, the logins, the audit trail. The tests only read it, so the
module builds it once (rolled back when the module ends) instead of once per test; the build itself —
determinism, step order, typed-in figures — is tests/core/test_demo.py's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count

from fazhi.core.choices import Role, UnitKind, UnitLevel
from fazhi.core.demo import DEMO_PASSWORD, DEMO_PEOPLE, demo_present
from fazhi.core.demo.bootstrap import bootstrap_first_admin
from fazhi.core.models import AuditEvent, OrgUnit, User
from fazhi.core.services.audit import verify_chain
from fazhi.core.validators import id_number_checksum_ok
from tests.core.test_cli import run_main
from tests.core.test_demo import NAMED_DEPARTMENTS

pytestmark = pytest.mark.xdist_group("demo_contents")


@pytest.fixture
def demo(demo_module, db):
    return demo_module


def test_demo_present_marks_the_county(demo):
    assert demo_present() is True


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
        # the entity and inspector pools of 8 departments, and the 120 双随机 tasks (one event each), one of
        # them the joint task under way (UNDER_WAY in fazhi/enforcement/inspections/demo.py)
        "inspections": 128,
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


def test_verify_audit_passes_then_names_the_altered_record(demo, capsys):
    """``fazhi verify-audit`` on the demo's trail (the record is altered inside this test's savepoint)."""
    # every demo record on that day (the breakdown by module: test_every_write_is_audited_and_the_chain_verifies)
    assert run_main(capsys, "verify-audit") == (0, "审计链完整：共 7832 条记录\n", "")

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE seq = %s",  # noqa: S608
            ["被篡改的记录", 5],
        )
    code, out, err = run_main(capsys, "verify-audit")
    assert (code, out) == (1, "")
    assert err == (
        "错误：审计链不完整：第 5 条记录有问题。"
        "第 5 条记录的内容与其哈希不符，已被改动。（此前 4 条记录完整）\n"
    )
