"""``fazhi analyze``: reports, figures and findings as text or JSON; the gold evaluation; Chinese errors."""

from __future__ import annotations

import json

import pytest

from fazhi.analysis.seeds import GOLD, REPORT_FILES
from fazhi.cli import main

NANHAI = str(next(p for p in REPORT_FILES if p.name.startswith("003")))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", *argv])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_text_output(capsys):
    code, out, err = run(capsys, NANHAI)
    assert code == 0, err
    assert "=== 报告 1：佛山市南海区人民政府2018年度法治政府建设工作报告" in out
    assert "单位：佛山市南海区人民政府（区（县级））；报告年度：2018；发布日期：2019-06-18" in out
    assert "综合纠错率（reconsideration.correction_rate）27.8%" in out
    assert "[注意] 2017年报告所述上年综合纠错率为26%，而2016年报告所述为27.8%，前后不一致。" in out
    assert "报告间相同或近似的句子" in out


def test_json_output(capsys):
    code, out, _err = run(capsys, NANHAI, "--json")
    assert code == 0
    data = json.loads(out)
    assert [r["year"] for r in data["reports"]] == [2018, 2017, 2016]
    fig = next(f for f in data["reports"][2]["figures"] if f["metric"] == "reconsideration.correction_rate")
    text = open(NANHAI, encoding="utf-8").read()
    assert text[fig["start"] : fig["end"]] == "27.8%"


def test_eval_text_and_json(capsys):
    code, out, _err = run(capsys, "--eval", str(GOLD))
    assert code == 0
    assert "报告识别：7 / 7 份单位与年度正确" in out
    assert "指标库数字：查准率 0.940  查全率 1.000" in out
    code, out, _err = run(capsys, "--eval", str(GOLD), "--json")
    data = json.loads(out)
    assert data["keyed"]["recall"] == 1.0 and data["reports_found"] == 7
    assert set(data["families"]) >= {"reconsideration", "normative", "enforcement"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "请指定至少一个报告文件"),
        (("/nonexistent/报告.txt",), "找不到文件"),
        (("--eval", "/nonexistent/gold.json"), "找不到标注文件"),
    ],
)
def test_errors_are_chinese_with_non_zero_exit(capsys, argv, message):
    code, _out, err = run(capsys, *argv)
    assert code != 0
    assert message in err


def test_unreadable_file(capsys, tmp_path):
    bad = tmp_path / "scan.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    with bad.open("wb") as fh:
        writer.write(fh)
    code, _out, err = run(capsys, str(bad))
    assert code == 1
    assert "错误：PDF 文件没有可提取的文字层" in err
