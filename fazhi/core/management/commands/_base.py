"""The base of fazhi's own management commands: Chinese help and errors, and a database check.

Django skips modules whose names start with an underscore when it looks for commands, so this
file is a helper, not a command. Commands of later modules derive from :class:`FazhiCommand` too.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import connection
from django.utils.translation import gettext as _

#: Django's own options stay usable (``--traceback`` helps a developer) but are hidden from the help
HIDDEN_BASE_ARGUMENTS = {
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}

#: argparse speaks English only; the messages a user can meet, in Chinese
_ARGPARSE_MESSAGES = [
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^one of the arguments (.*) is required$"), "必须指定以下参数之一：{0}"),
    (re.compile(r"^not allowed with argument (.*)$"), "不能与参数 {0} 同时使用"),
    (re.compile(r"^expected one argument$"), "需要一个取值"),
    (re.compile(r"^ignored explicit argument (.*)$"), "该参数不接受取值：{0}"),
    (re.compile(r"^invalid choice: (.*?) \(choose from (.*)\)$"), "无效的取值 {0}（可选：{1}）"),
    (re.compile(r"^invalid \S+ value: (.*)$"), "取值无效：{0}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 有歧义，可能是 {1}"),
]
_ARGUMENT_PREFIX = re.compile(r"^argument ([^:]+): (.*)$")


def chinese_argparse_message(message: str) -> str:
    match = _ARGUMENT_PREFIX.match(message)
    if match:
        return _("参数 %(name)s：%(message)s") % {
            "name": match.group(1),
            "message": chinese_argparse_message(match.group(2)),
        }
    for pattern, template in _ARGPARSE_MESSAGES:
        match = pattern.match(message)
        if match:
            return template.format(*match.groups())
    return message


class ChineseHelpFormatter(DjangoHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix=_("用法："))

    def _fill_text(self, text, width, indent):
        # argparse wraps by character count, which breaks Chinese lines at the wrong width and
        # splits options like --build-only; the terminal wraps them better.
        return "\n".join(indent + line for line in text.splitlines())


def localise_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Chinese headings, help and errors on a parser Django built (argparse has no Chinese catalog)."""
    parser.formatter_class = ChineseHelpFormatter
    parser._optionals.title = _("选项")
    parser._positionals.title = _("参数")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _("显示本帮助并退出")

    def error(message: str):
        text = _("参数有误：%(detail)s") % {"detail": chinese_argparse_message(message)}
        if getattr(parser, "called_from_command_line", False):
            parser.print_usage(sys.stderr)
            parser.exit(2, f"{parser.prog}：{text}\n")
        raise CommandError(text, returncode=2)

    parser.error = error
    return parser


def database_problem() -> str | None:
    """Why the configured database cannot serve a command yet, or None when it can."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        in_memory = name in ("", ":memory:") or name.startswith("file:")
        if not in_memory and not Path(name).exists():
            # Checked before connecting: SQLite would otherwise create an empty file.
            return _(
                "数据库尚未初始化，请先运行 fazhi demo 或 fazhi manage migrate"
                "（数据库文件不存在：%(name)s）。"
            ) % {"name": name}
    from django.db.migrations.executor import MigrationExecutor

    from fazhi.core.models import AuditChainHead, OrgUnit

    tables = set(connection.introspection.table_names())
    if not {OrgUnit._meta.db_table, AuditChainHead._meta.db_table} <= tables:
        return _("数据库尚未初始化，请先运行 fazhi demo 或 fazhi manage migrate。")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return _("数据库结构不是最新版本，请先运行 fazhi manage migrate。")
    return None


class FazhiCommand(BaseCommand):
    """A user-facing command: Chinese help, Chinese argument errors, refuses an uninitialised database."""

    suppressed_base_arguments = HIDDEN_BASE_ARGUMENTS
    #: the command reads tables, so an empty or missing database is reported instead of a traceback
    requires_initialised_database = True
    #: serve runs the checks itself; the others must work even while a check fails (e.g. verify-audit)
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        help_text = self.help
        self.help = str(help_text)  # argparse cannot format a lazy translation
        try:
            parser = super().create_parser(prog_name, subcommand, **kwargs)
        finally:
            self.help = help_text
        return localise_parser(parser)

    def execute(self, *args, **options):
        if self.requires_initialised_database:
            problem = database_problem()
            if problem:
                raise CommandError(problem)
        return super().execute(*args, **options)
