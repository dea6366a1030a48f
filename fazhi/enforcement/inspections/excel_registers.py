"""The 检查对象名录库 register (``inspections.entities``): export of the filtered pool and all-or-nothing
import (docs/excel.md) — each row validated by the page's own form (统一社会信用代码 checksum, GB 32100),
every row saved through the audited create or none."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.services.records import record_create
from fazhi.enforcement.inspections.choices import RiskLevel
from fazhi.enforcement.inspections.forms import EntityForm
from fazhi.enforcement.inspections.models import InspectedEntity
from fazhi.excel.registers import BOOL, CHOICE, UNIT, Column, Register, register_register

KEY = "inspections.entities"


def save_entity_row(*, actor, data):
    entity = InspectedEntity(
        unit=data["unit"],
        name=data["name"],
        credit_code=data["credit_code"],
        industry=data.get("industry", ""),
        risk_level=data.get("risk_level") or RiskLevel.MEDIUM,
        address=data.get("address", ""),
        active=data.get("active", True),
    )
    return record_create(actor=actor, instance=entity)


ENTITIES = register_register(
    Register(
        key=KEY,
        title=_("检查对象名录库"),
        model=InspectedEntity,
        columns=[
            Column("name", _("检查对象名称"), required=True, width=30, example="清河县某某食品有限公司"),
            Column(
                "unit", _("单位代码"), UNIT, required=True, width=14, hint=_("名录库所属部门的机构代码。")
            ),
            Column(
                "credit_code",
                _("统一社会信用代码"),
                required=True,
                width=22,
                example="91390121MA01B2C3D8",
                hint=_("18 位，校验码须正确（GB 32100-2015）。"),
            ),
            Column("industry", _("行业"), width=14, example="食品生产"),
            Column("risk_level", _("风险等级"), CHOICE, width=10, choices=RiskLevel.choices),
            Column("address", _("住所"), width=30),
            Column("active", _("在库"), BOOL, width=8),
        ],
        form_class=EntityForm,
        save_row=save_entity_row,
        unique_in_file=(("unit", "credit_code"),),
        list_url="inspections:entities",
        description=_(
            "每行一个检查对象；同一部门名录库中统一社会信用代码不能重复。任何一行有错，全部不导入。"
        ),
    )
)
