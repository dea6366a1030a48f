"""The 行政执法案件 register (``enforcement.cases``): export of the case list's filtered, scoped rows
(party ID numbers and phones masked — the model's ``sensitive_fields``). Export only: cases are registered
through 立案, which checks the officers (处罚法 第四十二条). Imported by the app's ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.cases.models import EnforcementCase
from fazhi.excel.registers import BOOL, CHOICE, DATE, DECIMAL, Column, Register, register_register

KEY = "enforcement.cases"


def _export(queryset, actor):
    return queryset.select_related("unit", "body", "item").iterator(chunk_size=1000)


CASES = register_register(
    Register(
        key=KEY,
        title=_("行政执法案件"),
        model=EnforcementCase,
        columns=[
            Column("number", _("案号"), width=22),
            Column("unit", _("办案单位"), width=22, value=lambda c: c.unit.name),
            Column("body", _("执法主体"), width=22, value=lambda c: c.body.name),
            Column("item", _("执法事项"), width=30, value=lambda c: c.item.name),
            Column("procedure", _("程序"), CHOICE, width=12),
            Column("source", _("案件来源"), CHOICE, width=12),
            Column("title", _("案由"), width=30),
            Column("party_kind", _("当事人类型"), CHOICE, width=10),
            Column("party_name", _("当事人"), width=24),
            Column("party_id_number", _("证件号码"), width=20),
            Column("filed_on", _("立案日期"), DATE, width=12),
            Column("decision_due_on", _("决定期限"), DATE, width=12),
            Column("status", _("状态"), CHOICE, width=10),
            Column("is_major", _("重大执法决定"), BOOL, width=8),
            Column("decision_kind", _("处理决定"), CHOICE, width=14),
            Column("fine_amount", _("罚没金额（元）"), DECIMAL, width=12),
            Column("decision_number", _("决定书文号"), width=22),
            Column("decided_on", _("决定日期"), DATE, width=12),
            Column("decided_late", _("超过决定期限"), BOOL, width=8),
            Column("publication_due_on", _("公示期限"), DATE, width=12),
            Column("published_on", _("公示日期"), DATE, width=12),
            Column("withdrawn_on", _("撤回公示日期"), DATE, width=12),
            Column("closed_on", _("结案日期"), DATE, width=12),
        ],
        list_url="enforcement_cases:list",
        prepare_export=_export,
    )
)
