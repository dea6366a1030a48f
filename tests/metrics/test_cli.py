"""``fazhi metric``: one figure for a unit and period, as text or JSON; Chinese errors, non-zero exits."""

from __future__ import annotations

import json

import pytest

from fazhi.cli import main
from fazhi.core.choices import Role

pytestmark = pytest.mark.django_db


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["metric", *argv])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture
def counted(tree, member, membership_metrics):
    member(tree.dept_a, Role.CLERK)
    member(tree.dept_a, Role.ADMIN)
    for role in (Role.CLERK, Role.CLERK, Role.CLERK, Role.LEADER):
        member(tree.dept_b, role)
    return tree


def test_a_rate_as_text(counted, capsys):
    assert run(capsys, "test.clerk_share", "--unit", "qh", "--year", "2024") == (
        0,
        "\n".join(
            [
                "指标：经办人占比（test.clerk_share，%）",
                "单位：清河县人民政府（qh），含全部下级单位",
                "期间：2024年（2024-01-01 至 2024-12-31）",
                "数值：66.7%（计算）",
                "口径：经办人任职÷任职",
                "分子：4；分母：6",
            ]
        )
        + "\n",
        "",
    )


def test_a_count_with_a_typed_in_value_beside_it(counted, typed, capsys):
    typed("test.memberships", counted.county, 99)
    code, out, err = run(capsys, "test.memberships", "--unit", "qh", "--year", "2024")
    assert (code, err) == (0, "")
    assert out.splitlines()[3:] == ["数值：6个（计算）", "另有填报值：99个（两者并存时采用计算值）"]


def test_quarter_month_and_not_applicable(counted, capsys):
    code, out, _ = run(capsys, "test.clerk_share", "--unit", "qh-cgz", "--year", "2024", "--quarter", "2")
    assert code == 0
    assert out.splitlines()[2:] == [
        "期间：2024年第二季度（2024-04-01 至 2024-06-30）",
        "数值：—（计算）",
        "口径：经办人任职÷任职",
        "分子：0；分母：0",
        "分母为 0，比率不适用。",
    ]
    code, out, _ = run(capsys, "test.memberships", "--unit", "qh", "--year", "2024", "--month", "7")
    assert out.splitlines()[2:4] == ["期间：2024年7月（2024-07-01 至 2024-07-31）", "数值：0个（计算）"]


def test_json(counted, capsys):
    code, out, err = run(capsys, "test.memberships", "--unit", "qh-scj", "--year", "2024", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (
        data["value"],
        data["display"],
        data["source"],
        data["unit"]["code"],
        data["period"]["token"],
    ) == (2, "2个", "computed", "qh-scj", "2024")


def test_no_data_for_a_metric_nothing_computes(tree, capsys, uncomputed):
    code, out, _ = run(capsys, "reconsideration.received", "--unit", "qh", "--year", "2024")
    assert (code, out.splitlines()[3]) == (0, "数值：无数据（无数据）")


@pytest.mark.parametrize(
    ("argv", "code", "err"),
    [
        (
            ["no.such", "--unit", "qh", "--year", "2024"],
            1,
            "错误：未知的指标：no.such。指标目录见“指标”页面或 GET /api/metrics/。\n",
        ),
        (
            ["mediation.cases", "--unit", "nope", "--year", "2024"],
            1,
            "错误：未找到机构代码为 nope 的单位（fazhi units 可列出全部机构代码）。\n",
        ),
        (
            ["mediation.cases", "--unit", "qh", "--year", "2024", "--quarter", "5"],
            1,
            "错误：季度应为 1–4，收到的是 5。\n",
        ),
        (
            ["mediation.cases", "--unit", "qh", "--year", "2024", "--month", "13"],
            1,
            "错误：月份应为 1–12，收到的是 13。\n",
        ),
        (
            ["mediation.cases", "--unit", "qh", "--year", "1800"],
            1,
            "错误：年份应在 1949–2100 之间，收到的是 1800。\n",
        ),
    ],
)
def test_errors_are_chinese_and_exit_non_zero(tree, capsys, argv, code, err):
    assert run(capsys, *argv) == (code, "", err)


def test_argument_errors_exit_2(tree, capsys):
    code, out, err = run(
        capsys, "mediation.cases", "--unit", "qh", "--year", "2024", "--quarter", "1", "--month", "2"
    )
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "fazhi metric：参数有误：参数 --month：不能与参数 --quarter 同时使用"
    code, out, err = run(capsys, "mediation.cases", "--unit", "qh")
    assert err.splitlines()[-1] == "fazhi metric：参数有误：缺少必需的参数：--year"
    code, out, err = run(capsys, "mediation.cases", "--unit", "qh", "--year", "今年")
    assert err.splitlines()[-1] == "fazhi metric：参数有误：参数 --year：取值无效：'今年'"


def test_help_says_it_is_unscoped(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "这是运维命令：直接读取数据库，不按任何用户的管辖范围过滤，请只在服务器上使用。" in out
