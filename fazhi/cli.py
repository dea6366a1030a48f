"""The ``fazhi`` console command: the management commands a user needs, under one name.

A later module adds its command by appending a row to :data:`SUBCOMMANDS` (the name users type,
the Django management command it runs, a one-line description). ``fazhi manage …`` reaches every
other management command.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


def gettext_noop(text: str) -> str:
    """Marks text for makemessages; Django's own needs the settings, which are not loaded yet here."""
    return text


@dataclass(frozen=True)
class Subcommand:
    name: str  # what the user types
    command: str  # the Django management command it runs
    help: str  # one line, marked with gettext_noop and translated when shown


SUBCOMMANDS: list[Subcommand] = [
    Subcommand(
        "demo",
        "demo",
        gettext_noop(
            "生成演示县并启动服务（已有演示数据时直接使用）；--build-only 只生成不启动，--reset 删除后重建"
        ),
    ),
    Subcommand(
        "serve",
        "serve",
        gettext_noop("迁移数据库并在 http://127.0.0.1:8000/ 启动服务（--port、--host 或环境变量 PORT 可改）"),
    ),
    Subcommand("units", "units", gettext_noop("列出全部组织机构及其代码（--json 输出 JSON）")),
    Subcommand(
        "verify-audit",
        "verify_audit",
        gettext_noop("校验审计日志哈希链：完整时退出码为 0，否则指出第一条被改动的记录并以 1 退出"),
    ),
    Subcommand(
        "deadline",
        "deadline",
        gettext_noop(
            "计算期限届满日并说明过程：fazhi deadline --from 2025-09-30 --working-days 20"
            "（或 --days、--months、--rule）"
        ),
    ),
    Subcommand(
        "remind",
        "remind",
        gettext_noop("每日期限提醒：向负责人发送已逾期和即将到期的期限（同一天只发一次，供定时任务调用）"),
    ),
    Subcommand(
        "metric",
        "metric",
        gettext_noop("某单位（含下级）某期间的指标数值：fazhi metric 指标键 --unit 机构代码 --year 年份"),
    ),
]
SUBCOMMANDS.append(
    Subcommand(
        "analyze",
        "analyze",
        gettext_noop(
            "分析已公开的法治政府建设报告（单位、年度、章节、数字、核对）：fazhi analyze 文件… [--json]；"
            "fazhi analyze --eval gold.json 评测查准率与查全率"
        ),
    )
)
SUBCOMMANDS.append(
    Subcommand(
        "report",
        "report",
        gettext_noop(
            "生成法治政府建设情况报告文件：fazhi report --unit 机构代码 --year 年份 "
            "--format docx|html|pdf [--output 路径]"
        ),
    )
)
MANAGE = Subcommand("manage", "", gettext_noop("运行任意 Django 管理命令，如 fazhi manage migrate"))
HELP = Subcommand("help", "", gettext_noop("显示本说明；fazhi help <命令> 显示该命令的参数"))


def _(text: str) -> str:
    """Translate when Django is ready; help must still show when the settings are broken."""
    from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
    from django.utils.translation import gettext

    try:
        return gettext(text)
    except (AppRegistryNotReady, ImproperlyConfigured):
        return text


def _setup() -> str | None:
    """Configure Django; return the reason when the settings refuse to load."""
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if apps.ready:
        return None
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        return str(exc)
    return None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fazhi")
    except PackageNotFoundError:
        return "0+unknown"


def _find(name: str) -> Subcommand | None:
    return next((sub for sub in SUBCOMMANDS if sub.name == name), None)


def usage() -> str:
    rows = [*SUBCOMMANDS, MANAGE, HELP]
    width = max(len(sub.name) for sub in rows) + 2
    lines = [
        _("fazhi —— 法治政府建设工作平台"),
        "",
        _("用法：fazhi <命令> [参数]"),
        "",
        _("命令："),
        *(f"  {sub.name.ljust(width)}{_(sub.help)}" for sub in rows),
        "",
        _("数据库由环境变量 DATABASE_URL 指定，默认为 var/fazhi.sqlite3；运行环境由 FAZHI_ENV 指定。"),
    ]
    return "\n".join(lines)


def _fail(message: str, code: int) -> None:
    sys.stderr.write(message + "\n")
    raise SystemExit(code)


def _run(sub: Subcommand, args: list[str]) -> int:
    """Run a management command as ``manage.py`` would, with Chinese errors instead of ``CommandError:``."""
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import CommandError, SystemCheckError
    from django.db import DatabaseError

    command = load_command_class(get_commands()[sub.command], sub.command)
    command._called_from_command_line = True
    parser = command.create_parser("fazhi", sub.name)
    options = vars(parser.parse_args(args))
    positional = options.pop("args", ())
    try:
        command.execute(*positional, **options)
    except CommandError as exc:
        if options.get("traceback"):
            raise
        text = str(exc) if isinstance(exc, SystemCheckError) else _("错误：%(message)s") % {"message": exc}
        sys.stderr.write(text + "\n")
        return exc.returncode
    except DatabaseError as exc:
        if options.get("traceback"):
            raise
        message = _("数据库错误：%(message)s（请检查 DATABASE_URL 与数据库是否已迁移）") % {"message": exc}
        sys.stderr.write(message + "\n")
        return 1
    except BrokenPipeError:  # e.g. `fazhi units | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``fazhi`` console script; always ends with SystemExit carrying the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("FAZHI_ENV", "development")
    setup_error = _setup()

    name = argv[0] if argv else "help"
    if name in ("-h", "--help") or (name == "help" and len(argv) <= 1):
        sys.stdout.write(usage() + "\n")
        raise SystemExit(0)
    if name == "--version":
        sys.stdout.write(f"fazhi {_version()}\n")
        raise SystemExit(0)
    if setup_error:
        _fail(_("配置错误：%(message)s") % {"message": setup_error}, 1)
    if name == "help":  # fazhi help <命令>
        name, argv = argv[1], [argv[1], "--help"]
    if name == MANAGE.name:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["fazhi manage", *argv[1:]])
        raise SystemExit(0)
    sub = _find(name)
    if sub is None:
        available = "、".join([*(s.name for s in SUBCOMMANDS), MANAGE.name])
        _fail(_("未知命令：%(name)s。可用命令：%(available)s") % {"name": name, "available": available}, 2)
    raise SystemExit(_run(sub, argv[1:]))


if __name__ == "__main__":
    main()
