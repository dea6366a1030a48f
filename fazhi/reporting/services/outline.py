"""Adjusting a unit's outline (administrators, Permission.MANAGE): every change audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.reporting.blocks import get_block
from fazhi.reporting.models import OutlineItem, OutlineTemplate
from fazhi.reporting.services.drafting import effective_outline


def _check(title: str, level: int, blocks) -> tuple[str, int, list]:
    title = (title or "").strip()
    if not title:
        raise ValidationError("标题不能为空。")
    if level not in (1, 2):
        raise ValidationError("层级只能是一级标题或二级标题。")
    unknown = [b for b in blocks or () if get_block(b) is None]
    if unknown:
        raise ValidationError(f"未知的起草模块：{'、'.join(unknown)}。")
    return title, level, list(blocks or ())


@transaction.atomic
def outline_customize(*, actor, unit, period: str) -> OutlineTemplate:
    """The unit's own template for ``period``: a copy of what it inherits, made on the first adjustment."""
    ensure_unit_allowed(user=actor, unit=unit, model=OutlineTemplate, action="add")
    own = OutlineTemplate.objects.filter(unit=unit, period=period).first()
    if own is not None:
        return own
    source = effective_outline(unit, period)
    template = OutlineTemplate.objects.create(
        unit=unit, period=period, name=f"{unit.name}报告提纲（{source.period}）"
    )
    OutlineItem.objects.bulk_create(
        OutlineItem(
            template=template,
            order=(i + 1) * 10,
            level=item.level,
            title=item.title,
            blocks=list(item.blocks),
        )
        for i, item in enumerate(source.items)
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=template, note=f"以“{source.name}”为基础建立本单位提纲"
    )
    ensure_in_scope(user=actor, obj=template, action="add")
    return template


def _renumber(template: OutlineTemplate, items: list[OutlineItem]) -> None:
    for index, item in enumerate(items):
        item.order = (index + 1) * 10
    OutlineItem.objects.bulk_update(items, ["order"])


def _lock(actor, template: OutlineTemplate) -> None:
    if not OutlineTemplate.objects.restrict(actor, "change").filter(pk=template.pk).exists():
        from fazhi.core.scoping import ScopeViolation

        raise ScopeViolation("您无权调整该提纲。")


@transaction.atomic
def outline_item_add(
    *, actor, template: OutlineTemplate, title: str, level: int, blocks=(), after=None
) -> OutlineItem:
    _lock(actor, template)
    title, level, blocks = _check(title, level, blocks)
    items = list(template.items.order_by("order"))
    position = len(items) if after is None else next(i + 1 for i, it in enumerate(items) if it.pk == after.pk)
    if level == 2 and position == 0:
        raise ValidationError("二级标题之前须有一级标题。")
    item = OutlineItem.objects.create(template=template, order=(template.items.aggregate(m=Max("order"))["m"] or 0) + 10,
                                      level=level, title=title, blocks=blocks)  # fmt: skip
    items.insert(position, item)
    _renumber(template, items)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=template, changes={"新增条目": [None, title]})
    return item


@transaction.atomic
def outline_item_update(*, actor, item: OutlineItem, title: str, level: int, blocks=()) -> OutlineItem:
    _lock(actor, item.template)
    title, level, blocks = _check(title, level, blocks)
    before = {"标题": item.title, "层级": str(item.level), "起草模块": "、".join(item.blocks)}
    item.title, item.level, item.blocks = title, level, blocks
    first = item.template.items.order_by("order").first()
    if level == 2 and first.pk == item.pk:
        raise ValidationError("第一个条目须为一级标题。")
    item.save(update_fields=["title", "level", "blocks"])
    after = {"标题": title, "层级": str(level), "起草模块": "、".join(blocks)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=item.template, changes=changes, note=f"修改条目“{title}”"
    )
    return item


@transaction.atomic
def outline_item_move(*, actor, item: OutlineItem, up: bool) -> None:
    template = item.template
    _lock(actor, template)
    items = list(template.items.order_by("order"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        raise ValidationError("该条目已在最前。" if up else "该条目已在最后。")
    items[index], items[target] = items[target], items[index]
    if items[0].level != 1:
        raise ValidationError("第一个条目须为一级标题。")
    _renumber(template, items)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=template,
        note=f"调整条目“{item.title}”的顺序（{'上移' if up else '下移'}）",
    )


@transaction.atomic
def outline_item_remove(*, actor, item: OutlineItem) -> None:
    template = item.template
    _lock(actor, template)
    items = [it for it in template.items.order_by("order") if it.pk != item.pk]
    if not items:
        raise ValidationError("提纲至少保留一个条目。")
    if items[0].level != 1:
        raise ValidationError("删除后第一个条目将成为二级标题，请先调整顺序。")
    title = item.title
    item.delete()
    _renumber(template, items)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=template, changes={"删除条目": [title, None]})
