"""Registers the daily deadline reminders with the jobs engine (docs/deadlines.md)."""

from django.conf import settings

from fazhi.jobs.daily import register_daily


def _remind(*, on):
    from fazhi.workdays.reminders import send_reminders

    return send_reminders(on=on)


register_daily("workdays.remind", label="期限提醒邮件", hour=settings.FAZHI_REMINDER_HOUR, run=_remind)
