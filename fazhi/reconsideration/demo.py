"""Demo 行政复议 cases: the previous calendar year and this year to date at 清河县司法局.

Under the 2023 law the county government is the 行政复议机关 and its 司法局 the 行政复议机构 that handles
the cases, so the cases belong to ``qh-sfj`` (清河县司法局): the county-wide logins ``fzb`` and ``leader``
see them, ``multi`` (行政复议与应诉科副科长) registers and handles them, and numbers read 清司复〔2025〕N号.

About 270–330 applications a full year (seeded, so every build gives the same figures for the same build
day), against the county's departments and towns (公安 most) and a few organs outside the platform, with
the outcomes county reports show: ~5% 不予受理, ~2% 视为放弃, and of closed cases 维持 ~50%, 驳回 ~12%,
撤销 ~10%, 确认违法 ~7%, 变更 ~2%, 责令履行 ~3%, 调解 ~3%, 终止 ~13%; ~20% 简易程序; some 补正, hearings,
committee consultations, suspensions, extensions, 意见书.

How each case is written:

- every case still open on the build day or closed in the last :data:`SERVICE_WINDOW_DAYS` days before
  it, and every case with a 视为受理, committee consultation, suspension, extension or 意见书 (things a
  register does not record), goes through the workflow services step by step with its historical dates (registration, acceptance, copy, answer, … decision): deadlines, events,
  audit and numbering are exactly what staff would have produced. Steps dated after the build day are
  not taken, so recent cases stand open at every step, some due soon, a few overdue, and two with their
  acceptance review lapsing within days (视为受理 warning, 第三十条第三款);
- the other cases, settled earlier, are entered as a county's historical register is: through
  :func:`~fazhi.reconsideration.importing.case_import` (the Excel import's service: consistent status,
  案号 from the numbering engine, hearings, audited; 补正 and the respondent's copy and answer are not
  kept). The services cost about 70 ms a case (some 140 queries, most of them the deadline engine's and
  the audit chain's); the import about 10 ms.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fazhi.core.demo import codes as demo_codes
from fazhi.core.demo import register_demo_step
from fazhi.reconsideration import demo_data as data
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    ApplicantKind,
    Channel,
    DecisionType,
    IdType,
    MatterCategory,
    Procedure,
)
from fazhi.reconsideration.importing import case_import
from fazhi.reconsideration.services import (
    case_abandon,
    case_accept,
    case_decide,
    case_deem_accepted,
    case_extend,
    case_issue_opinion,
    case_receive_correction,
    case_record_copy_sent,
    case_record_opinion_feedback,
    case_record_respondent_answer,
    case_refuse,
    case_register,
    case_request_correction,
    case_resume,
    case_schedule_hearing,
    case_set_committee,
    case_suspend,
    case_terminate,
)
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute
from fazhi.workdays.rules import get_rule

UNIT_CODE = "qh-sfj"
HANDLER = "multi"
#: applications a full year
YEARLY = (270, 330)
#: cases closed this many days before the build day or later go through the services step by step
SERVICE_WINDOW_DAYS = 30
#: steps a historical register (the import) cannot record
SERVICE_ONLY = {"deem", "committee", "suspend", "resume", "extend", "opinion", "opinion_feedback"}
#: the demo county's (fictional) area code for identity numbers, and its neighbours'
AREAS = ("390121",) * 8 + ("390122", "390100")
#: fewer applications around the Spring Festival and in August
MONTH_WEIGHTS = (6, 6, 9, 9, 9, 9, 9, 7, 9, 8, 9, 9)

D = datetime.date
DAY = datetime.timedelta(days=1)


@dataclass
class Plan:
    """One demo case: what registration needs, and the dated steps of its procedure."""

    received_on: datetime.date
    register: dict
    steps: list[tuple[datetime.date, str, dict]] = field(default_factory=list)
    #: has an event a register cannot hold, or is one of the board's fixed scenarios: needs the services
    special: bool = False

    @property
    def needs_services(self) -> bool:
        return self.special or any(name in SERVICE_ONLY for _on, name, _args in self.steps)


class Workdays:
    def __init__(self):
        self.calendar = load_calendar()

    def is_workday(self, day: datetime.date) -> bool:
        return self.calendar.is_workday(day)

    def add(self, day: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``day`` (RULES.md §9.1)."""
        while count > 0:
            day += DAY
            if self.is_workday(day):
                count -= 1
        return day

    def back(self, day: datetime.date, count: int) -> datetime.date:
        while count > 0:
            day -= DAY
            if self.is_workday(day):
                count -= 1
        return day

    def on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.is_workday(day):
            day += DAY
        return day

    def due(self, rule_key: str, start: datetime.date) -> datetime.date:
        rule = get_rule(rule_key)
        return compute(kind=rule.kind, count=rule.count, start=start, calendar=self.calendar).due

    def between(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        days, day = [], start
        while day <= end:
            if self.is_workday(day):
                days.append(day)
            day += DAY
        return days


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _company_credit_code(rng: random.Random, division: str) -> str:
    """统一社会信用代码 of a company (9 = 工商, 1 = 企业), with a valid GB 32100 check character."""
    body = f"91{division}{demo_codes._org_code(rng)}"
    total = sum(
        demo_codes._CREDIT_CHARS.index(ch) * w for ch, w in zip(body, demo_codes._CREDIT_WEIGHTS, strict=True)
    )
    return body + demo_codes._CREDIT_CHARS[(31 - total % 31) % 31]


def _applicants(rng: random.Random) -> list[dict]:
    roll = rng.random()
    address = f"清河县{rng.choice(data.TOWNS)}{rng.choice(data.ROADS)}{rng.randint(1, 199)}号"
    if roll < 0.85:
        people = 2 if rng.random() < 0.08 else 1
        surname = rng.choice(data.SURNAMES)
        found = []
        for index in range(people):
            male = rng.random() < 0.6
            found.append(
                {
                    "kind": ApplicantKind.PERSON,
                    "name": (surname if index == 0 else rng.choice(data.SURNAMES)) + rng.choice(data.GIVEN),
                    "id_type": IdType.RESIDENT_ID,
                    "id_number": demo_codes.id_number(
                        rng, area=rng.choice(AREAS), born_between=(1950, 2003), male=male
                    ),
                    "phone": f"13800{rng.randrange(100000, 1000000)}",
                    "address": address,
                }
            )
        return found
    if roll < 0.97:
        name = f"清河县{rng.choice(data.COMPANY_WORDS)}{rng.choice(data.COMPANY_KINDS)}"
        kind = ApplicantKind.LEGAL_PERSON
    else:
        name = rng.choice(data.ORGANISATIONS).format(
            town=rng.choice(data.TOWNS),
            village=rng.choice(data.VILLAGES),
            word=rng.choice(data.COMPANY_WORDS),
        )
        kind = ApplicantKind.ORGANIZATION
    return [
        {
            "kind": kind,
            "name": name,
            "id_type": IdType.CREDIT_CODE,
            "id_number": _company_credit_code(rng, "390121"),
            "phone": f"13800{rng.randrange(100000, 1000000)}",
            "address": address,
        }
    ]


def _act(rng: random.Random, units: dict, respondent: str, category: str, knew_on: datetime.date) -> dict:
    unit = units.get(respondent)
    name = unit.name if unit else respondent
    short = unit.short_name if unit else respondent.replace("清河县", "清")[:4]
    act_name, pattern = data.ACTS[category]
    if category == MatterCategory.CONFIRMATION:
        act_name = {"qh-rsj": "不予认定工伤决定", "qh-mzj": "最低生活保障资格认定决定"}.get(
            respondent, act_name
        )
    document = pattern.format(short=short, year=knew_on.year, n=rng.randint(1, 640)) if pattern else ""
    if document:
        act = f"《{act_name}书》（{document}）"
    else:
        act = f"{act_name}（{rng.choice(data.DUTIES)}）"
    return {
        "respondent_unit": unit,
        "respondent_name": name,
        "contested_act": act,
        "act_document_number": document,
    }


def _registration(
    rng: random.Random, units: dict, received_on: datetime.date, category: str | None = None
) -> dict:
    code, _weight, categories = rng.choices(data.RESPONDENTS, weights=[r[1] for r in data.RESPONDENTS])[0]
    category = category or _weighted(rng, categories)
    knew_on = received_on - rng.randint(3, 55) * DAY
    return {
        "applicants": _applicants(rng),
        "category": category,
        "requests": rng.choice(data.REQUESTS[category]),
        "reasons": _("被申请人作出的行政行为认定事实不清、适用依据错误，请求依法审查。"),
        "channel": _weighted(rng, ((Channel.IN_PERSON, 50), (Channel.MAIL, 30), (Channel.ONLINE, 20))),
        "knew_on": knew_on,
        "agent_name": rng.choice(data.AGENTS) if rng.random() < 0.25 else "",
        **_act(rng, units, code, category, knew_on),
    }


def _plan_case(rng: random.Random, wd: Workdays, units: dict, received_on: datetime.date) -> Plan:
    """A case with its whole procedure; the executor takes only the steps dated up to the build day."""
    roll = rng.random()
    decision = _weighted(rng, data.DECISIONS)
    category = MatterCategory.INACTION if decision == DecisionType.ORDER_PERFORM else None
    plan = Plan(received_on, _registration(rng, units, received_on, category))
    category = plan.register["category"]
    steps = plan.steps
    busy = False  # a hearing, suspension or extension comes before the end
    if roll < 0.05:  # 不予受理 within the review (第三十条第二款)
        reason, organ = rng.choice(data.REFUSAL_REASONS)
        steps.append(
            (wd.add(received_on, rng.randint(1, 5)), "refuse", {"reason": reason, "competent_organ": organ})
        )
        return plan
    corrected = roll < 0.07 + 0.08  # 2% end in 视为放弃, 8% more are corrected and go on
    if corrected:
        asked = wd.add(received_on, rng.randint(1, 3))
        steps.append(
            (asked, "correction", {"items": rng.choice(data.CORRECTION_ITEMS), "notice_received_on": asked})
        )
        if roll < 0.07:  # 视为放弃申请 (第三十一条第二款)
            lapsed = wd.due(rules.CORRECTION, asked)
            steps.append((lapsed + rng.randint(1, 6) * DAY, "abandon", {}))
            return plan
        received_again = wd.add(asked, rng.randint(2, 8))
        steps.append((received_again, "correction_received", {}))
        review_from = received_again
    else:
        review_from = received_on
    simple = category in (MatterCategory.PENALTY, MatterCategory.DISCLOSURE) and rng.random() < 0.33
    plan.register["procedure"] = Procedure.SIMPLE if simple else Procedure.ORDINARY
    if rng.random() < 0.01:  # nobody decided within the window: 视为受理 (第三十条第三款)
        accepted = wd.due(rules.ACCEPTANCE, review_from)
        steps.append((accepted + DAY, "deem", {}))
    else:
        accepted = wd.add(review_from, rng.randint(1, 5))
        steps.append((accepted, "accept", {}))
    copy = wd.add(accepted, rng.randint(1, 2 if simple else 5))
    answer = wd.add(copy, rng.randint(2, 5) if simple else rng.randint(4, 10))
    steps.append((copy, "copy", {"received_on": copy}))
    steps.append((answer, "answer", {}))
    if simple:
        closing = accepted + rng.randint(12, 28) * DAY
    elif rng.random() < 0.03:  # decided after the 60 days without an extension: 超期结案
        closing = accepted + rng.randint(62, 75) * DAY
    else:
        closing = accepted + rng.randint(30, 58) * DAY
    closing = max(wd.on_or_after(closing), wd.add(answer, 1))
    if not simple:
        if rng.random() < 0.05:  # 听证 (第五十条): notice five working days ahead (第五十一条)
            notice = wd.add(answer, rng.randint(2, 4))
            hearing = wd.add(notice, 5 + rng.randint(0, 3))
            steps.append(
                (notice, "hearing", {"hearing_on": hearing, "place": rng.choice(data.HEARING_PLACES)})
            )
            closing = max(closing, wd.add(hearing, 3))
            busy = True
        if rng.random() < 0.04:  # 行政复议委员会 (第五十二条)
            steps.append((wd.add(answer, 1), "committee", {}))
        if rng.random() < 0.03:  # 中止 and 恢复 (第三十九条)
            suspended = wd.on_or_after(accepted + rng.randint(15, 25) * DAY)
            resumed = wd.on_or_after(suspended + rng.randint(10, 35) * DAY)
            steps.append((suspended, "suspend", {"ground": rng.choice(data.SUSPENSIONS)}))
            steps.append((resumed, "resume", {}))
            closing = max(closing + (resumed - suspended), wd.add(resumed, 2))
            busy = True
        elif rng.random() < 0.06:  # 延期 (第六十二条)
            extended = wd.on_or_after(accepted + rng.randint(45, 54) * DAY)
            steps.append((extended, "extend", {"days": 30}))
            closing = max(closing, wd.on_or_after(accepted + rng.randint(62, 86) * DAY))
            busy = True
    if decision == DecisionType.TERMINATE:
        ground = _weighted(rng, data.TERMINATIONS)
        on = wd.on_or_after(max(accepted + rng.randint(8, 40) * DAY, answer))
        steps.append((closing if busy else on, "terminate", {"ground": ground}))
    else:
        steps.append((closing, "decide", {"decision_type": decision}))
        if decision in (DecisionType.REVOKE, DecisionType.CONFIRM_ILLEGAL) and rng.random() < 0.2:
            issued = wd.add(closing, rng.randint(2, 8))  # 意见书 (第七十六条)
            steps.append((issued, "opinion", {}))
            steps.append((issued + rng.randint(20, 55) * DAY, "opinion_feedback", {}))
    steps.sort(key=lambda step: step[0])
    return plan


def _scenario_plans(rng: random.Random, wd: Workdays, units: dict, today: datetime.date) -> list[Plan]:
    """Open cases the board must show whatever the build day: two whose acceptance review lapses within
    days, two overdue decisions, one decision due within three working days."""
    plans = []
    horizon = wd.add(today, 3)
    lapsing = [wd.back(today, back) for back in range(1, 6)]
    for received in [day for day in lapsing if today < wd.due(rules.ACCEPTANCE, day) <= horizon][:2]:
        # 受理审查 ends within three working days: the 视为受理 warning (第三十条第三款)
        plans.append(Plan(received, {**_registration(rng, units, received), "procedure": Procedure.ORDINARY}))
    for days in (80, 95):  # answered long ago, no decision: overdue (第六十二条)
        received = wd.on_or_after(today - days * DAY)
        accepted = wd.add(received, 2)
        plan = Plan(received, {**_registration(rng, units, received), "procedure": Procedure.ORDINARY})
        plan.steps = [
            (accepted, "accept", {}),
            (wd.add(accepted, 3), "copy", {"received_on": wd.add(accepted, 3)}),
        ]
        plan.steps.append((wd.add(accepted, 10), "answer", {}))
        plans.append(plan)
    for offset in range(50, 70):  # the acceptance day whose 60 days end within the next three working days
        accepted = today - offset * DAY
        if wd.is_workday(accepted) and today < wd.due(rules.DECISION, accepted) <= horizon:
            received = wd.back(accepted, 2)
            plan = Plan(received, {**_registration(rng, units, received), "procedure": Procedure.ORDINARY})
            copy = wd.add(accepted, 2)
            plan.steps = [(accepted, "accept", {}), (copy, "copy", {"received_on": copy})]
            plan.steps.append((wd.add(copy, 6), "answer", {}))
            plans.append(plan)
            break
    for plan in plans:
        plan.special = True
    return plans


def _received_days(rng: random.Random, wd: Workdays, start: datetime.date, end: datetime.date, count: int):
    days = wd.between(start, end)
    if not days or count <= 0:
        return []
    weights = [MONTH_WEIGHTS[day.month - 1] for day in days]
    return sorted(rng.choices(days, weights=weights, k=count))


def plan_cases(rng: random.Random, units: dict, today: datetime.date) -> list[Plan]:
    """Every demo case, ordered by the day it was received (so 案号 follow that order)."""
    wd = Workdays()
    yearly = rng.randint(*YEARLY)
    last_year = D(today.year - 1, 1, 1), D(today.year - 1, 12, 31)
    this_year = D(today.year, 1, 1), today
    share = len(wd.between(*this_year)) / max(len(wd.between(D(today.year, 1, 1), D(today.year, 12, 31))), 1)
    days = _received_days(rng, wd, *last_year, yearly) + _received_days(
        rng, wd, *this_year, round(yearly * share)
    )
    plans = [_plan_case(rng, wd, units, day) for day in days]
    plans += _scenario_plans(rng, wd, units, today)
    return sorted(plans, key=lambda plan: plan.received_on)


# --- writing the cases ------------------------------------------------------------------------------


def _summary(plan: Plan) -> dict:
    """The outcome columns of a finished plain case (for the import)."""
    values: dict = {}
    for on, name, args in plan.steps:
        if name == "accept":
            values["accepted_on"] = on
        elif name == "refuse":
            values.update(refused_on=on, refusal_reason=args["reason"])
        elif name == "decide":
            values.update(
                decision_type=args["decision_type"],
                decided_on=on,
                closed_on=on,
                decision_approver=data.DECISION_APPROVERS[0],
            )
        elif name == "terminate":
            values.update(
                decision_type=DecisionType.TERMINATE, termination_ground=args["ground"], closed_on=on
            )
        elif name == "abandon":
            values["abandoned_on"] = on
        elif name == "hearing":
            values["hearing_on"] = args["hearing_on"]
    return values


def _import(context, plan: Plan, unit, actor, handler) -> None:
    register = plan.register
    case_import(
        actor=actor,
        unit=unit,
        received_on=plan.received_on,
        handler=handler,
        today=context.today,
        note=_("演示数据：历史案件"),
        **register,
        **_summary(plan),
    )


def _run(context, plan: Plan, unit, actor, handler) -> None:
    case = case_register(
        actor=actor, unit=unit, received_on=plan.received_on, handler=handler, **plan.register
    ).case
    for on, name, args in plan.steps:
        if on > context.today:
            break
        if name == "accept":
            case = case_accept(actor=actor, case=case, on=on)
        elif name == "refuse":
            case = case_refuse(actor=actor, case=case, on=on, **args)
        elif name == "correction":
            case = case_request_correction(actor=actor, case=case, on=on, **args)
        elif name == "correction_received":
            case = case_receive_correction(actor=actor, case=case, on=on)
        elif name == "abandon":
            case = case_abandon(actor=actor, case=case, on=on)
        elif name == "deem":
            case = case_deem_accepted(actor=actor, case=case, today=on)
        elif name == "copy":
            case = case_record_copy_sent(actor=actor, case=case, on=on, **args)
        elif name == "answer":
            case = case_record_respondent_answer(actor=actor, case=case, on=on)
        elif name == "hearing":
            case_schedule_hearing(
                actor=actor,
                case=case,
                notice_on=on,
                minutes=_("双方陈述意见并质证，听证笔录已签字确认。")
                if args["hearing_on"] <= context.today
                else "",
                **args,
            )
        elif name == "committee":
            case = case_set_committee(actor=actor, case=case, consulted=True)
        elif name == "suspend":
            case = case_suspend(actor=actor, case=case, on=on, **args)
        elif name == "resume":
            case = case_resume(actor=actor, case=case, on=on)
        elif name == "extend":
            case = case_extend(
                actor=actor,
                case=case,
                on=on,
                approver=data.OFFICE_HEAD,
                reason=_("案情复杂，需要进一步调查取证"),
                **args,
            )
        elif name == "decide":
            case = case_decide(
                actor=actor, case=case, decided_on=on, approver=data.DECISION_APPROVERS[0], **args
            )
        elif name == "terminate":
            case = case_terminate(actor=actor, case=case, on=on, **args)
        elif name == "opinion":
            case_issue_opinion(actor=actor, case=case, on=on, note=_("建议被申请人规范案件调查取证程序"))
        elif name == "opinion_feedback":
            case_record_opinion_feedback(actor=actor, case=case, on=on, note=_("已组织整改并书面反馈"))


def build_reconsideration_cases(context) -> None:
    unit = context.unit(UNIT_CODE)
    actor = handler = context.user(HANDLER)
    window = context.today - SERVICE_WINDOW_DAYS * DAY
    for plan in plan_cases(context.rng, context.units, context.today):
        finished = plan.steps and plan.steps[-1][1] in ("decide", "terminate", "refuse", "abandon")
        if not plan.needs_services and finished and plan.steps[-1][0] < window:
            _import(context, plan, unit, actor, handler)
        else:
            _run(context, plan, unit, actor, handler)


register_demo_step("reconsideration.cases", 200, build_reconsideration_cases)
