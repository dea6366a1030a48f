"""Demo 权责清单: the items of every enforcement body of 清河县 with their 裁量基准 (demo_items_data.py).

Each body gets the items of its 执法类别 (a unit with two bodies — the 交通运输局 and its 综合行政执法大队,
the 综合行政执法局 and its 执法大队 — shares them out); each penalty item with a fine range is refined into
从轻或减轻 / 一般 / 从重 bands splitting the range at 30 % and 70 %, every third item also with a 不予处罚 band
(处罚法 第三十三条); an item whose fine is a multiple (of the goods' value, the gains …) or that sets no fine
gets bands that say so in words. Two items per department are retired (已取消), as a real list has. Written in
bulk with one audit event per body. Deterministic.
"""

from __future__ import annotations

from decimal import Decimal

from fazhi.core.choices import AuditAction
from fazhi.core.demo import register_demo_step
from fazhi.core.services.audit import audit_record_bulk
from fazhi.enforcement.cases.choices import ItemKind, ItemStatus, Severity
from fazhi.enforcement.cases.demo_items_data import TABLES
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.models import EnforcementBody

KIND_PREFIX = {"强制:": ItemKind.COERCION, "检查:": ItemKind.INSPECTION}
LIGHTER = (
    "违法行为轻微，首次被发现并主动改正，未造成危害后果的",
    "主动消除或者减轻违法行为危害后果的",
    "配合行政机关查处违法行为有立功表现的",
    "受他人胁迫或者诱骗实施违法行为的",
)
ORDINARY = (
    "违法行为持续时间较短，危害后果一般，不具有从轻、减轻或者从重情节的",
    "经责令改正后在规定期限内改正，危害后果一般的",
    "违法情节一般，涉及数量或者金额较小的",
)
HEAVIER = (
    "经责令改正拒不改正，或者一年内因同一违法行为受过行政处罚的",
    "造成较大社会影响或者较重危害后果的",
    "隐匿、销毁违法证据或者拒绝、阻碍执法人员依法检查的",
    "违法行为涉及未成年人、老年人等特殊群体，或者发生在突发事件期间的",
)
EXEMPT = (
    "初次违法且危害后果轻微并及时改正的",
    "不予行政处罚，责令改正，进行批评教育（《中华人民共和国行政处罚法》第三十三条第一款）",
)


def parse(table: str) -> list[tuple]:
    """(kind, name, legal_basis, penalty_basis, fine_min, fine_max) per line."""
    rows = []
    for line in table.strip().splitlines():
        fields = line.split("|")
        name, basis, penalty = fields[0], fields[1], fields[2]
        low, high = [*fields[3:5], "", ""][:2]
        kind = ItemKind.PENALTY
        for prefix, value in KIND_PREFIX.items():
            if name.startswith(prefix):
                kind, name = value, name[len(prefix) :]
        rows.append(
            (kind, name, basis, penalty, Decimal(low) if low else None, Decimal(high) if high else None)
        )
    return rows


def _yuan(amount: Decimal) -> str:
    value = int(amount)
    if value >= 10000 and value % 1000 == 0:
        text = f"{value / 10000:g}万"
    else:
        text = str(value)
    return f"{text}元"


def _round(amount: Decimal, low: Decimal) -> Decimal:
    step = Decimal(100) if amount >= 1000 else Decimal(10) if amount >= 100 else Decimal(1)
    return max(low, (amount / step).quantize(Decimal(1)) * step)


