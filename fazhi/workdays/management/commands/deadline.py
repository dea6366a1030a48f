"""``fazhi deadline --from 2025-09-30 --working-days 20``: compute a due date and explain it.

Anyone can check a computation with it. It reads the holidays entered on the calendar page when the
database is ready, and the chinesecalendar package alone (saying so) when it is not.
"""

from __future__ import annotations

import argparse
import datetime
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand, database_problem
from fazhi.workdays.calendar import load_calendar, package_calendar
from fazhi.workdays.choices import PeriodKind
from fazhi.workdays.counting import MAX_COUNT, compute, explain
from fazhi.workdays.rules import UnknownRule, get_rule


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("日期“%(text)s”无效，应为 YYYY-MM-DD 格式，如 2025-09-30") % {"text": text}
        ) from None


def positive_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1 or value > MAX_COUNT:
        raise argparse.ArgumentTypeError(
            _("期间长度应为 1 至 %(max)s 之间的整数，收到的是 %(text)s") % {"max": MAX_COUNT, "text": text}
        )
    return value


class Command(FazhiCommand):
    help = gettext_lazy(
        "计算期限届满日并说明计算过程：起算日当日不计入；N个工作日按国务院放假安排计算（调休上班日计入，节假日不计入）；"
        "N日、N个月的末日为休息日的，顺延至其后第一个工作日。--rule 指定已登记的期限规则，附上法律依据。"
    )
    requires_initialised_database = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="start",
            required=True,
            type=iso_date,
            metavar="YYYY-MM-DD",
            help=gettext_lazy("起算事件发生之日（当日不计入期间）"),
        )
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--working-days", type=positive_count, metavar="N", help=gettext_lazy("N个工作日"))
        kind.add_argument("--days", type=positive_count, metavar="N", help=gettext_lazy("N日（自然日）"))
        kind.add_argument("--months", type=positive_count, metavar="N", help=gettext_lazy("N个月"))
        parser.add_argument(
            "--rule",
            metavar="KEY",
            help=gettext_lazy("期限规则，如 disclosure.reply；未指定期间时按规则计算"),
        )
        parser.add_argument("--json", action="store_true", help=gettext_lazy("以 JSON 输出"))

    def handle(self, *args, **options):
        kind, count = self._period(options)
        rule = None
        if options["rule"]:
            try:
                rule = get_rule(options["rule"])
            except UnknownRule as exc:
                raise CommandError(str(exc)) from None
            if kind is None:
                kind, count = rule.kind, rule.count
            elif (kind, count) != (rule.kind, rule.count):
                raise CommandError(
                    _("指定的期间与规则 %(key)s 不一致（规则为%(period)s）。")
                    % {"key": rule.key, "period": rule.period},
                    returncode=2,
                )
        if kind is None:
            raise CommandError(
                _("请用 --working-days、--days、--months 之一指定期间，或用 --rule 指定规则。"), returncode=2
            )
        if database_problem() is None:
            calendar, source = load_calendar(), ""
        else:
            calendar, source = package_calendar(), _("（数据库不可用，仅按 chinesecalendar 数据包计算）")
        try:
            result = compute(kind=kind, count=count, start=options["start"], calendar=calendar)
        except OverflowError:
            raise CommandError(_("届满日超出可计算的日期范围。"), returncode=2) from None
        text = explain(result, rule.citation if rule else "")
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "start": result.start.isoformat(),
                        "kind": kind,
                        "count": count,
                        "due": result.due.isoformat(),
                        "uncertain": result.uncertain,
                        "unknown_years": result.unknown_years,
                        "calendar_version": calendar.version,
                        "rule": rule.key if rule else None,
                        "explanation": text,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(result.due.isoformat())
        self.stdout.write(text)
        if result.uncertain:
            years = "、".join(str(y) for y in result.unknown_years)
            self.stderr.write(
                _(
                    "注意：%(years)s年度的节假日安排尚未录入，结果按周一至周五估算，请在国务院公布放假安排后复核。"
                )
                % {"years": years}
            )
        if source:
            self.stderr.write(source)

    @staticmethod
    def _period(options) -> tuple[str | None, int | None]:
        for option, kind in (
            ("working_days", PeriodKind.WORKING_DAYS),
            ("days", PeriodKind.CALENDAR_DAYS),
            ("months", PeriodKind.MONTHS),
        ):
            if options[option] is not None:
                return str(kind), options[option]
        return None, None
