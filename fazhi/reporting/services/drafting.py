"""Which outline a unit uses, and a fresh draft of a report from it (nothing saved here)."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.selectors import nearest_in_lineage
from fazhi.reporting import outlines
from fazhi.reporting.assemble import OPENING_LEVEL, Draft
from fazhi.reporting.blocks import draft_blocks
from fazhi.reporting.blocks._helpers import DraftContext
from fazhi.reporting.choices import period_for_year

OPENING_TITLE = "开头语"


@dataclass(frozen=True)
class EffectiveOutline:
    name: str
    period: str
    items: list  # objects with level, title, blocks
    template: object = None  # the OutlineTemplate, or None for the built-in outline
    inherited: bool = False  # held by an ancestor of the unit


def effective_outline(unit, period: str) -> EffectiveOutline:
    """The nearest template in the unit's lineage for the period, else the built-in outline."""
    from fazhi.reporting.models import OutlineTemplate

    template = nearest_in_lineage(OutlineTemplate.objects.filter(period=period), unit)
    if template is not None:
        return EffectiveOutline(
            template.name,
            period,
            list(template.items.order_by("order")),
            template,
            template.unit_id != unit.pk,
        )
    return EffectiveOutline(outlines.DEFAULT_NAMES[period], period, outlines.default_items(period))


def report_title(unit, year: int) -> str:
    return f"{unit.name}{year}年度法治政府建设情况报告"


def opening_text(unit, year: int) -> str:
    return (
        f"{year}年，{unit.name}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
        f"认真落实法治政府建设各项任务。现将{year}年度法治政府建设情况报告如下："
    )


def fresh_drafts(unit, year: int, resolver=None) -> list[Draft]:
    outline = effective_outline(unit, period_for_year(year))
    context = DraftContext.for_unit_year(unit, year, resolver)
    drafts = [Draft(level=OPENING_LEVEL, title=OPENING_TITLE, narrative=opening_text(unit, year))]
    for item in outline.items:
        blocks = list(item.blocks or ())
        drafts.append(
            Draft(level=item.level, title=item.title, narrative=draft_blocks(blocks, context), blocks=blocks)
        )
    return drafts
