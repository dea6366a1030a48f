"""``fazhi report``: the acceptance check (every figure in the .docx equals ``fazhi metric``), the other
formats, and the refusals (Chinese message on stderr, non-zero exit, no file left behind)."""

from __future__ import annotations

import datetime
import io
import json
import os
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document

from fazhi import cli
from fazhi.reconsideration.choices import DecisionType
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reporting.assemble import document_for_unit_year, paragraphs
from fazhi.reporting.document import Figure
from fazhi.reporting.figures import FigureResolver, tokens_in
from fazhi.reporting.output import figures
from fazhi.reporting.services.drafting import fresh_drafts
from tests.reconsideration.factories import closed_case_row
from tests.reporting.factories import type_in
from tests.reporting.test_output_pdf import page_one_png, require

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025
TOKEN = re.compile(r"^([a-z_]+(?:\.[a-z_]+)+)(?:/([a-z_]+(?:\.[a-z_]+)+))?(?:@(上年|比较))?$")


@pytest.fixture(autouse=True)
def report_subcommand(monkeypatch):
    """``fazhi report`` as the integrator wires it (fazhi/cli.py), whether or not the row is there yet."""
    if cli._find("report") is None:
        row = cli.Subcommand("report", "report", "生成法治政府建设情况报告文件")
        monkeypatch.setattr(cli, "SUBCOMMANDS", [*cli.SUBCOMMANDS, row])


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(list(argv))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture
def county(tree, people):
    """清河县 with records (行政复议 cases in two years, in the county and a department) and typed-in
    figures (诉讼、培训、调解、投诉 — modules without records on the platform), some at department level."""
    rows = []
    for year, outcomes in (
        (YEAR, {DecisionType.UPHOLD: 6, DecisionType.REVOKE: 2, DecisionType.CONFIRM_ILLEGAL: 1}),
        (YEAR - 1, {DecisionType.UPHOLD: 5, DecisionType.REVOKE: 1}),
    ):
        for decision, n in outcomes.items():
            for i in range(n):
                unit = tree.dept_a if i % 2 else tree.county
                rows.append(closed_case_row(unit, decision_type=decision, closed_on=D(year, 5, 1 + i)))
    ReconsiderationCase.objects.bulk_create(rows)
    type_in(tree.dept_a, YEAR, {"litigation.cases": 10, "litigation.lost": 1}, user=people.legal)
    type_in(tree.dept_b, YEAR, {"litigation.cases": 15, "litigation.lost": 2}, user=people.legal)
    type_in(tree.county, YEAR, {"training.sessions": 12, "training.participants": 3400}, user=people.legal)
    type_in(
        tree.county, YEAR - 1, {"training.sessions": 10, "training.participants": 3650}, user=people.legal
    )
    type_in(tree.county, YEAR, {"mediation.cases": 320, "mediation.success": 301}, user=people.legal)
    type_in(tree.county, YEAR, {"complaints.ontime_rate": "98.52"}, user=people.legal)
    return tree.county


class MetricCommand:
    """``fazhi metric KEY --unit CODE --year YYYY --json``, run once per key and year."""

    def __init__(self, capsys, code: str):
        self.capsys, self.code, self.cache = capsys, code, {}

    def __call__(self, key: str, year: int) -> dict:
        if (key, year) not in self.cache:
            code, out, err = run(
                self.capsys, "metric", key, "--unit", self.code, "--year", str(year), "--json"
            )
            assert (code, err) == (0, ""), (key, year, err)
            self.cache[key, year] = json.loads(out)
        return self.cache[key, year]


