"""The ``fazhi`` console command and the management commands behind it."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.db import connection

from fazhi.cli import SUBCOMMANDS, main
from fazhi.core.demo.registry import DEMO_SEED, DemoContext, demo_steps
from fazhi.core.management.commands._server import resolve_port
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User
from fazhi.core.services.audit import verify_chain
from tests.factories import make_unit

DEMO_DAY = datetime.date(2026, 3, 2)  # in Q1: the demo types in figures for the previous year only
AVAILABLE = "、".join([sub.name for sub in SUBCOMMANDS] + ["manage"])

FAZHI = Path(sys.executable).parent / "fazhi"
needs_console_script = pytest.mark.skipif(
    not FAZHI.exists(), reason="console script missing: run .venv/bin/pip install -e . --no-deps"
)


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _counts():
    return tuple(model.objects.count() for model in (OrgUnit, User, Membership, AuditEvent))


# --- the command table and its errors ---------------------------------------------------------


def test_help_lists_every_command(capsys):
    code, out, err = run_main(capsys, "help")
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        "fazhi —— 法治政府建设工作平台",
        "",
        "用法：fazhi <命令> [参数]",
        "",
        "命令：",
    ]
    for sub in SUBCOMMANDS:
        assert f"  {sub.name.ljust(14)}{sub.help}" in out.splitlines()
    assert "  manage        运行任意 Django 管理命令，如 fazhi manage migrate" in out.splitlines()
    assert run_main(capsys, "--help") == (0, out, "")
    assert {"demo", "serve", "units", "verify-audit"} <= {sub.name for sub in SUBCOMMANDS}


def test_unknown_subcommand_exits_2_in_chinese(capsys):
    assert run_main(capsys, "xyz") == (
        2,
        "",
        f"未知命令：xyz。可用命令：{AVAILABLE}\n",
    )


@pytest.mark.django_db
def test_bad_option_exits_2_in_chinese(capsys):
    code, out, err = run_main(capsys, "units", "--bogus")
    assert (code, out) == (2, "")
    assert err == "用法：fazhi units [-h] [--json]\nfazhi units：参数有误：无法识别的参数：--bogus\n"


def test_bad_port_option_exits_2_in_chinese(capsys):
    code, out, err = run_main(capsys, "serve", "--port", "abc")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "fazhi serve：参数有误：参数 --port：端口应为 1–65535 之间的整数，收到的是 abc"
    )


def test_subcommand_help_is_chinese(capsys):
    code, out, err = run_main(capsys, "help", "units")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "用法：fazhi units [-h] [--json]"
    assert "不按任何用户的管辖范围过滤" in out
    assert "  --json      以 JSON 列表输出（UTF-8，不转义中文）" in out.splitlines()
    assert "--verbosity" not in out


# --- units ------------------------------------------------------------------------------------


def build_organisation():
    """Only the demo's organisation step, with the generator build_demo gives it: the same units."""
    step = next(step for step in demo_steps() if step.name == "core.organisation")
    step.fn(DemoContext(today=DEMO_DAY, rng=random.Random(f"{DEMO_SEED}:{step.name}")))


@pytest.mark.django_db
def test_units_json_lists_every_unit_in_tree_order(capsys):
    build_organisation()
    code, out, err = run_main(capsys, "units", "--json")
    assert (code, err) == (0, "")
    units = json.loads(out)
    codes = [u["code"] for u in units]
    assert len(codes) == 59
    assert codes[:6] == ["jn", "jn-sft", "yz", "yz-zfb", "yz-sfj", "qh"]
    assert codes.index("qh-scj") < codes.index("qh-scj-cg") < codes.index("qh-scj-hk") < codes.index("qh-tjj")
    assert codes[49:] == [  # the sibling county closes the list
        "bs",
        "bs-zfb",
        "bs-sfj",
        "bs-gaj",
        "bs-scj",
        "bs-jyj",
        "bs-zhzf",
        "bs-cnjd",
        "bs-bsz",
        "bs-lsz",
    ]
    qh = next(u for u in units if u["code"] == "qh")
    assert {k: v for k, v in qh.items() if k != "id"} == {
        "code": "qh",
        "name": "清河县人民政府",
        "short_name": "清河",
        "kind": "government",
        "kind_label": "人民政府",
        "level": "county",
        "level_label": "县级",
        "division_code": "390121",
        "credit_code": "113901216705724469",
        "parent_code": "yz",
        "depth": 2,
        "is_active": True,
    }
    assert '"清河县人民政府"' in out  # ensure_ascii=False


@pytest.mark.django_db
def test_units_table(capsys):
    build_organisation()
    code, out, err = run_main(capsys, "units")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["代码", "名称", "简称", "类型", "层级", "行政区划代码"]
    assert lines[1].split() == ["jn", "江南省人民政府", "江南", "人民政府", "省级", "390000"]
    assert lines[6].split() == ["qh", "清河县人民政府", "清河", "人民政府", "县级", "390121"]
    assert lines[-1] == "共 59 个单位"


