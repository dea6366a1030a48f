"""Reads of 执法事项 (权责清单) and their 裁量基准, for the item pages and for cases choosing an item and band.

What cases use::

    from fazhi.enforcement.cases.selectors_items import (
        ensure_item_selectable, fine_within, items_selectable, standards_for,
    )

    items_selectable(queryset=EnforcementItem.objects.restrict(user, "view"))  # the form's choices
    standards_for(item)                 # the item's bands in force, mildest first
    fine_within(standard, Decimal("8000"))  # True / False (None amount: True when the band sets no fine)
    ensure_item_selectable(item, standard)  # ValidationError: 已取消 item, band not in force or not the item's
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from fazhi.enforcement.cases.choices import ItemStatus, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem

#: the order bands are shown in: 不予处罚, 从轻或减轻, 一般, 从重
SEVERITY_ORDER = {value: index for index, value in enumerate(Severity.values)}


def severity_rank():
    """An annotation ordering standards by severity (mildest first) in the database."""
    return Case(
        *(When(severity=value, then=Value(rank)) for value, rank in SEVERITY_ORDER.items()),
        default=Value(len(SEVERITY_ORDER)),
        output_field=IntegerField(),
    )


def standards_for(item: EnforcementItem, *, include_inactive: bool = False) -> QuerySet[DiscretionStandard]:
    """The bands of ``item`` in force (all of them with ``include_inactive``), mildest first, then code."""
    qs = DiscretionStandard.objects.filter(item=item)
    if not include_inactive:
        qs = qs.filter(active=True)
    return qs.annotate(severity_rank=severity_rank()).order_by("severity_rank", "code")


def fine_within(standard: DiscretionStandard, amount: Decimal | int | None) -> bool:
    """Whether a fine of ``amount`` yuan lies within the band's range (bounds included).

    A band without a lower or upper bound is open on that side; a band that sets no fine at all (both
    bounds empty, e.g. 不予处罚 or 警告) admits only no fine (``None`` or 0).
    """
    if amount is None or Decimal(amount) == 0:
        return standard.fine_min is None or standard.fine_min == 0
    amount = Decimal(amount)
    if amount < 0:
        return False
    if standard.fine_min is None and standard.fine_max is None:
        return False
    if standard.fine_min is not None and amount < standard.fine_min:
        return False
    return not (standard.fine_max is not None and amount > standard.fine_max)


def items_selectable(*, queryset: QuerySet[EnforcementItem] | None = None) -> QuerySet[EnforcementItem]:
    """Items a new case may choose: not 已取消 (a retired item stays on the cases that used it)."""
    qs = queryset if queryset is not None else EnforcementItem.objects.all()
    return qs.filter(status=ItemStatus.ACTIVE)


def ensure_item_selectable(item: EnforcementItem, standard: DiscretionStandard | None = None) -> None:
    """Refuse an item or band a new case may not use; the sentence names the problem."""
    problems = []
    if item.status != ItemStatus.ACTIVE:
        problems.append(_("执法事项“%(item)s”已取消，新立案件不能选用。") % {"item": item.name})
    if standard is not None:
        if standard.item_id != item.pk:
            problems.append(_("裁量基准“%(code)s”不属于所选执法事项。") % {"code": standard.code})
        elif not standard.active:
            problems.append(_("裁量基准“%(code)s”已停用，不能选用。") % {"code": standard.code})
    if problems:
        raise ValidationError(problems, code="item_not_selectable")


def item_in_use(item: EnforcementItem) -> bool:
    """Whether a case names the item (then it cannot be deleted, only retired)."""
    return item.cases.exists()


def standard_in_use(standard: DiscretionStandard) -> bool:
    return standard.cases.exists()


def item_search(qs: QuerySet[EnforcementItem], q: str) -> QuerySet[EnforcementItem]:
    """Code, name or legal basis containing ``q``."""
    q = q.strip()
    if not q:
        return qs
    return qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(legal_basis__icontains=q))


def public_items(*, body=None, q: str = "") -> QuerySet[EnforcementItem]:
    """事前公开 (国办发〔2018〕118号; 处罚法 第34条): the items in force of active bodies, each with its bands
    in force — the public fields only."""
    from fazhi.enforcement.choices import BodyStatus

    qs = (
        EnforcementItem.objects.filter(status=ItemStatus.ACTIVE, body__status=BodyStatus.ACTIVE)
        .select_related("body")
        .only(
            "code",
            "name",
            "kind",
            "legal_basis",
            "penalty_basis",
            "body__name",
            "body__sort_order",
            "body__unit_id",
        )
        .order_by("body__sort_order", "body__name", "code")
    )
    if body is not None:
        qs = qs.filter(body=body)
    qs = item_search(qs, q)
    bands = (
        DiscretionStandard.objects.filter(active=True)
        .annotate(severity_rank=severity_rank())
        .only("item", "code", "severity", "circumstance", "sanction", "fine_min", "fine_max", "active")
        .order_by("severity_rank", "code")
    )
    return qs.prefetch_related(Prefetch("standards", queryset=bands, to_attr="public_standards"))