def expected_text(token: str, metric: MetricCommand) -> str | None:
    """What the figure must read, from ``fazhi metric`` alone; None when it has no value (待补充)."""
    key, over, form = TOKEN.match(token).groups()
    now = metric(key, YEAR)
    if over:
        whole = metric(over, YEAR)
        if now["value"] is None or whole["value"] is None:
            return None
        if not whole["value"]:
            return "—"
        share = (Decimal(str(now["value"])) * 100 / Decimal(str(whole["value"]))).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        return f"{share}%"
    if form == "上年":
        before = metric(key, YEAR - 1)
        return None if before["value"] is None and not before["not_applicable"] else before["display"]
    if form == "比较":
        before = metric(key, YEAR - 1)
        if now["value"] is None or before["value"] is None:
            return None
        current, prior = Decimal(str(now["value"])), Decimal(str(before["value"]))
        if now["kind"] == "rate":
            if current == prior:
                return f"与上年的{before['display']}持平"
            degree = "明显" if abs(current - prior) >= 5 else "有所"
            return f"较上年的{before['display']}{degree}{'上升' if current > prior else '下降'}"
        if current == prior:
            return "与上年持平"
        if prior == 0:
            return f"上年为0{now['measure']}"
        change = ((current - prior) * 100 / prior).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"同比增长{change}%" if change > 0 else f"同比下降{-change}%"
    if now["value"] is None and not now["not_applicable"]:
        return None
    return now["display"]


def test_docx_figures_equal_fazhi_metric_for_the_same_unit_and_year(county, capsys, tmp_path):
    target = tmp_path / "清河县2025年报告.docx"
    code, out, err = run(
        capsys, "report", "--unit", "qh", "--year", str(YEAR), "--format", "docx", "--output", str(target)
    )
    assert code == 0, err
    document = document_for_unit_year(county, YEAR)
    quoted = figures(document)
    size = target.stat().st_size
    size_text = f"{size / 1024:.1f} KB"
    assert out == (
        f"已写出 {target}（docx，{size_text}）：引用数字 {len(quoted)} 处，待补充 {len(document.missing)} 项。\n"
    )
    assert err.startswith(f"警告：以下 {len(document.missing)} 项数字待补充（文中已标出）：")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left beside it

    # python-docx reads it back: the title, every heading and paragraph of the document, in order
    written = [p.text for p in Document(io.BytesIO(target.read_bytes())).paragraphs if p.text]
    expected = [document.title] + [p.text for p in document.opening]
    for section in document.walk():
        expected += [section.heading, *(p.text for p in section.paragraphs)]
    expected += [document.signature]
    assert written == expected

    # every figure: its token (from the same drafts) and the value `fazhi metric` prints
    resolver = FigureResolver(county, YEAR)
    pairs: list[tuple[str, Figure]] = []
    for draft in fresh_drafts(county, YEAR, resolver):
        parts = [
            part
            for p in paragraphs(draft.narrative, resolver)
            for part in p.parts
            if isinstance(part, Figure)
        ]
        tokens = tokens_in(draft.narrative)
        assert len(tokens) == len(parts), draft.title
        pairs += list(zip(tokens, parts, strict=True))
    assert Counter(figure for _token, figure in pairs) == Counter(quoted)

    metric = MetricCommand(capsys, "qh")
    stated = missing = 0
    for token, figure in pairs:
        want = expected_text(token, metric)
        if want is None:
            assert figure.text.startswith("【待补充："), (token, figure)
            assert figure.key in document.missing
            missing += 1
        else:
            assert figure.text == want, token
            stated += 1
        assert figure.text in "\n".join(written)
    # the fixture's figures are in there, records and typed-in ones alike
    texts = {figure.text for _token, figure in pairs}
    assert {"9件", "2件", "25件", "3件", "12次", "98.52%"} <= texts, texts
    assert metric("litigation.cases", YEAR)["display"] == "25件"  # 10 + 15 typed in by two departments
    assert stated >= 15 and missing >= 1, (stated, missing)


def test_html_report(county, capsys, tmp_path):
    target = tmp_path / "report.html"
    code, out, _err = run(
        capsys, "report", "--unit", "qh", "--year", str(YEAR), "--format", "html", "--output", str(target)
    )
    assert code == 0
    html = target.read_text(encoding="utf-8")
    document = document_for_unit_year(county, YEAR)
    assert f"<title>{document.title}</title>" in html
    assert "/metrics/drilldown/?key=reconsideration.received" in html
    assert out.startswith(f"已写出 {target}（html，")


