"""A case → the values that fill its documents (the fields registered in ``documents.py``).

Documents are official: they carry the applicants' real names, ID numbers and addresses (no masking
inside the document). None of these values is ever passed to a logger.

The 行政复议机关 (whose name heads and signs every document) is the nearest 人民政府 in the lineage of the
case's unit, the unit itself included: since the 2023 law the county government is the reconsideration
organ (第二十四条) and its 司法局 is its 行政复议机构, which works in the government's name (第四条、
第六十一条). When no unit of the lineage is a government (e.g. a vertically managed department that is
itself the organ, 第二十七条), the unit's own name is used.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from fazhi.core.choices import UnitKind
from fazhi.core.models import OrgUnit
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    DecisionType,
    EventKind,
    Procedure,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.models import CaseEvent, ReconsiderationCase
from fazhi.workdays.models import Deadline

_CN_DIGITS = "零一二三四五六七八九"
_TRAILING_CITATION = re.compile(r"（([^（）]*)）$")


def cn_date(value: datetime.date | None) -> str:
    """2025年3月5日 (GB/T 9704 §7.3.5: Arabic numerals, no zero padding); "" for None."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals (第三十九条第一款第十项)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def organ_of(unit: OrgUnit) -> OrgUnit:
    """The 行政复议机关: the nearest 人民政府 in the unit's lineage (itself first), else the unit."""
    if unit.kind == UnitKind.GOVERNMENT:
        return unit
    ancestors = {a.pk: a for a in unit.ancestors()}
    for pk in reversed(unit.lineage_ids(include_self=False)):
        ancestor = ancestors.get(pk)
        if ancestor is not None and ancestor.kind == UnitKind.GOVERNMENT:
            return ancestor
    return unit


def _sentence(text: str) -> str:
    """A free-text value as the clause of a sentence: trimmed, without its closing punctuation."""
    return (text or "").strip().rstrip("。；;，,.")


def _label_and_citation(label: str) -> tuple[str, str]:
    """Split "……（第四十一条第一项）" into the wording and the citation in brackets."""
    match = _TRAILING_CITATION.search(label)
    if not match:
        return label, ""
    return label[: match.start()], match.group(1)


def suspension_wording(ground: str) -> tuple[str, str]:
    """(事由, 依据) of a 第三十九条第一款 ground, the item numbered from the enumeration's order."""
    if ground not in SuspensionGround.values:
        return "", "第三十九条第一款"
    item = SuspensionGround.values.index(ground) + 1
    text, _citation = _label_and_citation(str(SuspensionGround(ground).label))
    return text, f"第三十九条第一款第{cn_number(item)}项"


def termination_wording(ground: str) -> tuple[str, str]:
    """(情形, 依据) of a 第四十一条 ground, e.g. ("申请人撤回行政复议申请，行政复议机构准予撤回", "第四十一条第一项")."""
    if ground not in TerminationGround.values:
        return "", "第四十一条"
    return _label_and_citation(str(TerminationGround(ground).label))


#: the operative wording and the article of each decision (第六十三条至第六十九条, 第三十三条)
DECISION_WORDING = {
    DecisionType.UPHOLD: ("维持被申请人作出的{act}。", "第六十八条"),
    DecisionType.REVOKE: ("撤销被申请人作出的{act}。", "第六十四条第一款"),
    DecisionType.REVOKE_REDO: (
        "撤销被申请人作出的{act}，责令被申请人在法定期限内重新作出行政行为。",
        "第六十四条",
    ),
    DecisionType.CHANGE: ("变更被申请人作出的{act}，变更内容以本决定书所载为准。", "第六十三条"),
    DecisionType.CONFIRM_ILLEGAL: ("确认被申请人作出的{act}违法。", "第六十五条"),
    DecisionType.CONFIRM_INVALID: ("确认被申请人作出的{act}无效。", "第六十七条"),
    DecisionType.ORDER_PERFORM: ("责令被申请人在法定期限内履行法定职责。", "第六十六条"),
    DecisionType.REJECT_REQUEST: ("驳回申请人的行政复议请求。", "第六十九条"),
    DecisionType.REJECT_APPLICATION: ("驳回申请人的行政复议申请。", "第三十三条"),
}


@dataclass
class CaseFacts:
    """What the documents of one case read: the case, its applicants and events, the organ."""

    case: ReconsiderationCase
    organ: OrgUnit
    applicants: list = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)
    #: the address of the public status check, printed on the 受理通知书
    public_url: str = ""

    def last(self, kind: str) -> CaseEvent | None:
        found = [e for e in self.events if e.kind == kind]
        return found[-1] if found else None

    def last_before(self, kind: str, event: CaseEvent) -> CaseEvent | None:
        found = [
            e for e in self.events if e.kind == kind and (e.on, e.created_at) <= (event.on, event.created_at)
        ]
        return found[-1] if found else None


def case_facts(case: ReconsiderationCase) -> CaseFacts:
    """Load what every document of ``case`` needs (the case itself was selected through restrict())."""
    return CaseFacts(
        case=case,
        organ=organ_of(case.unit),
        applicants=list(case.applicants.all()),
        events=list(case.events.order_by("on", "created_at")),
    )


def _act(case: ReconsiderationCase) -> str:
    act = case.contested_act.strip()
    number = case.act_document_number.strip()
    if number and number not in act:
        act = f"{act}（{number}）"
    return act


def _applicant_particulars(applicant) -> str:
    parts = [applicant.name]
    if applicant.id_number:
        id_label = applicant.get_id_type_display() if applicant.id_type else "证件号码"
        parts.append(f"{id_label}：{applicant.id_number}")
    if applicant.address:
        parts.append(f"住所：{applicant.address}")
    return "，".join(parts)


