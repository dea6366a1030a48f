"""The 行政规范性文件 register (``normative-documents``): import of documents already issued (with their
texts: importing.py) and the same columns for export (docs/excel.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.excel.registers import CHOICE, DATE, INT, UNIT, Column, Register, register_register
from fazhi.normative.choices import DocumentKind, DocumentStatus
from fazhi.normative.importing import REGISTER_KEY, DocumentImportForm, save_rows
from fazhi.normative.models import NormativeDocument

register_register(
    Register(
        key=REGISTER_KEY,
        title=_("行政规范性文件"),
        model=NormativeDocument,
        columns=[
            Column(
                "title", _("文件名称"), required=True, width=50, example="清河县城镇居民最低生活保障实施办法"
            ),
            Column("document_number", _("文号"), required=True, width=20, example="清政规〔2021〕3号"),
            Column("unit", _("制定机关代码"), UNIT, required=True, hint=_("制定机关的机构代码。")),
            Column("kind", _("文件类别"), CHOICE, required=True, choices=DocumentKind.choices),
            Column(
                "status",
                _("状态"),
                CHOICE,
                required=True,
                # every status for export (drafts show 起草 …); the import form accepts the published ones
                choices=DocumentStatus.choices,
                hint=_("已公布、已备案、已修改、已废止或已失效。"),
            ),
            Column("drafting_unit_name", _("起草单位"), width=24),
            Column("published_on", _("公布日期"), DATE, required=True),
            Column("effective_on", _("施行日期"), DATE, hint=_("留空为公布日期。")),
            Column("validity_years", _("有效期（年）"), INT, hint=_("留空按设置：一般5年，暂行、试行2年。")),
            Column("expires_on", _("有效期至"), DATE, hint=_("留空时按施行日期和有效期计算。")),
            Column("filed_on", _("报送备案日期"), DATE),
            Column(
                "ended_on", _("修改、废止或失效日期"), DATE, hint=_("状态为已修改、已废止、已失效的必填。")
            ),
            Column("ended_reason", _("修改、废止或失效原因"), width=30),
            Column("interpretation", _("政策解读"), width=30),
            Column(
                "body_file",
                _("正文文件"),
                width=24,
                hint=_(
                    "正文文件的文件名（.docx、.pdf 或 .txt），与登记表一起上传；也可直接在“正文”列填写正文。"
                ),
                exportable=False,
                example="清政规〔2021〕3号.docx",
            ),
            Column("body", _("正文"), width=40, exportable=False),
        ],
        form_class=DocumentImportForm,
        save_rows=save_rows,
        list_url="normative:import",
        unique_in_file=(("unit", "document_number"),),
        description=_("导入已公布的存量规范性文件。需要同时导入正文文件的，请使用“导入存量规范性文件”页面。"),
        job_threshold=100_000,
    )
)
