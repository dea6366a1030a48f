"""Throughput of export and import, measured on demand: FAZHI_EXCEL_PERF=1 pytest -s tests/excel/test_perf.py.

Targets (issue 3; the benchmark harness checks them later): export ≥ 20,000 rows/s, import of validated
rows ≥ 3,000 rows/s. The figures are printed, not asserted: machines differ, and tests must not flake.
FAZHI_EXCEL_PROFILE=1 also prints where the time goes.
"""

from __future__ import annotations

import io
import os
import time

import pytest
from django import forms
from django.contrib.auth.hashers import make_password
from django.db.models import Prefetch

from fazhi.core.choices import AuditAction, Role
from fazhi.core.forms.units import UnitChoiceField, unit_field_for
from fazhi.core.models import Membership, OrgUnit, User
from fazhi.core.services.audit import audit_record
from fazhi.excel.export import write_export
from fazhi.excel.importer import run_import
from fazhi.excel.registers import BOOL, CHOICE, DATE, DATETIME, UNIT, USER, Column, Register, get_register
from tests.excel.helpers import user_row, workbook_bytes

pytestmark = pytest.mark.skipif(
    not os.environ.get("FAZHI_EXCEL_PERF"), reason="性能测量：设置 FAZHI_EXCEL_PERF=1 运行"
)


def _profiled(fn, *args, **kwargs):
    if not os.environ.get("FAZHI_EXCEL_PROFILE"):
        return fn(*args, **kwargs)
    import cProfile
    import pstats

    profile = cProfile.Profile()
    result = profile.runcall(fn, *args, **kwargs)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    return result


def _bulk_users(count: int, unit: OrgUnit, prefix: str) -> None:
    password = make_password(None)
    users = [
        User(
            username=f"{prefix}{n:06d}",
            full_name=f"批量用户{n}",
            phone=f"139{n:08d}",
            title="科员",
            id_number="11010519491231002X",
            email=f"{prefix}{n}@example.gov.cn",
            password=password,
        )
        for n in range(count)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    memberships = [Membership(user=u, unit=unit, role=Role.CLERK) for u in users]
    Membership.objects.bulk_create(memberships, batch_size=2000)


def _rate(label: str, rows: int, seconds: float) -> None:
    print(f"\n{label}（{rows:,} 行）：{seconds:.2f} 秒，{rows / seconds:,.0f} 行/秒")


def test_export_100000_users(people, tree):
    _bulk_users(100_000, tree.town, "exp")
    actor = people.admin
    # the users list page's own queryset (fazhi.core.views.users.UserListView)
    visible = Membership.objects.restrict(actor, "view").select_related("unit").order_by("unit__path", "role")
    queryset = (
        User.objects.restrict(actor, "view")
        .prefetch_related(Prefetch("memberships", queryset=visible, to_attr="visible_memberships"))
        .order_by("username")
    )
    stats = _profiled(write_export, get_register("users"), queryset, io.BytesIO(), actor=actor)
    _rate("导出用户，含每人的单位与角色", stats.rows, stats.seconds)
    assert stats.rows >= 100_000

    plain = Register(
        key="perf-users-plain",
        title="用户",
        model=User,
        columns=[
            Column("username", "用户名"),
            Column("full_name", "姓名"),
            Column("title", "职务"),
            Column("phone", "手机号"),
            Column("id_number", "身份证号"),
            Column("email", "电子邮箱"),
            Column("is_active", "启用", BOOL),
            Column("date_joined", "创建日期", DATE),
            Column("last_login", "最近登录", DATETIME),
        ],
    )
    queryset = User.objects.restrict(actor, "view").order_by("username")
    stats = write_export(plain, queryset, io.BytesIO(), actor=actor)
    _rate("导出用户，仅本表 9 列", stats.rows, stats.seconds)


class MembershipRowForm(forms.Form):
    """A plain form of one 任职 row, narrowed like every scoped form: the bulk register's UI form."""

    user = forms.ModelChoiceField(label="用户名", queryset=User.objects.none())
    unit = UnitChoiceField(label="单位", queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label="角色", choices=Role.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.restrict(user, "view")
        unit_field_for(self.fields["unit"], user)


def _save_memberships(*, actor, rows, progress):
    memberships = [Membership(user=r["user"], unit=r["unit"], role=r["role"]) for r in rows]
    Membership.objects.bulk_create(memberships, batch_size=2000)
    progress(len(rows))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="core.membership",
        note=f"批量导入任职 {len(rows)} 条",
    )


def test_import_50000_validated_rows_in_bulk(people, tree):
    _bulk_users(50_000, tree.dept_b, "imp")
    register = Register(
        key="perf-memberships",
        title="任职",
        model=Membership,
        columns=[
            Column("user", "用户名", USER, required=True),
            Column("unit", "单位代码", UNIT, required=True),
            Column("role", "角色", CHOICE, required=True, choices=Role.choices),
        ],
        form_class=MembershipRowForm,
        save_rows=_save_memberships,
    )
    content = workbook_bytes(
        [[f"imp{n:06d}", "qh-cgz", "经办人"] for n in range(50_000)],
        headers=["用户名", "单位代码", "角色"],
        sheet="任职",
    )
    started = time.perf_counter()
    result = _profiled(run_import, register, io.BytesIO(content), actor=people.admin, size=len(content))
    seconds = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    _rate("导入任职：逐行表单校验，批量保存", result.saved, seconds)
    assert Membership.objects.filter(unit=tree.town).count() >= 50_000


def test_import_users_through_user_create(people, tree):
    count = int(os.environ.get("FAZHI_EXCEL_PERF_USERS", "2000"))
    content = workbook_bytes([user_row(n) for n in range(count)])
    started = time.perf_counter()
    result = _profiled(
        run_import, get_register("users"), io.BytesIO(content), actor=people.admin, size=len(content)
    )
    seconds = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    _rate("导入用户：UserCreateForm 校验，user_create 逐行保存（测试设置的 MD5 哈希）", count, seconds)
