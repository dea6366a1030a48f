"""Daily tasks run once a day after their hour, in the embedded worker and through Celery beat."""

import datetime
import zoneinfo

import pytest

from fazhi.jobs import daily

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def calls(monkeypatch):
    seen: list[datetime.date] = []
    monkeypatch.setattr(daily, "_TASKS", {})
    daily.forget_runs()
    daily.register_daily("test.daily", label="测试", hour=8, run=lambda *, on: seen.append(on))
    yield seen
    daily.forget_runs()


def test_runs_once_a_day_after_its_hour(calls):
    assert daily.run_due_daily(at(2, 7, 59)) == []
    assert daily.run_due_daily(at(2, 8, 0)) == ["test.daily"]
    assert daily.run_due_daily(at(2, 17, 30)) == []
    assert daily.run_due_daily(at(3, 8, 5)) == ["test.daily"]
    assert calls == [datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)]


def test_a_failing_task_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(daily, "_TASKS", {})
    daily.forget_runs()
    seen = []

    def boom(*, on):
        raise RuntimeError("邮件服务器不可用")

    daily.register_daily("test.boom", label="失败", hour=0, run=boom)
    daily.register_daily("test.ok", label="正常", hour=0, run=lambda *, on: seen.append(on))
    assert daily.run_due_daily(at(4, 9)) == ["test.boom", "test.ok"]
    assert seen == [datetime.date(2026, 3, 4)]
    daily.forget_runs()


def test_deadline_reminders_are_registered_as_a_daily_task(monkeypatch, settings):
    from fazhi.workdays import reminders

    sent = []
    monkeypatch.setattr(reminders, "send_reminders", lambda *, on: sent.append(on))
    task = {t.name: t for t in daily.daily_tasks()}["workdays.remind"]
    assert task.hour == settings.FAZHI_REMINDER_HOUR == 8
    task.run(on=datetime.date(2026, 3, 2))
    assert sent == [datetime.date(2026, 3, 2)]


def test_celery_beat_sends_the_daily_task_every_hour():
    from fazhi.celery import app

    entry = app.conf.beat_schedule["fazhi-daily-tasks"]
    assert entry == {"task": "fazhi.jobs.run_daily_tasks", "schedule": 3600.0}
    assert "fazhi.jobs.run_daily_tasks" in app.tasks