def test_pdf_report_renders_page_one(county, capsys, tmp_path):
    tools = require("soffice", "pdftoppm")
    target = tmp_path / "report.pdf"
    code, out, err = run(
        capsys, "report", "--unit", "qh", "--year", str(YEAR), "--format", "pdf", "--output", str(target)
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")
    pages = tmp_path / "pages"
    pages.mkdir()
    png = page_one_png(target.read_bytes(), pages, tools["pdftoppm"])
    assert png.stat().st_size > 1000
    assert out.startswith(f"已写出 {target}（pdf，")


def test_default_output_is_the_title_in_the_current_folder(county, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _out, _err = run(capsys, "report", "--unit", "qh", "--year", str(YEAR))
    assert code == 0
    (written,) = tmp_path.iterdir()
    assert written.name == "清河县人民政府2025年度法治政府建设情况报告.docx"


# --- refusals ---------------------------------------------------------------------------------------


def test_unknown_unit(county, capsys, tmp_path):
    target = tmp_path / "r.docx"
    assert run(capsys, "report", "--unit", "zz", "--year", "2025", "--output", str(target)) == (
        1,
        "",
        "错误：未找到机构代码为 zz 的单位（fazhi units 可列出全部机构代码）。\n",
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("year", "code", "message"),
    [
        ("1800", 1, "错误：年份应在 1949–2100 之间，收到的是 1800。\n"),
        ("二〇二五", 2, "fazhi report：参数有误：参数 --year：取值无效：'二〇二五'\n"),
    ],
)
def test_bad_year(county, capsys, tmp_path, year, code, message):
    target = tmp_path / "r.docx"
    got = run(capsys, "report", "--unit", "qh", "--year", year, "--output", str(target))
    assert got[0] == code
    assert got[2].endswith(message)
    assert not target.exists()


def test_unwritable_paths(county, capsys, tmp_path):
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    cases = [
        (tmp_path / "nope" / "r.docx", f"错误：输出目录 {tmp_path / 'nope'} 不存在。\n"),
        (a_file / "r.docx", f"错误：输出目录 {a_file} 不存在。\n"),
        (tmp_path, f"错误：输出路径 {tmp_path} 是一个目录，请给出文件名。\n"),
    ]
    for target, message in cases:
        assert run(capsys, "report", "--unit", "qh", "--year", "2025", "--output", str(target)) == (
            1,
            "",
            message,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_read_only_folder(county, capsys, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    real_access = os.access
    # root may write into a read-only folder, so the permission check itself is what is exercised here
    monkeypatch.setattr(
        os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode)
    )
    code, out, err = run(
        capsys, "report", "--unit", "qh", "--year", "2025", "--output", str(folder / "r.docx")
    )
    assert (code, out, err) == (1, "", f"错误：没有写入输出目录 {folder} 的权限。\n")
    assert list(folder.iterdir()) == []


def test_missing_libreoffice_leaves_the_old_file_alone(county, capsys, tmp_path, settings, monkeypatch):
    settings.FAZHI_SOFFICE = ""
    monkeypatch.setenv("PATH", "/nonexistent")
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    code, out, err = run(
        capsys, "report", "--unit", "qh", "--year", "2025", "--format", "pdf", "--output", str(target)
    )
    assert (code, out) == (1, "")
    assert err.startswith("错误：无法生成 PDF：本服务器未安装 LibreOffice（找不到 soffice 命令）。")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_a_failed_write_leaves_no_partial_file(county, capsys, tmp_path, monkeypatch):
    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "r.docx"
    code, out, err = run(capsys, "report", "--unit", "qh", "--year", "2025", "--output", str(target))
    assert (code, out, err) == (1, "", f"错误：写入 {target} 失败：No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format(county, capsys, tmp_path):
    code, _out, err = run(capsys, "report", "--unit", "qh", "--year", "2025", "--format", "odt")
    assert code == 2
    assert "无效的取值 'odt'（可选：'docx', 'html', 'pdf'）" in err


def test_help_is_chinese(capsys):
    code, out, _err = run(capsys, "help", "report")
    assert code == 0
    assert "用法：" in out and "--format {docx,html,pdf}" in out and "LibreOffice" in out


def test_the_write_is_atomic_file_mode_follows_umask(county, capsys, tmp_path):
    target = tmp_path / "r.docx"
    old = os.umask(0o022)
    try:
        assert run(capsys, "report", "--unit", "qh", "--year", "2025", "--output", str(target))[0] == 0
    finally:
        os.umask(old)
    assert Path(target).stat().st_mode & 0o777 == 0o644
