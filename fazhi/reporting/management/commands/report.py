"""``fazhi report --unit CODE --year YYYY --format docx|html|pdf [--output PATH]``: the year's report as a file.

The unit's report for that year when one exists (frozen figures once it is frozen), otherwise a fresh
draft from the outline with live figures — the same document the report pages export. The file is written
to a temporary file beside the target and renamed, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.models import OrgUnit
from fazhi.metrics.periods import Period, PeriodError
from fazhi.reporting.output import FORMATS, figures, filename_for, render
from fazhi.reporting.output.html import missing_labels


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class Command(FazhiCommand):
    help = gettext_lazy(
        "生成某单位某年度的法治政府建设情况报告文件：.docx（公文格式）、HTML 或 PDF（需安装 LibreOffice）。\n"
        "已有该年度报告时输出该报告（已定稿的用定稿时的数字），否则按提纲和实时数字起草一份（不保存）。\n"
        "这是运维命令：直接读取数据库，不按任何用户的管辖范围过滤，请只在服务器上使用。\n"
        "示例：fazhi report --unit qh --year 2025 --format docx --output 清河县2025年报告.docx"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit",
            required=True,
            metavar="CODE",
            help=gettext_lazy("单位的机构代码，如 qh（fazhi units 可列出）"),
        )
        parser.add_argument(
            "--year", required=True, type=int, metavar="YYYY", help=gettext_lazy("年度，如 2025")
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=list(FORMATS),
            default="docx",
            help=gettext_lazy("输出格式：docx（默认）、html 或 pdf"),
        )
        parser.add_argument(
            "--output",
            metavar="PATH",
            help=gettext_lazy("输出文件路径；省略时以报告标题为文件名写到当前目录"),
        )

    def handle(self, *args, **options):
        fmt = options["fmt"]
        unit = OrgUnit.objects.filter(code=options["unit"]).first()  # operator command: deliberately unscoped
        if unit is None:
            raise CommandError(
                _("未找到机构代码为 %(code)s 的单位（fazhi units 可列出全部机构代码）。")
                % {"code": options["unit"]}
            )
        try:
            Period.for_year(options["year"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        target = Path(options["output"]) if options["output"] else None
        if target is not None:
            check_target(target)

        from fazhi.reporting.assemble import document_for_unit_year

        document = document_for_unit_year(unit, options["year"])
        if target is None:
            target = Path.cwd() / filename_for(document, fmt)
            check_target(target)
        try:
            content, _content_type, _filename = render(
                document, fmt, base_url=getattr(settings, "FAZHI_PUBLIC_BASE_URL", "") or ""
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        write_atomically(target, content)

        quoted = figures(document)
        self.stdout.write(
            _("已写出 %(path)s（%(format)s，%(size)s）：引用数字 %(figures)d 处，待补充 %(missing)d 项。")
            % {
                "path": target,
                "format": fmt,
                "size": human_size(len(content)),
                "figures": len(quoted),
                "missing": len(document.missing),
            }
        )
        if document.missing:
            self.stderr.write(
                _("警告：以下 %(n)d 项数字待补充（文中已标出）：%(items)s")
                % {"n": len(document.missing), "items": "；".join(missing_labels(document.missing))},
                style_func=self.style.WARNING,
            )


def check_target(target: Path) -> None:
    """Refuse, before any work, a path that cannot be written (the rename at the end must not fail)."""
    if target.is_dir():
        raise CommandError(_("输出路径 %(path)s 是一个目录，请给出文件名。") % {"path": target})
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(_("输出目录 %(path)s 不存在。") % {"path": folder})
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(_("没有写入输出目录 %(path)s 的权限。") % {"path": folder})
    if target.exists() and not os.access(target, os.W_OK):
        raise CommandError(_("输出文件 %(path)s 已存在且不可写。") % {"path": target})


def write_atomically(target: Path, content: bytes) -> None:
    """Write to a temporary file in the target's folder, then rename it over the target."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise CommandError(
            _("无法在 %(path)s 写入文件：%(error)s") % {"path": folder, "error": exc.strerror}
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(
            _("写入 %(path)s 失败：%(error)s") % {"path": target, "error": exc.strerror}
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
