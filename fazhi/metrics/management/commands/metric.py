"""``fazhi metric KEY --unit CODE --year YYYY [--quarter N | --month N] [--json]``: one figure."""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.models import OrgUnit
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import UnknownMetric, resolve
from fazhi.metrics.values import describe_missing, evaluate


class Command(FazhiCommand):
    help = gettext_lazy(
        "计算一个指标在某单位（含全部下级单位）某期间的数值，注明来源（计算或填报）；比率同时给出分子、分母和口径。\n"
        "这是运维命令：直接读取数据库，不按任何用户的管辖范围过滤，请只在服务器上使用。\n"
        "示例：fazhi metric reconsideration.correction_rate --unit qh --year 2025 --quarter 3"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "key", metavar="KEY", help=gettext_lazy("指标键，如 reconsideration.received（见“指标”页面）")
        )
        parser.add_argument(
            "--unit",
            required=True,
            metavar="CODE",
            help=gettext_lazy("单位的机构代码，如 qh（fazhi units 可列出）"),
        )
        parser.add_argument(
            "--year", required=True, type=int, metavar="YYYY", help=gettext_lazy("年份，如 2025")
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--quarter", type=int, metavar="N", help=gettext_lazy("季度 1–4"))
        group.add_argument("--month", type=int, metavar="N", help=gettext_lazy("月份 1–12"))
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("以 JSON 输出（UTF-8，不转义中文）")
        )

    def handle(self, *args, **options):
        try:
            metric = resolve(options["key"])
        except UnknownMetric as exc:
            raise CommandError(str(exc)) from None
        unit = OrgUnit.objects.filter(code=options["unit"]).first()  # operator command: deliberately unscoped
        if unit is None:
            raise CommandError(
                _("未找到机构代码为 %(code)s 的单位（fazhi units 可列出全部机构代码）。")
                % {"code": options["unit"]}
            )
        try:
            if options["quarter"] is not None:
                period = Period.for_quarter(options["year"], options["quarter"])
            elif options["month"] is not None:
                period = Period.for_month(options["year"], options["month"])
            else:
                period = Period.for_year(options["year"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        value = evaluate(options["key"], unit, period)
        if options["json"]:
            self.stdout.write(json.dumps(value.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(self.describe(metric, value)))

    def describe(self, metric, value) -> list[str]:
        lines = [
            _("指标：%(label)s（%(key)s，%(measure)s）")
            % {"label": metric.label, "key": metric.key, "measure": metric.unit},
            _("单位：%(name)s（%(code)s），含全部下级单位")
            % {"name": value.unit.name, "code": value.unit.code},
            _("期间：%(label)s（%(start)s 至 %(end)s）")
            % {"label": value.period.label, "start": value.period.start, "end": value.period.end},
            _("数值：%(display)s（%(source)s）")
            % {"display": value.display_with_unit, "source": value.source_label},
        ]
        if metric.is_rate:
            if value.formula:
                lines.append(
                    _("口径：%(formula)s%(configured)s")
                    % {
                        "formula": value.formula_text,
                        "configured": _("（按本地设置 FAZHI_METRIC_FORMULAS）")
                        if value.formula.configured and not value.formula.name
                        else "",
                    }
                )
            if value.numerator is not None:
                lines.append(_("分子：%(n)s；分母：%(d)s") % {"n": value.numerator, "d": value.denominator})
            if value.not_applicable:
                lines.append(_("分母为 0，比率不适用。"))
            if missing := describe_missing(value):
                lines.append(missing)
        if value.both:
            lines.append(
                _("另有填报值：%(typed)s（两者并存时采用计算值）") % {"typed": value.typed_in_display}
            )
        return lines
