"""The statutory rules of a 行政执法案件 (RULES.md §5.1, §5.2): its periods, counted by the calendar engine
(fazhi.workdays), the 全过程记录 checklist, and what a public notice may not contain.

Periods (the start day is not counted; 处罚法 第八十五条: “二日”“三日”“五日”“七日”的规定是指工作日):

* ``penalty.decision`` — 90 日 from 立案 (第六十条), registered by fazhi/workdays/rules.py; extended with the
  负责人's approval (“法律、法规、规章另有规定的，从其规定”), each extension adding days;
* 申请听证 — 5 个工作日 after 告知 (第六十四条第一项); a request after it is refused;
* 听证通知 — at least 7 个工作日 before the hearing (第六十四条第二项); a shorter notice is recorded with a warning;
* 公示 — 行政处罚、行政许可 decisions within 7 个工作日, other 执法决定 within 20 个工作日 of the decision
  (国办发〔2018〕118号); a later publication is allowed and flagged;
* 撤回公示 — within 3 个工作日 after the decision is 变更、撤销、确认违法或者确认无效 (第四十八条, 第八十五条).

A summary-procedure case (当场处罚, 第五十一条) is published and withdrawn by the same rules: RULES.md §5.1
draws no distinction and 第四十八条 speaks of 行政处罚决定 generally.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fazhi.enforcement.cases.choices import DecisionKind, ExecutionManner, ItemKind, Procedure, Stage
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import EventKind
from fazhi.workdays.counting import ClockEvent, Computation, compute, explain
from fazhi.workdays.rules import PeriodKind, get_rule, register_rule

DECISION = "penalty.decision"  # 90 日, 《行政处罚法》第六十条 (fazhi/workdays/rules.py)

HEARING_REQUEST = register_rule(
    "enforcement.hearing_request",
    label="当事人申请听证",
    kind=PeriodKind.WORKING_DAYS,
    count=5,
    start_event="行政机关告知之日",
    citation="《行政处罚法》第六十四条第一项",
    note="逾期未申请的，视为放弃听证权利",
).key
HEARING_NOTICE = register_rule(
    "enforcement.hearing_notice",
    label="听证通知（至少提前七个工作日）",
    kind=PeriodKind.WORKING_DAYS,
    count=7,
    start_event="通知当事人听证之日",
    citation="《行政处罚法》第六十四条第二项",
    note="听证日期不得早于届满日",
).key
PUBLICATION_PENALTY = register_rule(
    "enforcement.publication_penalty",
    label="行政处罚、行政许可决定公示",
    kind=PeriodKind.WORKING_DAYS,
    count=7,
    start_event="作出执法决定之日",
    citation="国办发〔2018〕118号",
).key
PUBLICATION_OTHER = register_rule(
    "enforcement.publication_other",
    label="执法决定公示",
    kind=PeriodKind.WORKING_DAYS,
    count=20,
    start_event="作出执法决定之日",
    citation="国办发〔2018〕118号",
).key
WITHDRAWAL = register_rule(
    "enforcement.publication_withdrawal",
    label="撤回公示的行政处罚决定",
    kind=PeriodKind.WORKING_DAYS,
    count=3,
    start_event="行政处罚决定被变更、撤销、确认违法或者确认无效之日",
    citation="《行政处罚法》第四十八条、第八十五条",
).key


def period(rule_key: str, start: datetime.date, *, extension: int = 0) -> Computation:
    """The computation of ``rule_key`` from ``start`` (plus ``extension`` days) through the calendar engine."""
    rule = get_rule(rule_key)
    events = [ClockEvent(kind=EventKind.EXTEND, on=start, days=extension)] if extension else []
    return compute(kind=rule.kind, count=rule.count, start=start, calendar=load_calendar(), events=events)


def explanation(rule_key: str, start: datetime.date, *, extension: int = 0) -> str:
    """The engine's sentence: “自…起…，…届满（citation）”."""
    return explain(period(rule_key, start, extension=extension), get_rule(rule_key).citation)


def decision_due(filed_on: datetime.date, extension_days: int = 0) -> datetime.date:
    """第六十条: 90 日 from 立案, plus the approved extensions."""
    return period(DECISION, filed_on, extension=extension_days).due


def hearing_request_until(notified_on: datetime.date) -> datetime.date:
    """第六十四条第一项: the last day to ask for a hearing, 5 working days after 告知."""
    return period(HEARING_REQUEST, notified_on).due


def hearing_notice_ok(notice_on: datetime.date, hearing_on: datetime.date) -> tuple[bool, datetime.date]:
    """第六十四条第二项: whether the hearing is at least 7 working days after the notice; and the earliest day."""
    earliest = period(HEARING_NOTICE, notice_on).due
    return hearing_on >= earliest, earliest


def publication_rule(case) -> str | None:
    """国办发〔2018〕118号: which 公示 period applies to the decision of ``case`` — 7 working days for 行政处罚 and
    行政许可 decisions, 20 for other 执法决定; None when the case ended in 移送司法机关 (no decision on the party
    is made, the transfer is reported through 两法衔接 instead)."""
    kind = case.decision_kind
    if kind == DecisionKind.TRANSFER or not kind:
        return None
    if kind == DecisionKind.PENALTY or case.item.kind == ItemKind.LICENSING:
        return PUBLICATION_PENALTY
    return PUBLICATION_OTHER


