"""PDF by LibreOffice and page 1 rendered by pdftoppm; the fontconfig file that maps the 公文 fonts.

Where soffice or pdftoppm is missing these tests are skipped with the reason — except under CI=true,
where a missing tool is a failure (as `make test` treats a missing Chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from fazhi.reporting.output import render
from fazhi.reporting.output.pdf import FONTCONFIG_FILE, INSTALL_HINT, soffice_path
from tests.reporting.test_output import sample_document

CI_INSTALL = (
    "apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei"
)


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def require(*tools: str) -> dict[str, str]:
    """The paths of ``tools`` ("soffice" found as fazhi finds it); skip loudly, or fail under CI=true."""
    found = {tool: soffice_path() if tool == "soffice" else shutil.which(tool) for tool in tools}
    missing = [tool for tool, path in found.items() if path is None]
    if missing:
        reason = (
            f"已跳过 PDF 测试：未找到 {' 与 '.join(missing)}（安装：{CI_INSTALL}；"
            f"或设置 FAZHI_SOFFICE 指向 soffice）"
        )
        if is_ci():
            pytest.fail(f"CI=true 时不允许跳过：{reason}")
        pytest.skip(reason)
    return found


def page_one_png(pdf: bytes, tmp_path: Path, pdftoppm: str) -> Path:
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 — the pdftoppm found on this machine, fixed arguments
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
        capture_output=True,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1, pages
    return pages[0]


def test_pdf_by_libreoffice_and_page_one_renders(tmp_path):
    tools = require("soffice", "pdftoppm")
    started = time.monotonic()
    content, content_type, filename = render(sample_document(), "pdf")
    seconds = time.monotonic() - started
    assert content.startswith(b"%PDF-")
    assert content_type == "application/pdf"
    assert filename == "清河县人民政府2025年度法治政府建设情况报告.pdf"
    png = page_one_png(content, tmp_path, tools["pdftoppm"])
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 1000
    if pdftotext := shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603
            [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, timeout=60, check=True
        ).stdout.decode()
        flat = "".join(text.split())
        assert "法治政府建设情况报告" in flat
        assert "全年共收到行政复议申请918宗" in flat
        assert "—1—" in flat  # the page number field
    print(f"LibreOffice 转换用时 {seconds:.1f} 秒")


def test_fontconfig_file_maps_the_gongwen_fonts_to_installed_chinese_fonts():
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    if fc_match is None or fc_list is None:
        reason = "已跳过：未找到 fc-match（fontconfig），无法检查字体映射"
        if is_ci():
            pytest.fail(f"CI=true 时不允许跳过：{reason}")
        pytest.skip(reason)
    chinese = subprocess.run(  # noqa: S603 — fontconfig's fc-list found on this machine
        [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    if not chinese.strip():
        reason = f"已跳过：本机没有中文字体（{INSTALL_HINT}）"
        if is_ci():
            pytest.fail(f"CI=true 时不允许跳过：{reason}")
        pytest.skip(reason)
    installed = {name.strip() for line in chinese.splitlines() for name in line.split(",")}
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}
    for name in ("仿宋_GB2312", "仿宋", "楷体_GB2312", "楷体", "黑体", "方正小标宋简体", "宋体"):
        matched = subprocess.run(  # noqa: S603
            [fc_match, "-f", "%{family}", name],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=True,
        ).stdout
        assert set(matched.split(",")) & installed, (name, matched)
