"""Importing the 权责清单 from .xlsx (the ``enforcement.items`` register): one row per 裁量基准, the item's
columns repeated on each of its rows (a row without the band's columns is an item without bands yet).

That is the shape a 司法局 clerk collecting the departments' 权责清单 receives and fills: one table, every
band next to the item it refines, sortable and filterable in Excel. The rows of one item (same 单位代码 and
事项编码) must agree on the item's columns; the first row of an item is taken as right and later rows that
differ are errors of their own cells. An import only adds: an item code already registered in the unit is
refused (its bands are changed on the item's page), so a re-import of the same file adds nothing twice.

Validation runs per row through ``ItemImportForm`` (the same rules as the pages: ``item_problems``,
``fine_problems``), with lookups shared by the rows of one import (``ImportState``: the bodies by unit and
name, the codes already used per unit, the first row of each item), so 12,000 rows cost a few queries per
unit, not per row. Saving is one bulk write of items and bands with one audit event per record.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction
from fazhi.core.forms.base import narrow_choice_fields
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record_bulk, diff, snapshot
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.enforcement.cases.choices import ItemKind, Severity
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.selectors_items import severity_rank
from fazhi.enforcement.cases.services.items import fine_problems
from fazhi.enforcement.models import EnforcementBody
from fazhi.excel.rows import RowSaveError

#: the item's columns that every row of one item repeats (form field → its header, for the messages)
ITEM_COLUMNS = {
    "body_name": gettext_lazy("执法主体"),
    "name": gettext_lazy("事项名称"),
    "kind": gettext_lazy("事项类别"),
    "legal_basis": gettext_lazy("设定依据"),
    "penalty_basis": gettext_lazy("处罚依据"),
}
STANDARD_COLUMNS = ("standard_code", "severity", "circumstance", "sanction", "fine_min", "fine_max")


class ImportState:
    """What the rows of one import share: lookups read once per unit, and the first row of each item."""

    def __init__(self, user):
        self.user = user
        self.bodies: dict[tuple, EnforcementBody | None] = {}
        self.codes: dict = {}
        self.items: dict[tuple, dict] = {}

    def body(self, unit: OrgUnit, name: str) -> EnforcementBody | None:
        key = (unit.pk, name)
        if key not in self.bodies:
            self.bodies[key] = (
                EnforcementBody.objects.restrict(self.user, "view")
                .filter(name=name, unit__in=unit.lineage_ids(include_self=True))
                .order_by("-unit__depth")
                .first()
            )
        return self.bodies[key]

    def code_taken(self, unit: OrgUnit, code: str) -> bool:
        if unit.pk not in self.codes:
            self.codes[unit.pk] = set(
                EnforcementItem.objects.filter(unit=unit).values_list("code", flat=True)
            )
        return code in self.codes[unit.pk]


class ItemImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("单位代码"), queryset=OrgUnit.objects.all())
    body_name = forms.CharField(label=gettext_lazy("执法主体"), max_length=200)
    item_code = forms.CharField(label=gettext_lazy("事项编码"), max_length=60)
    name = forms.CharField(label=gettext_lazy("事项名称"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("事项类别"), choices=ItemKind.choices, required=False)
    legal_basis = forms.CharField(label=gettext_lazy("设定依据"))
    penalty_basis = forms.CharField(label=gettext_lazy("处罚依据"), required=False)
    standard_code = forms.CharField(label=gettext_lazy("基准编码"), max_length=60, required=False)
    severity = forms.ChoiceField(label=gettext_lazy("裁量阶次"), choices=Severity.choices, required=False)
    circumstance = forms.CharField(label=gettext_lazy("违法情形"), required=False)
    sanction = forms.CharField(label=gettext_lazy("处罚标准"), required=False)
    fine_min = forms.DecimalField(
        label=gettext_lazy("罚款下限（元）"), max_digits=14, decimal_places=2, required=False
    )
    fine_max = forms.DecimalField(
        label=gettext_lazy("罚款上限（元）"), max_digits=14, decimal_places=2, required=False
    )

    def __init__(self, *args, user, state: ImportState | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.state = state or ImportState(user)
        narrow_choice_fields({"unit": self.fields["unit"]}, user, EnforcementItem, "add")

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        code = (data.get("item_code") or "").strip()
        data["kind"] = data.get("kind") or ItemKind.PENALTY
        body_name = (data.get("body_name") or "").strip()
        if unit is not None and body_name:
            body = self.state.body(unit, body_name)
            if body is None:
                self.add_error(
                    "body_name",
                    _("在“%(unit)s”及其上级单位中找不到名为“%(name)s”的执法主体，请先登记执法主体。")
                    % {"unit": unit.name, "name": body_name},
                )
            else:
                data["body"] = body
        if unit is not None and code:
            if self.state.code_taken(unit, code):
                self.add_error(
                    "item_code",
                    _("“%(unit)s”已登记编码为“%(code)s”的执法事项；导入只新增事项，已有事项请在页面上修改。")
                    % {"unit": unit.name, "code": code},
                )
            else:
                self._check_same_item(unit, code, data)
        self._clean_standard(data)
        return data

    def _check_same_item(self, unit, code: str, data: dict) -> None:
        values = {name: str(data.get(name) or "").strip() for name in ITEM_COLUMNS}
        first = self.state.items.setdefault((unit.pk, code), values)
        if first is values:
            return
        for name, label in ITEM_COLUMNS.items():
            if name in self.fields and name not in self.errors and values[name] != first[name]:
                self.add_error(
                    name,
                    _("同一事项（编码“%(code)s”）的各行应一致，与该事项首行的“%(label)s”不同。")
                    % {"code": code, "label": label},
                )

    def _clean_standard(self, data: dict) -> None:
        filled = [name for name in STANDARD_COLUMNS if data.get(name) not in (None, "")]
        data["has_standard"] = bool(filled)
        if not filled:
            return
        for name, message in (
            ("standard_code", _("填写裁量基准的，请填写基准编码。")),
            ("severity", _("填写裁量基准的，请选择裁量阶次。")),
            ("circumstance", _("填写裁量基准的，请填写违法情形。")),
            ("sanction", _("填写裁量基准的，请填写处罚标准。")),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        problems = fine_problems(
            severity=data.get("severity", ""), fine_min=data.get("fine_min"), fine_max=data.get("fine_max")
        )
        for name, messages in problems.items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)


def save_item_rows(*, actor, rows: list[dict], progress=None) -> None:
    """Every validated row at once: the items (first row of each), then their bands, then the audit."""
    for unit in {row["unit"].pk: row["unit"] for row in rows}.values():
        ensure_unit_allowed(user=actor, unit=unit, model=EnforcementItem, action="add")
        ensure_unit_allowed(user=actor, unit=unit, model=DiscretionStandard, action="add")
    items: dict[tuple, EnforcementItem] = {}
    standards: list[DiscretionStandard] = []
    for index, row in enumerate(rows):
        key = (row["unit"].pk, row["item_code"].strip())
        item = items.get(key)
        if item is None:
            item = items[key] = EnforcementItem(
                unit=row["unit"],
                body=row["body"],
                code=key[1],
                name=row["name"].strip(),
                kind=row["kind"] or ItemKind.PENALTY,
                legal_basis=row["legal_basis"].strip(),
                penalty_basis=(row.get("penalty_basis") or "").strip(),
            )
        if row.get("has_standard"):
            standards.append(
                DiscretionStandard(
                    unit=row["unit"],
                    item=item,
                    code=row["standard_code"].strip(),
                    severity=row["severity"],
                    circumstance=row["circumstance"].strip(),
                    sanction=row["sanction"].strip(),
                    fine_min=row.get("fine_min"),
                    fine_max=row.get("fine_max"),
                )
            )
        if progress and index % 500 == 0:
            progress(index // 2)
    taken = set(
        EnforcementItem.objects.filter(
            unit__in={k[0] for k in items}, code__in={k[1] for k in items}
        ).values_list("unit_id", "code")
    )
    for index, row in enumerate(rows):
        if (row["unit"].pk, row["item_code"].strip()) in taken:
            raise RowSaveError(index, _("该单位已登记此事项编码（导入期间由他人新增）。"), column="事项编码")
    EnforcementItem.objects.bulk_create(items.values(), batch_size=1000)
    DiscretionStandard.objects.bulk_create(standards, batch_size=1000)
    if progress:
        progress(len(rows) * 3 // 4)
    audit_record_bulk(
        actor=actor,
        events=[
            *(
                {
                    "action": AuditAction.CREATE,
                    "obj": item,
                    "changes": diff({}, snapshot(item)),
                    "note": "Excel 导入",
                }
                for item in items.values()
            ),
            *(
                {
                    "action": AuditAction.CREATE,
                    "obj": s,
                    "changes": diff({}, snapshot(s)),
                    "note": "Excel 导入",
                }
                for s in standards
            ),
        ],
    )
    if progress:
        progress(len(rows))


# --- export --------------------------------------------------------------------------------------


def item_export_rows(queryset, actor):
    """One dict per band (the item's values repeated); an item without bands is one row of its own."""
    bands = DiscretionStandard.objects.annotate(severity_rank=severity_rank()).order_by(
        "severity_rank", "code"
    )
    items = (
        queryset.select_related("unit", "body")
        .prefetch_related(None)
        .prefetch_related(Prefetch("standards", queryset=bands))
        .order_by("unit__path", "code")
    )
    for item in items.iterator(chunk_size=1000):
        base = {
            "unit": item.unit.code,
            "body_name": item.body.name,
            "item_code": item.code,
            "name": item.name,
            "kind": item.kind,
            "legal_basis": item.legal_basis,
            "penalty_basis": item.penalty_basis,
            "item_status": item.status,
        }
        standards = list(item.standards.all())
        if not standards:
            yield base
        for band in standards:
            yield base | {
                "standard_code": band.code,
                "severity": band.severity,
                "circumstance": band.circumstance,
                "sanction": band.sanction,
                "fine_min": band.fine_min,
                "fine_max": band.fine_max,
                "standard_active": band.active,
            }