def _procedure_period(case: ReconsiderationCase) -> str:
    if case.procedure == Procedure.SIMPLE:
        return "自受理之日起三十日内作出行政复议决定"
    return "自受理之日起六十日内作出行政复议决定；情况复杂，不能在规定期限内作出行政复议决定的，经行政复议机构负责人批准，可以适当延长，并书面告知当事人，但延长期限最多不超过三十日"


def common_values(facts: CaseFacts) -> dict[str, str]:
    """The fields every document has (documents.COMMON_FIELDS)."""
    case = facts.case
    return {
        "复议机关": facts.organ.name,
        "案号": case.case_number,
        "申请人": "、".join(a.name for a in facts.applicants),
        "被申请人": case.respondent_name,
        "行政行为": _act(case),
        "收到申请日期": cn_date(case.received_on),
        "受理日期": cn_date(case.accepted_on),
        "审理程序": case.get_procedure_display(),
    }


def party_values(facts: CaseFacts) -> dict[str, str]:
    """The particulars block of a decision: one applicant a line, the agent if any."""
    case = facts.case
    agent = f"委托代理人：{case.agent_name}" if case.agent_name else ""
    return {
        "申请人信息": "\n".join(_applicant_particulars(a) for a in facts.applicants),
        "委托代理人信息": agent,
    }


# --- per document ------------------------------------------------------------------------------------


def acceptance_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    if case.deemed_accepted:
        how = (
            "本机关在法定审查期限内未作出不予受理决定，依照《中华人民共和国行政复议法》第三十条第三款的规定，"
            "该申请视为受理"
        )
    else:
        how = "经审查，该申请符合《中华人民共和国行政复议法》第三十条第一款规定的受理条件，本机关决定予以受理"
    return {
        "受理情形": how,
        "审理期限说明": _procedure_period(case),
        "查询验证码": case.verification_code,
        "查询网址": facts.public_url,
        "成文日期": cn_date(case.accepted_on),
    }


def correction_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    event = facts.last(EventKind.CORRECTION_REQUESTED)
    items = case.correction_items or (event.note if event else "")
    return {"补正事项": items.strip(), "成文日期": cn_date(case.correction_requested_on)}


def refusal_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    reason = _sentence(case.refusal_reason)
    organ = case.competent_organ.strip()
    return {
        **party_values(facts),
        "不予受理理由": f"{reason}，" if reason else "",
        "有权机关告知": (
            f"该申请不属于本机关管辖，申请人可以依法向{organ}提出行政复议申请。" if organ else ""
        ),
        "成文日期": cn_date(case.refused_on),
    }


def answer_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    simple = case.procedure == Procedure.SIMPLE
    sent = facts.last(EventKind.COPY_SENT)
    return {
        "答复依据": "第五十四条第一款" if simple else "第四十八条",
        "答复期限": "五个工作日" if simple else "十个工作日",
        "成文日期": cn_date(sent.on if sent else case.accepted_on),
    }


def hearing_values(facts: CaseFacts) -> dict[str, str]:
    event = facts.last(EventKind.HEARING)
    return {
        "听证时间": cn_date(event.on) if event else "",
        "听证地点": event.place if event else "",
        "成文日期": cn_date(event.notice_on or event.on) if event else "",
    }


def suspension_values(facts: CaseFacts) -> dict[str, str]:
    event = facts.last(EventKind.SUSPENDED)
    ground, citation = suspension_wording(event.ground if event else "")
    note = _sentence(event.note) if event else ""
    return {
        "中止事由": ground,
        "中止依据": citation,
        "中止说明": f"{note}。" if note else "",
        "中止日期": cn_date(event.on) if event else "",
        "成文日期": cn_date(event.on) if event else "",
    }


def resumption_values(facts: CaseFacts) -> dict[str, str]:
    event = facts.last(EventKind.RESUMED)
    suspended = facts.last_before(EventKind.SUSPENDED, event) if event else None
    return {
        "中止日期": cn_date(suspended.on) if suspended else "",
        "恢复日期": cn_date(event.on) if event else "",
        "成文日期": cn_date(event.on) if event else "",
    }


def termination_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    wording, citation = termination_wording(case.termination_ground)
    return {
        **party_values(facts),
        "终止情形": wording,
        "终止依据": citation or "第四十一条",
        "成文日期": cn_date(case.closed_on or case.decided_on),
    }


def _decision_due(case: ReconsiderationCase) -> datetime.date | None:
    """The due date of the case's decision period now (extensions included), open or already closed."""
    from django.contrib.contenttypes.models import ContentType

    deadline = (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(ReconsiderationCase),
            object_id=str(case.pk),
            rule_key__in=list(rules.DECISION_RULES.values()),
        )
        .order_by("-created_at")
        .first()
    )
    return deadline.due_date if deadline else None


def extension_values(facts: CaseFacts) -> dict[str, str]:
    event = facts.last(EventKind.EXTENDED)
    reason = _sentence(event.note) if event else ""
    return {
        "延长天数": f"{event.days}日" if event and event.days else "",
        "延期理由": reason or "案情复杂",
        "延长后届满日": cn_date(_decision_due(facts.case)),
        "成文日期": cn_date(event.on) if event else "",
    }


def decision_values(facts: CaseFacts) -> dict[str, str]:
    case = facts.case
    wording, article = DECISION_WORDING.get(case.decision_type, ("", ""))
    return {
        **party_values(facts),
        "复议请求": case.requests.strip(),
        "决定书正文": case.decision_text.strip(),
        "决定依据": article,
        "决定结果": wording.format(act=_act(case)),
        "成文日期": cn_date(case.decided_on),
    }
