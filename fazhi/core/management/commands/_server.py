"""Shared by ``serve`` and ``demo``: prepare the database and run the local web server."""

from __future__ import annotations

import argparse
import errno
import io
import os
import socket
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(value) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 1 <= port <= 65535:
        message = _("端口应为 1–65535 之间的整数，收到的是 %(value)s") % {"value": value}
        raise argparse.ArgumentTypeError(message)
    return port


def add_server_arguments(parser) -> None:
    parser.add_argument(
        "--port",
        type=_port,
        default=None,
        help=_("监听端口，默认 %(port)d；也可用环境变量 PORT 指定，本参数优先") % {"port": DEFAULT_PORT},
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=_("监听地址，默认 %(host)s（仅本机可访问）") % {"host": DEFAULT_HOST},
    )


def resolve_port(option: int | None) -> int:
    """``--port`` wins over the ``PORT`` environment variable, which wins over 8000."""
    if option is not None:
        return option
    value = os.environ.get("PORT", "").strip()
    if not value:
        return DEFAULT_PORT
    try:
        return _port(value)
    except argparse.ArgumentTypeError as exc:
        raise CommandError(_("环境变量 PORT 无效：%(error)s") % {"error": exc}) from exc


def prepare_database() -> None:
    """Create the SQLite file's directory (``var/`` by default) and apply migrations quietly."""
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name not in ("", ":memory:") and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _ensure_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                _("端口 %(port)d 已被占用，请用 --port 指定其他端口，或设置环境变量 PORT。") % {"port": port}
            ) from exc
        message = _("无法在 %(host)s:%(port)d 上监听：%(error)s") % {
            "host": host,
            "port": port,
            "error": exc.strerror or exc,
        }
        raise CommandError(message) from exc


def run_server(out, *, host: str, port: int) -> None:
    """Django's runserver without the reloader; its English banner is replaced by ours."""
    _ensure_port_free(host, port)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}/"
    out.write(_("fazhi 已启动：%(url)s （按 Ctrl+C 停止）") % {"url": url})
    if host not in ("127.0.0.1", "localhost", "::1"):
        out.write(_("提示：其他计算机访问时，请在环境变量 ALLOWED_HOSTS 中加入本机的地址或域名。"))
    from fazhi.jobs.worker import start_embedded_worker

    start_embedded_worker()  # FAZHI_JOBS_BACKEND=thread: background jobs run in this process
    call_command(
        "runserver",
        f"{shown_host}:{port}",
        use_reloader=False,
        use_threading=True,
        # Static files (vendored CSS and scripts) come from runserver itself in the local setups.
        insecure_serving=not settings.PRODUCTION,
        stdout=io.StringIO(),
    )