def bands(index: int, row: tuple) -> list[tuple]:
    """(severity, circumstance, sanction, fine_min, fine_max) for one penalty item, mildest first."""
    _kind, _name, _basis, penalty, low, high = row
    result = []
    if index % 3 == 0:
        result.append((Severity.EXEMPT, EXEMPT[0], EXEMPT[1], None, None))
    pick = index % 4
    if low is not None and high is not None and low == high:
        result.append((Severity.ORDINARY, ORDINARY[index % 3], f"处{_yuan(low)}罚款", low, high))
        return result
    if low is None and high is None:
        measure = penalty.split("：", 1)[-1]
        result += [
            (Severity.LIGHTER, LIGHTER[pick], f"在法定幅度的下限处罚：{measure}", None, None),
            (Severity.ORDINARY, ORDINARY[index % 3], f"在法定幅度的中间段处罚：{measure}", None, None),
            (Severity.HEAVIER, HEAVIER[pick], f"在法定幅度的上限处罚：{measure}", None, None),
        ]
        return result[:4]
    low = low if low is not None else Decimal(0)
    first = _round(low + (high - low) * Decimal("0.3"), low)
    second = _round(low + (high - low) * Decimal("0.7"), first)
    start = low if low > 0 else None
    above = f"{_yuan(low)}以上" if start is not None else ""
    result += [
        (
            Severity.LIGHTER,
            LIGHTER[pick],
            f"处{above}{_yuan(first)}以下罚款",
            start,
            first,
        ),
        (
            Severity.ORDINARY,
            ORDINARY[index % 3],
            f"处{_yuan(first)}以上{_yuan(second)}以下罚款",
            first,
            second,
        ),
        (Severity.HEAVIER, HEAVIER[pick], f"处{_yuan(second)}以上{_yuan(high)}以下罚款", second, high),
    ]
    return result


def _code_prefix(unit) -> str:
    return "QH" + unit.code.split("-", 1)[-1].upper().replace("-", "")


def build_items(context) -> None:
    county = context.unit("qh")
    # ordered by code, not by path: a path holds the units' random keys, different in each build
    bodies = list(
        EnforcementBody.objects.filter(unit__path__startswith=county.path)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__code", "sort_order", "name")
    )
    by_unit: dict = {}
    for body in bodies:
        by_unit.setdefault(body.unit_id, []).append(body)
    items: list[EnforcementItem] = []
    standards: list[DiscretionStandard] = []
    per_body: dict = {}
    for unit_bodies in by_unit.values():
        unit = unit_bodies[0].unit
        category = unit_bodies[0].enforcement_categories
        rows = parse(TABLES.get(category, ""))
        if not rows:
            continue
        prefix = _code_prefix(unit)
        retired = {len(rows) - 1, len(rows) // 2} if unit.kind != "town" and len(rows) >= 6 else set()
        for index, row in enumerate(rows):
            body = unit_bodies[index % len(unit_bodies)]
            kind, name, basis, penalty, _low, _high = row
            item = EnforcementItem(
                unit=unit,
                body=body,
                code=f"{prefix}-{'CF' if kind == ItemKind.PENALTY else 'QT'}-{index + 1:03d}",
                name=name,
                kind=kind,
                legal_basis=basis,
                penalty_basis=penalty,
                status=ItemStatus.RETIRED if index in retired else ItemStatus.ACTIVE,
            )
            items.append(item)
            counts = per_body.setdefault(body, [0, 0])
            counts[0] += 1
            if kind != ItemKind.PENALTY:
                continue
            for number, (severity, circumstance, sanction, low, high) in enumerate(bands(index, row), 1):
                standards.append(
                    DiscretionStandard(
                        unit=unit,
                        item=item,
                        code=f"{item.code}-{number:02d}",
                        severity=severity,
                        circumstance=circumstance,
                        sanction=sanction,
                        fine_min=low,
                        fine_max=high,
                    )
                )
                counts[1] += 1
    EnforcementItem.objects.bulk_create(items, batch_size=1000)
    DiscretionStandard.objects.bulk_create(standards, batch_size=1000)
    audit_record_bulk(
        actor=context.actor,
        events=[
            {
                "action": AuditAction.CREATE,
                "unit": body.unit,
                "object_type": "enforcement_cases.enforcementitem",
                "object_id": str(body.pk),
                "object_repr": f"权责清单：{body.name}"[:200],
                "note": f"演示数据：执法事项 {n_items} 项、裁量基准 {n_bands} 条",
            }
            for body, (n_items, n_bands) in per_body.items()
        ],
    )


register_demo_step("enforcement.items", 222, build_items)