@pytest.mark.django_db
def test_units_on_an_empty_tree(capsys):
    assert run_main(capsys, "units") == (0, "尚无组织机构。运行 fazhi demo 可生成演示数据。\n", "")


# --- verify-audit -----------------------------------------------------------------------------


# verify-audit on the demo's trail: tests/core/test_demo_contents.py (it shares that module's build)


# --- demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_demo_run_keeps_the_data(capsys):
    code, out, err = run_main(capsys, "demo", "--build-only")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "正在生成演示数据……"
    assert lines[1].startswith("已生成演示数据：59 个单位、9 个账号，用时 ")
    assert lines[2] == "演示账号（密码均为 Fazhi2026demo）："
    assert lines[3].split() == ["用户名", "姓名", "单位", "角色", "可见范围"]
    assert lines[4].split()[:4] == ["admin", "周建国", "清河县人民政府", "系统管理员"]
    assert [line.split()[0] for line in lines[4:]] == [
        "admin",
        "fzb",
        "leader",
        "auditor",
        "clerk_scj",
        "clerk_gaj",
        "clerk_town",
        "multi",
        "城关镇",
        "sadmin",
    ]
    before = _counts()
    # every demo record is audited (the breakdown by module, on a fixed day: tests/core/test_demo.py);
    # the numbers here follow the day the command runs
    assert before[:3] == (59, 9, 10) and before[3] > 5000
    assert verify_chain().checked == before[3]

    code, out, err = run_main(capsys, "demo", "--build-only")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "演示数据已存在，直接使用（如需重新生成，请加 --reset）。"
    assert out.splitlines()[1] == "演示账号（密码均为 Fazhi2026demo）："
    assert _counts() == before


@pytest.mark.django_db
def test_demo_refuses_a_database_holding_other_units(capsys):
    make_unit("某省人民政府", code="other")
    before = _counts()
    code, out, err = run_main(capsys, "demo", "--build-only")
    assert (code, out) == (1, "正在生成演示数据……\n")
    assert err == "错误：无法生成演示数据：数据库中已有组织机构，不能再初始化顶级单位和首位管理员。\n"
    assert _counts() == before


@pytest.mark.django_db
def test_reset_is_refused_on_a_non_sqlite_database(capsys, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setattr(connection, "display_name", "PostgreSQL")
    code, out, err = run_main(capsys, "demo", "--build-only", "--reset")
    assert (code, out) == (1, "")
    assert err == (
        "错误：--reset 只能用于 SQLite 数据库文件（当前数据库为 PostgreSQL），请由数据库管理员另行清空。\n"
    )
    assert _counts() == (0, 0, 0, 0)


# --- serve ------------------------------------------------------------------------------------


def test_port_comes_from_option_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    assert resolve_port(None) == 8000
    monkeypatch.setenv("PORT", "9001")
    assert resolve_port(None) == 9001
    assert resolve_port(9100) == 9100
    monkeypatch.setenv("PORT", "http")
    with pytest.raises(CommandError) as exc:
        resolve_port(None)
    assert str(exc.value) == "环境变量 PORT 无效：端口应为 1–65535 之间的整数，收到的是 http"


@pytest.mark.django_db
def test_serve_refuses_a_port_in_use(capsys):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        code, out, err = run_main(capsys, "serve", "--port", str(port))
    assert (code, out) == (1, "")
    assert err == f"错误：端口 {port} 已被占用，请用 --port 指定其他端口，或设置环境变量 PORT。\n"


# --- the installed console script, on a database file of its own --------------------------------


def _fazhi(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(FAZHI), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@needs_console_script
def test_console_script_works_on_any_database_file(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FAZHI_ENV": "test"}
    env.pop("PORT", None)

    result = _fazhi("units", env=env, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "错误：数据库尚未初始化，请先运行 fazhi demo 或 fazhi manage migrate"
        f"（数据库文件不存在：{database}）。\n"
    )
    assert not database.exists()

    result = _fazhi("demo", "--build-only", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert "已生成演示数据：59 个单位、9 个账号" in result.stdout
    assert database.exists()

    result = _fazhi("units", "--json", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert [u["code"] for u in json.loads(result.stdout)][:3] == ["jn", "jn-sft", "yz"]

    result = _fazhi("verify-audit", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert re.fullmatch(r"审计链完整：共 \d+ 条记录\n", result.stdout)

    result = _fazhi("demo", "--build-only", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "演示数据已存在，直接使用（如需重新生成，请加 --reset）。"

    result = _fazhi("nonsense", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        f"未知命令：nonsense。可用命令：{AVAILABLE}\n",
    )


@needs_console_script
def test_console_script_reports_an_empty_database_file(tmp_path):
    database = tmp_path / "empty.sqlite3"
    database.touch()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FAZHI_ENV": "test"}
    result = _fazhi("verify-audit", env=env, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "错误：数据库尚未初始化，请先运行 fazhi demo 或 fazhi manage migrate。\n",
    )


@pytest.mark.django_db
def test_manage_reaches_any_management_command(capsys):
    assert run_main(capsys, "manage", "check") == (0, "System check identified no issues (0 silenced).\n", "")
