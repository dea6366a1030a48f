"""PDF from the .docx, by LibreOffice (``soffice --headless --convert-to pdf``), where it is installed.

Each conversion runs in its own temporary directory with its own LibreOffice user profile (two
conversions at once do not share, or lock, a profile, and nothing is written to the user's home), with
``FONTCONFIG_FILE`` pointing at ``fonts.conf`` beside this module: the system's fontconfig setup plus
rules that map the Windows font names of a 公文 to fonts a Linux server has (see that file). The whole
process group is killed when the conversion exceeds its time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FONTCONFIG_FILE = Path(__file__).with_name("fonts.conf")
#: seconds one conversion may take (a 20-page report takes a few seconds; a cold first start longer)
CONVERSION_TIMEOUT = 120
INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-wqy-zenhei"


class PdfUnavailable(ValidationError):
    """LibreOffice is not installed (or FAZHI_SOFFICE names no executable)."""


class PdfConversionFailed(ValidationError):
    """LibreOffice ran but produced no PDF, or ran out of time."""


def soffice_path() -> str | None:
    """``FAZHI_SOFFICE`` when set (and executable), else ``soffice`` or ``libreoffice`` on PATH."""
    configured = getattr(settings, "FAZHI_SOFFICE", "") or ""
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def unavailable_reason() -> str | None:
    """Why a PDF cannot be made here, in Chinese, or None when it can."""
    if soffice_path() is not None:
        return None
    configured = getattr(settings, "FAZHI_SOFFICE", "") or ""
    if configured:
        return _("无法生成 PDF：设置 FAZHI_SOFFICE 指向的 %(path)s 不存在或不可执行。") % {"path": configured}
    return _(
        "无法生成 PDF：本服务器未安装 LibreOffice（找不到 soffice 命令）。"
        "请安装 LibreOffice（如 %(hint)s）或用 FAZHI_SOFFICE 指明 soffice 的路径；也可以下载 .docx 版本。"
    ) % {"hint": INSTALL_HINT}


def _environment(workdir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SAL_")}
    env.update(
        FONTCONFIG_FILE=str(FONTCONFIG_FILE),
        HOME=str(workdir),  # LibreOffice and fontconfig write caches under $HOME
    )
    return env


def _tail(text: bytes, limit: int = 400) -> str:
    return text.decode("utf-8", "replace").strip()[-limit:]


def docx_to_pdf(content: bytes, *, timeout: int = CONVERSION_TIMEOUT) -> bytes:
    """The PDF of a .docx; :class:`PdfUnavailable` / :class:`PdfConversionFailed` say why not."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(unavailable_reason())
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as tmp:
        workdir = Path(tmp)
        source = workdir / "report.docx"
        source.write_bytes(content)
        outdir = workdir / "out"
        outdir.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 — the configured soffice, fixed arguments, no shell
            command,
            cwd=workdir,
            env=_environment(workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # soffice starts soffice.bin: on timeout the whole group goes
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise PdfConversionFailed(
                _("LibreOffice 转换 PDF 超时（超过 %(seconds)d 秒），已终止。") % {"seconds": timeout}
            ) from None
        result = outdir / "report.pdf"
        data = result.read_bytes() if result.exists() else b""
        if process.returncode != 0 or not data.startswith(b"%PDF"):
            detail = _tail(stderr) or _tail(stdout) or _("没有输出")
            raise PdfConversionFailed(
                _("LibreOffice 未能把报告转换为 PDF（退出码 %(code)s）：%(detail)s")
                % {"code": process.returncode, "detail": detail}
            )
        return data


def _kill_group(process: subprocess.Popen) -> None:
    """Kill soffice and its children; only while the process is not yet reaped (its id is still ours)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.returncode is None:
        process.wait()
