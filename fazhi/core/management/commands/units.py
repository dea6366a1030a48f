"""``fazhi units [--json]``: every organisation unit in tree order, with its codes."""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.models import OrgUnit


def tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Depth first; siblings by their sort order, then name (paths alone order siblings by id)."""
    children: dict = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.sort_order, u.name, u.code))
    ordered: list[OrgUnit] = []
    stack = list(reversed(children[None]))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children[unit.pk]))
    return ordered


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *rows]
    )


def unit_as_dict(unit: OrgUnit, codes: dict) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "level": unit.level,
        "level_label": str(unit.get_level_display()),
        "division_code": unit.division_code,
        "credit_code": unit.credit_code,
        "parent_code": codes.get(unit.parent_id),
        "depth": unit.depth,
        "is_active": unit.is_active,
        "id": str(unit.pk),
    }


class Command(FazhiCommand):
    help = gettext_lazy(
        "按树形顺序列出全部组织机构：代码、名称、简称、类型、层级、行政区划代码；--json 输出 JSON 列表。"
        "这是运维命令：直接读取数据库中的全部单位，不按任何用户的管辖范围过滤，请只在服务器上使用。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("以 JSON 列表输出（UTF-8，不转义中文）")
        )

    def handle(self, *args, **options):
        units = tree_order(list(OrgUnit.objects.all()))  # operator command: deliberately unscoped
        if options["json"]:
            self._write_json(units)
        else:
            self._write_table(units)

    def _write_json(self, units: list[OrgUnit]) -> None:
        codes = {unit.pk: unit.code for unit in units}
        payload = [unit_as_dict(unit, codes) for unit in units]
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _write_table(self, units: list[OrgUnit]) -> None:
        if not units:
            self.stdout.write(_("尚无组织机构。运行 fazhi demo 可生成演示数据。"))
            return
        header = [_("代码"), _("名称"), _("简称"), _("类型"), _("层级"), _("行政区划代码")]
        rows = [
            [
                unit.code,
                "  " * unit.depth + unit.name + ("" if unit.is_active else _("（已停用）")),
                unit.short_name,
                str(unit.get_kind_display()),
                str(unit.get_level_display()),
                unit.division_code or "—",
            ]
            for unit in units
        ]
        self.stdout.write(format_table(header, rows))
        self.stdout.write(_("共 %(count)d 个单位") % {"count": len(units)})
