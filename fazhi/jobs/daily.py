"""Daily tasks (e.g. deadline reminders): registered by modules, run once a day after a set hour.

The embedded worker checks them on every idle poll; with Celery, ``celery -A fazhi beat`` sends the
hourly ``fazhi.jobs.run_daily_tasks`` task. A task must be idempotent per day (reminders record what
was sent), because two processes may both decide it is due.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyTask:
    name: str
    label: str
    hour: int
    run: Callable[..., object]  # run(on=date)


_TASKS: dict[str, DailyTask] = {}
_last_run: dict[str, datetime.date] = {}
_lock = threading.Lock()


def register_daily(name: str, *, label: str, hour: int, run: Callable[..., object]) -> None:
    _TASKS[name] = DailyTask(name, label, hour, run)


def daily_tasks() -> list[DailyTask]:
    return list(_TASKS.values())


def run_due_daily(now: datetime.datetime | None = None) -> list[str]:
    """Run every task whose hour has come today and that this process has not run today."""
    now = timezone.localtime(now)
    ran = []
    for task in daily_tasks():
        with _lock:
            if now.hour < task.hour or _last_run.get(task.name) == now.date():
                continue
            _last_run[task.name] = now.date()
        try:
            task.run(on=now.date())
        except Exception:  # logged; tomorrow is another try, and the task can be run by hand
            logger.exception("daily task %s failed", task.name)
        ran.append(task.name)
    return ran


def forget_runs() -> None:
    """Tests: make every task due again."""
    _last_run.clear()
