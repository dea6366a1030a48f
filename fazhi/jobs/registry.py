"""The job handlers: what each kind of background job does.

A module declares a handler once, in its own ``jobs.py`` (imported in every process that runs jobs —
web, embedded worker and Celery worker — by :meth:`JobsConfig.ready`)::

    from fazhi.jobs.registry import JobError, job_handler
    from fazhi.jobs.services import job_set_result

    @job_handler("excel.import", label=_("导入 Excel"))
    def import_rows(job, report):
        report(10, _("正在校验第 1–500 行"))
        ...
        job_set_result(job, filename="导入结果.xlsx", content=data, summary={"rows": 1000})

A handler that raises :class:`JobError` fails the job with that message; any other exception fails it
with a general message and the traceback kept for the administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

#: report(progress_percent, message): progress 0–100 and the current step in Chinese
Reporter = Callable[[int, str], None]
Handler = Callable[..., None]


class JobError(Exception):
    """An expected failure: the message (Chinese, for the user) becomes the job's error as it is."""


@dataclass(frozen=True)
class JobHandler:
    kind: str
    label: str  # lazy translation allowed; stored on the job as text when enqueued
    fn: Handler


_HANDLERS: dict[str, JobHandler] = {}


def job_handler(kind: str, *, label):
    """Register ``fn(job, report)`` as the handler of ``kind`` (``app.action``, e.g. ``excel.import``)."""

    def decorate(fn: Handler) -> Handler:
        existing = _HANDLERS.get(kind)
        if existing is not None and existing.fn.__qualname__ != fn.__qualname__:
            raise ImproperlyConfigured(f"后台任务类型“{kind}”重复注册")
        _HANDLERS[kind] = JobHandler(kind=kind, label=label, fn=fn)
        return fn

    return decorate


def discover() -> None:
    """Import every installed app's ``jobs`` module so its handlers register."""
    autodiscover_modules("jobs")


def get_handler(kind: str) -> JobHandler | None:
    handler = _HANDLERS.get(kind)
    if handler is None:
        discover()
        handler = _HANDLERS.get(kind)
    return handler


def registered() -> dict[str, JobHandler]:
    discover()
    return dict(_HANDLERS)
