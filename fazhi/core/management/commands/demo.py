"""``fazhi demo``: migrate, build the demo county unless it is there already, print the logins, serve."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import Role
from fazhi.core.demo import DEMO_PASSWORD, DEMO_PEOPLE, build_demo, demo_present
from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.management.commands._server import (
    add_server_arguments,
    prepare_database,
    resolve_port,
    run_server,
)
from fazhi.core.management.commands.units import format_table
from fazhi.core.models import OrgUnit


def _sqlite_file() -> Path | None:
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name)


def reset_database(out) -> None:
    """Delete the SQLite file (and its WAL files); refused on any other database."""
    path = _sqlite_file()
    if path is None:
        raise CommandError(
            _("--reset 只能用于 SQLite 数据库文件（当前数据库为 %(vendor)s），请由数据库管理员另行清空。")
            % {"vendor": connection.display_name}
        )
    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    out.write(_("已删除数据库文件 %(path)s，将重新生成。") % {"path": path})


def logins_table() -> str:
    codes = {code for person in DEMO_PEOPLE for code, _role in person.memberships}
    names = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for person in DEMO_PEOPLE:
        for position, (code, role) in enumerate(person.memberships):
            first = position == 0
            rows.append(
                [
                    person.username if first else "",
                    person.full_name if first else "",
                    names.get(code, code),
                    str(Role(role).label),
                    str(person.sees) if first else "",
                ]
            )
    header = [_("用户名"), _("姓名"), _("单位"), _("角色"), _("可见范围")]
    return "\n".join(
        [
            _("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD},
            format_table(header, rows),
        ]
    )


class Command(FazhiCommand):
    help = gettext_lazy(
        "生成演示县（清河县：司法局、26 个部门、12 个镇街和各角色的演示账号）并启动网页服务。"
        "数据库已有演示数据时直接使用，不会重复生成。--build-only 只生成不启动；"
        "--reset 先删除 SQLite 数据库文件再重建（仅限 SQLite）。"
    )
    requires_initialised_database = False  # it initialises the database itself

    def add_arguments(self, parser):
        parser.add_argument(
            "--build-only", action="store_true", help=gettext_lazy("只生成演示数据，不启动服务")
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=gettext_lazy("删除 SQLite 数据库文件后重新生成（会丢失其中全部数据）"),
        )
        add_server_arguments(parser)

    def handle(self, *args, build_only=False, reset=False, port=None, host="127.0.0.1", **options):
        port = resolve_port(port) if not build_only else port
        if reset:
            reset_database(self.stdout)
        prepare_database()
        if demo_present():
            self.stdout.write(_("演示数据已存在，直接使用（如需重新生成，请加 --reset）。"))
        else:
            self._build()
        self.stdout.write(logins_table())
        if not build_only:
            run_server(self.stdout, host=host, port=port)

    def _build(self) -> None:
        self.stdout.write(_("正在生成演示数据……"))
        started = time.monotonic()
        try:
            context = build_demo()
        except ValidationError as exc:
            raise CommandError(_("无法生成演示数据：%(error)s") % {"error": "；".join(exc.messages)}) from exc
        self.stdout.write(
            _("已生成演示数据：%(units)d 个单位、%(users)d 个账号，用时 %(seconds).1f 秒。")
            % {
                "units": len(context.units),
                "users": len(context.users),
                "seconds": time.monotonic() - started,
            }
        )
