"""The 行政执法人员 register (``enforcement.officers``): the roster's export and its import (docs/excel.md).

Exports mask 身份证号 (the model's ``sensitive_fields``); a masked number cannot be imported again.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.choices import CertificateKind, OfficerStatus
from fazhi.enforcement.importing import OfficerImportForm, save_officer_row
from fazhi.enforcement.models import EnforcementCertificate, EnforcementOfficer
from fazhi.excel.registers import BOOL, CHOICE, DATE, UNIT, Column, Register, register_register

KEY = "enforcement.officers"


def _card(officer):
    cards = [c for c in officer.certificates.all() if c.kind == CertificateKind.ENFORCEMENT]
    return cards[0] if cards else None


def _card_attr(attr: str):
    def get(officer):
        card = _card(officer)
        return getattr(card, attr) if card is not None else None

    return get


def officer_export_records(queryset, actor):
    cards = EnforcementCertificate.objects.exclude(number="").order_by("-issued_on", "-created_at")
    return (
        queryset.select_related("unit", "body")
        .prefetch_related(None)
        .prefetch_related(Prefetch("certificates", queryset=cards))
        .iterator(chunk_size=1000)
    )


OFFICERS = register_register(
    Register(
        key=KEY,
        title=_("行政执法人员"),
        model=EnforcementOfficer,
        columns=[
            Column("name", _("姓名"), required=True, width=10, example="王某某"),
            Column(
                "unit", _("单位代码"), UNIT, required=True, width=14, hint=_("执法人员所在单位的机构代码。")
            ),
            Column(
                "body_name",
                _("执法主体"),
                required=True,
                width=26,
                value=lambda o: o.body.name,
                example="清河县市场监督管理局",
                hint=_("已登记的执法主体全称（所在单位或其上级单位的执法主体）。"),
            ),
            Column("id_number", _("身份证号"), required=True, width=20, hint=_("18 位居民身份证号码。")),
            Column("post", _("职务"), width=12),
            Column("enforcement_category", _("执法类别"), width=12, example="市场监管"),
            Column("region", _("执法区域"), width=12, example="清河县"),
            Column("has_legal_qualification", _("具有法律职业资格"), BOOL, width=10),
            Column("legal_qualification_number", _("法律职业资格证书编号"), width=20),
            Column("status", _("人员状态"), CHOICE, width=10, choices=OfficerStatus.choices),
            Column(
                "card_number",
                _("执法证号"),
                width=18,
                value=_card_attr("number"),
                hint=_("已持有行政执法证的填写；未持证的留空。"),
            ),
            Column("card_issued_on", _("发证日期"), DATE, value=_card_attr("issued_on")),
            Column(
                "card_expires_on",
                _("有效期至"),
                DATE,
                value=_card_attr("expires_on"),
                hint=_("留空时按发证日期和有效期年限计算。"),
            ),
            Column(
                "card_status",
                _("证件状态"),
                value=lambda o: _card(o).get_status_display() if _card(o) else None,
                importable=False,
            ),
        ],
        form_class=OfficerImportForm,
        save_row=save_officer_row,
        unique_in_file=("id_number", "card_number"),
        list_url="enforcement:list",
        prepare_export=officer_export_records,
        description=_(
            "每行一名执法人员；已持有执法证的，一并填写证号、发证日期和有效期，导入后按有效证件管理。"
        ),
    )
)
