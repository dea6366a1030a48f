"""``fazhi serve``: migrate quietly, then serve on http://127.0.0.1:8000 (PORT or --port to change)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.management.commands._server import (
    add_server_arguments,
    prepare_database,
    resolve_port,
    run_server,
)


class Command(FazhiCommand):
    help = _(
        "迁移数据库（无输出）后在本机启动网页服务，默认 http://127.0.0.1:8000/。"
        "端口优先取 --port，其次取环境变量 PORT。数据库由环境变量 DATABASE_URL 指定。"
    )
    requires_initialised_database = False  # it initialises the database itself

    def add_arguments(self, parser):
        add_server_arguments(parser)

    def handle(self, *args, port=None, host, **options):
        port = resolve_port(port)
        prepare_database()
        run_server(self.stdout, host=host, port=port)
