"""The daily reminder job: one e-mail per responsible user per day, listing what is overdue or due soon.

Run by ``fazhi remind`` (cron, a systemd timer or a scheduled job). Idempotent per day: a
:class:`ReminderLog` row per user and date, under a unique constraint, is written in the same
transaction as the mail is handed to the mail backend, so a second run the same day sends nothing
and a run that failed to send retries next time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from fazhi.core.models import User
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.models import Deadline, ReminderLog
from fazhi.workdays.selectors import reminder_days, reminder_horizon, responsible_users_with_attention
from fazhi.workdays.services import deadlines_refresh_stale


@dataclass
class ReminderReport:
    on: datetime.date
    horizon: datetime.date
    sent: int = 0
    deadlines: int = 0
    already_sent: int = 0
    no_email: int = 0
    refreshed: int = 0

    def summary(self) -> str:
        return _(
            "%(date)s：已向 %(sent)s 位负责人发送期限提醒（共 %(deadlines)s 项，届满日截至 %(horizon)s）；"
            "今日已发送而跳过 %(already)s 位；未填电子邮箱 %(no_email)s 位；"
            "按新日历重新计算 %(refreshed)s 项。"
        ) % {
            "date": self.on.isoformat(),
            "sent": self.sent,
            "deadlines": self.deadlines,
            "horizon": self.horizon.isoformat(),
            "already": self.already_sent,
            "no_email": self.no_email,
            "refreshed": self.refreshed,
        }


def send_reminders(*, on: datetime.date) -> ReminderReport:
    refreshed = deadlines_refresh_stale(actor=None)
    calendar = load_calendar()
    days = reminder_days()
    horizon = reminder_horizon(on=on, days=days, calendar=calendar)
    report = ReminderReport(on=on, horizon=horizon, refreshed=refreshed)
    work = responsible_users_with_attention(on=on, horizon=horizon)
    for user in User.objects.filter(pk__in=list(work), is_active=True).order_by("username"):
        # Only what the user may still see: a responsible user who left the unit gets nothing from it.
        deadlines = list(
            Deadline.objects.restrict(user, "view")
            .filter(pk__in=work[user.pk], responsible=user)
            .select_related("unit")
            .order_by("due_date", "start_date", "record_repr", "pk")
        )
        if not deadlines:
            continue
        if not user.email:
            report.no_email += 1
            continue
        overdue = [d for d in deadlines if d.due_date < on]
        due_soon = [d for d in deadlines if d.due_date >= on]
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    user=user, date=on, email=user.email, due_soon=len(due_soon), overdue=len(overdue)
                )
                _send(user, on=on, days=days, overdue=overdue, due_soon=due_soon)
        except IntegrityError:
            report.already_sent += 1
            continue
        report.sent += 1
        report.deadlines += len(deadlines)
    return report


def _send(user, *, on, days, overdue, due_soon) -> None:
    parts = []
    if overdue:
        parts.append(_("%(count)s 项已逾期") % {"count": len(overdue)})
    if due_soon:
        parts.append(_("%(count)s 项即将到期") % {"count": len(due_soon)})
    subject = _("【期限提醒】%(what)s") % {"what": "，".join(parts)}
    body = render_to_string(
        "workdays/reminder_email.txt",
        {
            "user": user,
            "on": on,
            "days": days,
            "overdue": overdue,
            "due_soon": due_soon,
        },
    )
    send_mail(subject, body, None, [user.email])