def publication_due(case) -> datetime.date | None:
    rule = publication_rule(case)
    return period(rule, case.decided_on).due if rule and case.decided_on else None


def withdrawal_due(changed_on: datetime.date) -> datetime.date:
    """第四十八条、第八十五条: 3 working days after the decision was changed, revoked or found unlawful/void."""
    return period(WITHDRAWAL, changed_on).due


def review_required(case) -> bool:
    """第五十八条: a major case — marked as such, with any ground of 第一款, or which went through a hearing
    (第一款第二项) — may not be decided before a passed 法制审核."""
    return bool(case.is_major or case.major_grounds or case.hearing_on)


# --- 全过程记录 (处罚法 第四十七条; 国办发〔2018〕118号) -----------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    stage: str
    kinds: tuple[str, ...]  # any one of them satisfies the requirement

    @property
    def label(self) -> str:
        return _("或").join(self.kinds)


#: the record kinds offered on the form, per stage (a record may carry another name too)
RECORD_KINDS = {
    Stage.START: ("立案审批表", "案件来源登记表", "音像记录"),
    Stage.INVESTIGATION: ("现场检查（勘验）笔录", "询问笔录", "证据登记保存清单", "音像记录"),
    Stage.REVIEW: ("法制审核意见书", "集体讨论记录"),
    Stage.DECISION: (
        "行政处罚事先告知书",
        "陈述申辩笔录",
        "听证笔录",
        "行政处罚决定书",
        "不予行政处罚决定书",
        "当场行政处罚决定书",
        "处理决定书",
    ),
    Stage.SERVICE: ("送达回证", "邮寄送达凭证", "公告送达记录"),
    Stage.EXECUTION: ("罚没款缴纳凭证", "执行记录", "强制执行申请书"),
}

DECISION_DOCUMENTS = ("行政处罚决定书", "不予行政处罚决定书", "当场行政处罚决定书", "处理决定书")


def required_records(case) -> list[Requirement]:
    """What the 全过程记录 of ``case`` must contain before 结案, stage by stage (第四十七条: 启动、调查取证、
    审核、决定、送达、执行). A summary-procedure case (第五十一、五十二条) has no 立案 or investigation file:
    its 当场行政处罚决定书 and, where it was executed, the payment receipt suffice."""
    summary = case.procedure == Procedure.SUMMARY
    result = []
    if not summary:
        result.append(Requirement(Stage.START, ("立案审批表",)))
        result.append(Requirement(Stage.INVESTIGATION, ("现场检查（勘验）笔录", "询问笔录")))
        if review_required(case):
            result.append(Requirement(Stage.REVIEW, ("法制审核意见书",)))
    if case.decision_kind == DecisionKind.PENALTY:
        result.append(
            Requirement(Stage.DECISION, ("当场行政处罚决定书",) if summary else ("行政处罚决定书",))
        )
    elif case.decision_kind:
        result.append(Requirement(Stage.DECISION, DECISION_DOCUMENTS))
    if case.decision_kind and not summary:
        result.append(Requirement(Stage.SERVICE, ("送达回证", "邮寄送达凭证", "公告送达记录")))
    if case.execution_manner and case.execution_manner != ExecutionManner.NONE:
        result.append(Requirement(Stage.EXECUTION, ("罚没款缴纳凭证", "执行记录")))
    return result


@dataclass(frozen=True)
class ChecklistRow:
    requirement: Requirement
    present: bool

    @property
    def stage_label(self) -> str:
        return str(Stage(self.requirement.stage).label)


def checklist(case, records) -> list[ChecklistRow]:
    """The required records of ``case`` with a tick for each one present among ``records``."""
    have = {(r.stage, r.kind) for r in records}
    return [
        ChecklistRow(req, any((req.stage, kind) in have for kind in req.kinds))
        for req in required_records(case)
    ]


def missing_records(case, records) -> list[str]:
    """“调查取证：现场检查（勘验）笔录或询问笔录” for each requirement not met."""
    return [
        f"{row.stage_label}：{row.requirement.label}" for row in checklist(case, records) if not row.present
    ]


# --- 公示 ------------------------------------------------------------------------------------------

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")


def personal_data_in(text: str) -> list[str]:
    """What a public summary may not show (国办发〔2018〕118号: 公开时应当对个人隐私等信息进行处理): the kinds
    of personal data found — 身份证号码, 联系电话."""
    found = []
    if _ID_NUMBER.search(text or ""):
        found.append(_("身份证号码"))
    if _PHONE.search(text or ""):
        found.append(_("联系电话"))
    return found


def masked_party(name: str, party_kind: str) -> str:
    """On the public page a natural person reads as 张某 (surname kept, given name masked)."""
    from fazhi.enforcement.cases.choices import PartyKind

    name = (name or "").strip()
    if party_kind != PartyKind.PERSON or not name:
        return name
    compound = (
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "司徒",
        "夏侯",
    )
    surname = name[:2] if name[:2] in compound and len(name) > 2 else name[:1]
    return f"{surname}某"
