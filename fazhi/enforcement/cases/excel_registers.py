"""The 权责清单 register (``enforcement.items``): 执法事项 and their 裁量基准 in one sheet, one row per band
(importing.py explains the shape). Export from the item list (its filtered, scoped items); import at
/excel/enforcement.items/import/, all or nothing with the errors per row and column."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.cases.choices import ItemStatus, Severity
from fazhi.enforcement.cases.importing import ImportState, ItemImportForm, item_export_rows, save_item_rows
from fazhi.enforcement.cases.models import EnforcementItem
from fazhi.excel.registers import CHOICE, DECIMAL, UNIT, Column, Register, register_register

KEY = "enforcement.items"

ITEMS = register_register(
    Register(
        key=KEY,
        title=_("执法事项与裁量基准"),
        model=EnforcementItem,
        columns=[
            Column(
                "unit", _("单位代码"), UNIT, required=True, width=12, hint=_("实施该事项的部门的机构代码。")
            ),
            Column(
                "body_name",
                _("执法主体"),
                required=True,
                width=24,
                example="清河县市场监督管理局",
                hint=_("已登记的执法主体全称（本单位或其上级单位的执法主体）。"),
            ),
            Column(
                "item_code",
                _("事项编码"),
                required=True,
                width=16,
                example="330217001000",
                hint=_("权责清单中的事项编码，单位内不重复；同一事项的各行填写相同的编码和事项信息。"),
            ),
            Column(
                "name", _("事项名称"), required=True, width=36, example="对未按规定公示食品经营许可证的处罚"
            ),
            Column("kind", _("事项类别"), CHOICE, width=10, hint=_("留空为“行政处罚”。")),
            Column(
                "legal_basis",
                _("设定依据"),
                required=True,
                width=40,
                example="《中华人民共和国食品安全法》第一百二十六条第一款第（四）项",
            ),
            Column("penalty_basis", _("处罚依据"), width=40),
            Column(
                "standard_code",
                _("基准编码"),
                width=16,
                hint=_("事项下的裁量基准编码，事项内不重复；事项暂无裁量基准的，本列至“罚款上限”留空。"),
            ),
            Column("severity", _("裁量阶次"), CHOICE, width=10, choices=Severity.choices),
            Column("circumstance", _("违法情形"), width=36),
            Column("sanction", _("处罚标准"), width=36),
            Column("fine_min", _("罚款下限（元）"), DECIMAL, width=12, hint=_("不处罚款的留空。")),
            Column("fine_max", _("罚款上限（元）"), DECIMAL, width=12),
            Column(
                "item_status",
                _("事项状态"),
                CHOICE,
                width=8,
                choices=ItemStatus.choices,
                importable=False,
            ),
            Column(
                "standard_active",
                _("基准有效"),
                "bool",
                width=8,
                importable=False,
            ),
        ],
        form_class=ItemImportForm,
        form_kwargs=lambda actor: {"user": actor, "state": ImportState(actor)},
        save_rows=save_item_rows,
        unique_in_file=(("unit", "item_code", "standard_code"),),
        list_url="enforcement_cases:items",
        prepare_export=item_export_rows,
        sheet_title=_("权责清单"),
        description=_(
            "每行一条裁量基准，前几列为其所属执法事项（同一事项的各行重复填写事项信息）；暂无裁量基准的事项单独一行。"
            "导入只新增事项，已登记的事项编码请在页面上修改。"
        ),
    )
)
