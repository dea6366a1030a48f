"""``fazhi remind``: the daily job that e-mails each responsible user their overdue and due-soon deadlines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.workdays.management.commands.deadline import iso_date
from fazhi.workdays.reminders import send_reminders
from fazhi.workdays.selectors import today


class Command(FazhiCommand):
    help = gettext_lazy(
        "每日期限提醒：向每位负责人发送一封邮件，列出其已逾期和"
        " FAZHI_REMINDER_WORKING_DAYS 个工作日内到期的期限；"
        "同一天重复运行不会重复发送。先按最新日历重新计算版本过期的期限。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help=gettext_lazy("按哪一天提醒（默认今天，北京时间）"),
        )

    def handle(self, *args, **options):
        report = send_reminders(on=options["date"] or today())
        self.stdout.write(report.summary())
