"""The 行政复议 documents (found by the document engine, docs/docgen.md), which of them a case has at
its stage, and rendering one for a case.

Every document carries the 案号 and is headed and signed with the 行政复议机关's name
(``document_context.organ_of``). Keys are ``reconsideration.<name>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fazhi.docgen.registry import register_document
from fazhi.docgen.services import render_document
from fazhi.reconsideration import document_context as ctx
from fazhi.reconsideration import document_templates as templates
from fazhi.reconsideration.choices import CaseStatus, DecisionType, EventKind
from fazhi.reconsideration.models import ReconsiderationCase

#: the fields every document has
COMMON_FIELDS = {
    "复议机关": "行政复议机关名称（文书抬头和落款）",
    "案号": "行政复议案号",
    "申请人": "申请人姓名或名称（多人以顿号分隔）",
    "被申请人": "被申请人名称",
    "行政行为": "被申请复议的行政行为（含文书编号）",
    "收到申请日期": "收到行政复议申请的日期",
    "受理日期": "受理日期（未受理的为空）",
    "审理程序": "普通程序或简易程序",
    "成文日期": "文书落款日期",
}
PARTY_FIELDS = {
    "申请人信息": "申请人姓名或名称、证件号码、住所（每人一行）",
    "委托代理人信息": "“委托代理人：姓名”，没有委托代理人的为空",
}


@dataclass(frozen=True)
class CaseDocument:
    """A registered document of the case, when it applies, and how its values are made."""

    key: str
    label: str
    applies: Callable[[ctx.CaseFacts], bool]
    values: Callable[[ctx.CaseFacts], dict]
    note: Callable[[ctx.CaseFacts], str] = lambda facts: ""


CASE_DOCUMENTS: dict[str, CaseDocument] = {}


def _register(name, label, fields, template, applies, values, note=None) -> None:
    key = f"reconsideration.{name}"
    register_document(key, label=label, fields={**COMMON_FIELDS, **fields}, default_template=template)
    CASE_DOCUMENTS[key] = CaseDocument(key, label, applies, values, note or (lambda facts: ""))


def _accepted(facts) -> bool:
    return facts.case.accepted_on is not None


def _event_note(kind, prefix):
    def note(facts) -> str:
        event = facts.last(kind)
        return f"{prefix}{ctx.cn_date(event.on)}" if event else ""

    return note


_register(
    "acceptance_notice",
    _("行政复议受理通知书"),
    {
        "受理情形": "受理的依据（第三十条第一款受理，或第三款视为受理）",
        "审理期限说明": "审理期限（第六十二条）",
        "查询验证码": "申请人查询办理进度的验证码",
        "查询网址": "公开查询页面的网址",
    },
    templates.acceptance_notice,
    _accepted,
    ctx.acceptance_values,
)
_register(
    "correction_notice",
    _("行政复议申请补正通知书"),
    {"补正事项": "需要补正的事项（一次性告知）"},
    templates.correction_notice,
    lambda facts: facts.case.correction_requested_on is not None,
    ctx.correction_values,
)
_register(
    "refusal_decision",
    _("不予受理行政复议申请决定书"),
    {
        **PARTY_FIELDS,
        "不予受理理由": "不予受理的理由",
        "有权机关告知": "不属于本机关管辖时告知有权受理的行政复议机关，否则为空",
    },
    templates.refusal_decision,
    lambda facts: facts.case.status == CaseStatus.REFUSED and facts.case.refused_on is not None,
    ctx.refusal_values,
)
_register(
    "answer_notice",
    _("提出行政复议答复通知书"),
    {"答复依据": "第四十八条或第五十四条第一款", "答复期限": "十个工作日或五个工作日"},
    templates.answer_notice,
    _accepted,
    ctx.answer_values,
)
_register(
    "hearing_notice",
    _("行政复议听证通知书"),
    {"听证时间": "举行听证的日期", "听证地点": "听证地点"},
    templates.hearing_notice,
    lambda facts: facts.last(EventKind.HEARING) is not None,
    ctx.hearing_values,
    _event_note(EventKind.HEARING, "听证日期："),
)
_register(
    "suspension_notice",
    _("行政复议中止审理通知书"),
    {
        "中止事由": "第三十九条第一款规定的中止事由",
        "中止依据": "中止的法律依据（条、款、项）",
        "中止说明": "中止的具体说明，没有的为空",
        "中止日期": "中止审理的日期",
    },
    templates.suspension_notice,
    lambda facts: facts.last(EventKind.SUSPENDED) is not None,
    ctx.suspension_values,
    _event_note(EventKind.SUSPENDED, "中止日期："),
)
_register(
    "resumption_notice",
    _("行政复议恢复审理通知书"),
    {"中止日期": "此前中止审理的日期", "恢复日期": "恢复审理的日期"},
    templates.resumption_notice,
    lambda facts: facts.last(EventKind.RESUMED) is not None,
    ctx.resumption_values,
    _event_note(EventKind.RESUMED, "恢复日期："),
)
_register(
    "termination_decision",
    _("行政复议终止决定书"),
    {**PARTY_FIELDS, "终止情形": "第四十一条规定的终止情形", "终止依据": "终止的法律依据（条、项）"},
    templates.termination_decision,
    lambda facts: facts.case.decision_type == DecisionType.TERMINATE and bool(facts.case.termination_ground),
    ctx.termination_values,
)
_register(
    "extension_notice",
    _("行政复议延期审理通知书"),
    {
        "延期理由": "延期审理的理由",
        "延长天数": "延长的天数，如“30日”",
        "延长后届满日": "延长后的审理期限届满日",
    },
    templates.extension_notice,
    lambda facts: facts.last(EventKind.EXTENDED) is not None,
    ctx.extension_values,
    _event_note(EventKind.EXTENDED, "延期日期："),
)
_register(
    "decision",
    _("行政复议决定书"),
    {
        **PARTY_FIELDS,
        "复议请求": "申请人的行政复议请求",
        "决定书正文": "查明的事实、理由和依据（案件“决定书正文”）",
        "决定依据": "作出决定所依据的条款，如“第六十四条第一款”",
        "决定结果": "决定内容，按结案方式生成，如“撤销被申请人作出的……”",
    },
    templates.decision,
    # 调解 ends in a 调解书 and 终止 in the 终止决定书, not in a 决定书
    lambda facts: (
        facts.case.status == CaseStatus.CLOSED
        and facts.case.decision_type in ctx.DECISION_WORDING
        and facts.case.decided_on is not None
    ),
    ctx.decision_values,
)


@dataclass(frozen=True)
class AvailableDocument:
    key: str
    label: str
    note: str = ""


def available_documents(
    case: ReconsiderationCase, facts: ctx.CaseFacts | None = None
) -> list[AvailableDocument]:
    """The documents ``case`` has at its stage, in the order of the procedure."""
    facts = facts or ctx.case_facts(case)
    return [
        AvailableDocument(doc.key, str(doc.label), doc.note(facts))
        for doc in CASE_DOCUMENTS.values()
        if doc.applies(facts)
    ]


class DocumentNotAvailable(Exception):
    """The document is registered but does not apply to the case at its stage."""


def document_values(
    case: ReconsiderationCase, key: str, *, public_url: str = "", facts=None
) -> dict[str, str]:
    """Every field of document ``key`` for ``case``; KeyError for a key that is no case document,
    DocumentNotAvailable when the document does not apply yet."""
    doc = CASE_DOCUMENTS[key]
    facts = facts or ctx.case_facts(case)
    if not doc.applies(facts):
        raise DocumentNotAvailable(key)
    facts.public_url = public_url
    return {**ctx.common_values(facts), **doc.values(facts)}


def render_case_document(case: ReconsiderationCase, key: str, *, public_url: str = "") -> bytes:
    """The .docx of document ``key`` for ``case``, on the template in effect for the case's unit."""
    values = document_values(case, key, public_url=public_url)
    return render_document(key=key, unit=case.unit, context=values)


def document_filename(case: ReconsiderationCase, key: str) -> str:
    """e.g. 清河复〔2025〕3号-行政复议决定书.docx (characters a file system refuses are replaced)."""
    label = str(CASE_DOCUMENTS[key].label)
    number = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in case.case_number.strip())
    return f"{number}-{label}.docx" if number else f"{label}.docx"
