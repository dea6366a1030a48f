"""The 行政复议案件 register (``reconsideration.cases``): export of the case list and import of historical
cases, with the same columns (docs/excel.md).

Rows are validated by :class:`~fazhi.reconsideration.importing.CaseImportForm` and saved one by one by
:func:`~fazhi.reconsideration.importing.case_import` (numbering, audit, deadlines of open cases): the
whole file or nothing. Exports mask 证件号码 (the model's ``sensitive_fields``); a masked number cannot
be imported again — the row is refused until the full number (or nothing) is filled in.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from fazhi.excel.registers import BOOL, CHOICE, DATE, UNIT, USER, Column, Register, register_register
from fazhi.reconsideration.choices import (
    ApplicantKind,
    Channel,
    DecisionType,
    EventKind,
    IdType,
    MatterCategory,
    Procedure,
    TerminationGround,
)
from fazhi.reconsideration.importing import CaseImportForm, ImportLookups, save_case_row
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase

KEY = "reconsideration.cases"


def _first(case, attr: str):
    applicants = case.applicants.all()
    return getattr(applicants[0], attr) if applicants else None


def _hearing(case):
    hearings = [e.on for e in case.events.all() if e.kind == EventKind.HEARING]
    return min(hearings) if hearings else None


def case_export_records(queryset, actor):
    """The list's cases with their applicants and hearings fetched in three queries, not per case."""
    return (
        queryset.select_related("unit", "respondent_unit", "handler")
        .prefetch_related(
            Prefetch("applicants", queryset=CaseApplicant.objects.order_by("created_at")),
            Prefetch("events", queryset=CaseEvent.objects.filter(kind=EventKind.HEARING).order_by("on")),
        )
        .iterator(chunk_size=1000)
    )


CASES = register_register(
    Register(
        key=KEY,
        title=_("行政复议案件"),
        model=ReconsiderationCase,
        columns=[
            Column(
                "case_number",
                _("案号"),
                width=22,
                example="清司复〔2024〕7号",
                hint=_("历史案号照填；同一单位不能重复。留空时按收到申请的年度自动编号。"),
            ),
            Column("received_on", _("收到申请日期"), DATE, required=True, width=14),
            Column(
                "applicants",
                _("申请人"),
                required=True,
                width=24,
                value=lambda case: [a.name for a in case.applicants.all()],
                example="张某某、李某某",
                hint=_("姓名或名称；多名申请人用“、”分隔。"),
            ),
            Column(
                "applicant_kind",
                _("申请人类型"),
                CHOICE,
                width=10,
                choices=ApplicantKind.choices,
                value=lambda case: _first(case, "kind"),
                hint=_("适用于本行全部申请人；留空为自然人。"),
            ),
            Column(
                "id_type",
                _("证件类型"),
                CHOICE,
                width=14,
                choices=IdType.choices,
                value=lambda case: _first(case, "id_type"),
                hint=_(
                    "适用于本行全部证件号码；留空时自然人为居民身份证，法人和其他组织为统一社会信用代码。"
                ),
            ),
            Column(
                "id_numbers",
                _("证件号码"),
                width=22,
                sensitive=True,
                value=lambda case: [a.id_number for a in case.applicants.all() if a.id_number],
                hint=_(
                    "按申请人的顺序填写，用“、”分隔；可少于申请人。居民身份证号须为有效的 18 位号码。"
                    "导出文件中的号码已脱敏，不能直接再导入。"
                ),
            ),
            Column("agent_name", _("代理人"), width=10),
            Column(
                "respondent_name",
                _("被申请人"),
                width=24,
                hint=_("作出行政行为的行政机关；填了被申请人单位编码的可不填。"),
            ),
            Column(
                "respondent_unit",
                _("被申请人单位编码"),
                width=14,
                value=lambda case: case.respondent_unit.code if case.respondent_unit else None,
                hint=_("被申请人是本平台上的单位时填其机构代码（见“组织机构”页面），以便按被申请人统计。"),
            ),
            Column("contested_act", _("行政行为"), required=True, width=30),
            Column("act_document_number", _("文书编号"), width=20),
            Column(
                "category", _("案件类别"), CHOICE, required=True, width=12, choices=MatterCategory.choices
            ),
            Column("knew_on", _("知道日期"), DATE, width=12, hint=_("申请人知道该行政行为之日。")),
            Column("requests", _("复议请求"), required=True, width=24),
            Column("channel", _("申请方式"), CHOICE, required=True, width=8, choices=Channel.choices),
            Column(
                "procedure",
                _("审理程序"),
                CHOICE,
                width=10,
                choices=Procedure.choices,
                hint=_("留空为普通程序。"),
            ),
            Column("accepted_on", _("受理日期"), DATE, width=12, hint=_("已结案的案件必填。")),
            Column("refused_on", _("不予受理日期"), DATE, width=12),
            Column(
                "refusal_reason",
                _("不予受理理由"),
                width=20,
                hint=_("填写了不予受理日期时必填（第三十条第二款）。"),
            ),
            Column("abandoned_on", _("视为放弃日期"), DATE, width=12, hint=_("逾期不补正视为放弃申请之日。")),
            Column(
                "decision_type",
                _("结案方式"),
                CHOICE,
                width=14,
                choices=DecisionType.choices,
                hint=_("未结案的留空；填写后须同时填写受理日期和结案日期。"),
            ),
            Column(
                "termination_ground",
                _("终止事由"),
                CHOICE,
                width=30,
                choices=TerminationGround.choices,
                hint=_("结案方式为“终止”时必填（第四十一条）。"),
            ),
            Column("decided_on", _("决定日期"), DATE, width=12, hint=_("留空时同结案日期。")),
            Column(
                "decision_approver",
                _("批准人"),
                width=10,
                hint=_("作出行政复议决定的必填（第六十一条）；终止可不填。"),
            ),
            Column("closed_on", _("结案日期"), DATE, width=12),
            Column(
                "closed_late",
                _("超期结案"),
                BOOL,
                width=8,
                hint=_("是或否；留空时按受理日期和法定审理期限（第六十二条）计算。"),
            ),
            Column("hearing_on", _("听证日期"), DATE, width=12, value=_hearing),
            Column("handler", _("承办人"), USER, width=12, hint=_("承办人的用户名，可不填。")),
            Column(
                "unit",
                _("单位"),
                UNIT,
                required=True,
                width=14,
                example="qh-sfj",
                hint=_(
                    "办理案件的行政复议机构的机构代码（见“单位代码”工作表）；只能填您可以登记案件的单位。"
                ),
            ),
            Column(
                "status",
                _("状态"),
                CHOICE,
                width=10,
                hint=_("可不填：状态由各日期和结案方式推定；填写的须与推定的一致（导出文件可原样导入）。"),
            ),
        ],
        form_class=CaseImportForm,
        form_kwargs=lambda actor: {"user": actor, "lookups": ImportLookups()},
        save_row=save_case_row,
        unique_in_file=(("unit", "case_number"),),
        list_url="reconsideration:list",
        prepare_export=case_export_records,
        # each row is a case with its number, audit events and deadlines: about 15 ms
        job_threshold=500,
        description=_(
            "每行一件历史案件，连同办理结果一并导入：状态由各日期和结案方式推定（结案须有受理日期和结案日期，"
            "不予受理须有理由，终止须有终止事由），日期须先后有序。任何一行有错误时不导入任何数据。"
            "未结案的案件导入后按法定期限开始计算，显示在期限看板上。"
        ),
    )
)
