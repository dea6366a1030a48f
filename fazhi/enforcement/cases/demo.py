"""Demo 行政执法案件: about 20,000 cases a year for 清河县 — the previous calendar year in full and this year to
date — with their officers, 全过程记录, 法制审核 and 公示, consistent with the build day.

Each case is planned as a whole timeline (立案 → 告知 → 听证 → 法制审核 → 决定 → 送达 → 执行 → 结案, 公示 and a
rare 撤回) and then cut at the build day: what lies after it has not happened yet, so recent cases stand in
every state and old ones are closed. The rules are the module's own: 决定期限 90 日 from 立案 (处罚法 第六十条),
听证申请 5 个工作日 (第六十四条), 公示 7 or 20 个工作日 (国办发〔2018〕118号), 撤回 3 个工作日 (第四十八条,
第八十五条) — each counted through the calendar engine (``fazhi.workdays``), once per distinct start day; the
officers hold a usable 行政执法证 on the filing day (第四十二条: two per case); a fine lies within the chosen
裁量基准's band (and within 第五十一条's limits for 当场处罚); the 全过程记录 meet the checklist of
``rules.required_records`` (第四十七条) for the stages reached.

Written in bulk: rows are converted column by column and inserted with one ``executemany`` per table (the
ORM's ``bulk_create`` would convert every value of 40,000 wide rows one by one), the case numbers are entered
in the numbering register as ``number_issue`` would have (same template, per-year sequences advanced so the
next case registered gets the next number), and one audit event per department records the import
(“导入历史执法案件 N 件”) instead of one per case. Deterministic: the same rows for the same build day.
"""

from __future__ import annotations

import datetime
import functools
import json
import random
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.demo import codes as demo_codes
from fazhi.core.demo import register_demo_step
from fazhi.core.services.audit import audit_record_bulk
from fazhi.enforcement.cases import demo_cases_data as data
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases.choices import (
    CaseStatus,
    DecisionKind,
    ExecutionManner,
    ItemKind,
    ItemStatus,
    OfficerRole,
    PartyKind,
    PenaltyKind,
    Procedure,
    RecordForm,
    ReviewResult,
    Severity,
    Stage,
)
from fazhi.enforcement.cases.doc_types import CASE_NUMBER
from fazhi.enforcement.cases.models import (
    CaseOfficer,
    CaseRecord,
    DiscretionStandard,
    EnforcementCase,
    EnforcementItem,
    LegalReview,
)
from fazhi.enforcement.choices import CertificateKind, CertificateStatus, OfficerStatus
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate
from fazhi.numbering.formats import render_number
from fazhi.numbering.models import IssuedNumber, NumberSequence
from fazhi.numbering.selectors import effective_template
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import EventKind
from fazhi.workdays.counting import ClockEvent, compute
from fazhi.workdays.rules import get_rule

#: this year's volume against last year's (a slight rise)
GROWTH = 1.04
#: 处罚法 第五十一条: 当场处罚 only up to these fines (公民 / 法人或者其他组织)
SUMMARY_LIMIT = {PartyKind.PERSON: Decimal(200), "other": Decimal(3000)}
#: shares of the less common outcomes and events (of ordinary-procedure cases unless said otherwise)
P_DROPPED = 0.02
P_TRANSFER = 0.0016  # ≈ 20 移送司法机关 a year at 20,000 cases
P_NO_PENALTY = 0.02  # besides the 不予处罚 band
P_MAJOR = 0.012  # besides the cases that went through a hearing (≈ 3 % in all)
P_EXTENSION = 0.02
P_LATE = 0.01
P_PUBLISHED_LATE = 0.04
P_WITHDRAWN = 0.003
SEVERITY_WEIGHTS = {Severity.EXEMPT: 4, Severity.LIGHTER: 25, Severity.ORDINARY: 60, Severity.HEAVIER: 11}

D = datetime.date
#: the first words of each penalty kind's label, for the public summary (警告 / 罚款 / 暂扣许可证件 …)
_PENALTY_WORDS = {str(k): str(k.label).split("、")[0] for k in PenaltyKind}
DAY = datetime.timedelta(days=1)


class _Clock:
    """The periods the cases need, through the calendar engine, computed once per start day."""

    def __init__(self):
        self.calendar = load_calendar()
        self._due: dict[tuple[str, datetime.date], datetime.date] = {}

    def due(self, rule_key: str, start: datetime.date) -> datetime.date:
        found = self._due.get((rule_key, start))
        if found is None:
            rule = get_rule(rule_key)
            found = compute(kind=rule.kind, count=rule.count, start=start, calendar=self.calendar).due
            self._due[(rule_key, start)] = found
        return found

    def decision_due(self, filed_on: datetime.date, extension: int = 0) -> datetime.date:
        if not extension:
            return self.due(rules.DECISION, filed_on)
        rule = get_rule(rules.DECISION)
        events = [ClockEvent(kind=EventKind.EXTEND, on=filed_on, days=extension)]
        return compute(
            kind=rule.kind, count=rule.count, start=filed_on, calendar=self.calendar, events=events
        ).due

    def workday_on_or_after(self, day: datetime.date) -> datetime.date:
        while not self.calendar.is_workday(day):
            day += DAY
        return day


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _hash(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _fine(rng: random.Random, low: Decimal | None, high: Decimal) -> Decimal:
    """A round amount within [low, high]: to the hundred above 2,000 yuan, to ten below."""
    low = low or Decimal(0)
    step = 100 if high >= 2000 else 10
    first, last = int(-(-low // step)), int(high // step)
    if last < first:
        return high
    value = Decimal(rng.randint(max(first, 1 if low == 0 else first), max(last, 1)) * step)
    return min(max(value, low), high)


class _Source:
    """What the cases are drawn from: the bodies with active penalty items, their standards, and the officers
    holding a valid 行政执法证 (by body, sorted by issue day)."""

    def __init__(self, county):
        bodies = list(
            EnforcementBody.objects.filter(unit__path__startswith=county.path)
            .select_related("unit")
            .order_by("sort_order", "name")
        )
        items = defaultdict(list)
        for item in EnforcementItem.objects.filter(
            body__in=bodies, status=ItemStatus.ACTIVE, kind=ItemKind.PENALTY
        ).order_by("code"):
            items[item.body_id].append(item)
        self.standards = defaultdict(list)
        for standard in DiscretionStandard.objects.filter(
            item__body__in=bodies, item__status=ItemStatus.ACTIVE, active=True
        ).order_by("code"):
            self.standards[standard.item_id].append(standard)
        self.cards = defaultdict(list)
        rows = (
            EnforcementCertificate.objects.filter(
                kind=CertificateKind.ENFORCEMENT,
                status=CertificateStatus.VALID,
                officer__status=OfficerStatus.ACTIVE,
                officer__body__in=bodies,
                issued_on__isnull=False,
                review_due_on__isnull=False,
            )
            .exclude(number="")
            .order_by("issued_on", "number")
            .values_list(
                "officer_id", "officer__body_id", "number", "issued_on", "expires_on", "review_due_on"
            )
        )
        for officer_id, body_id, number, issued_on, expires_on, review_due_on in rows:
            self.cards[body_id].append((issued_on, min(expires_on, review_due_on), officer_id, number))
        #: bodies that can take cases: items to pick from and at least two certified officers
        self.bodies = [b for b in bodies if items.get(b.pk) and len(self.cards.get(b.pk, ())) >= 2]
        self.items = items

    def officers(self, rng: random.Random, body, on: datetime.date, count: int) -> list[tuple]:
        """``count`` officers of ``body`` whose card is usable on ``on`` (处罚法 第四十二条), or fewer."""
        usable = [c for c in self.cards[body.pk] if c[0] <= on <= c[1]]
        return rng.sample(usable, min(count, len(usable)))


def _filing_days(clock: _Clock, start: datetime.date, end: datetime.date) -> tuple[list, list]:
    """The days of [start, end] with their weight: working days by the month's weight, rest days a little."""
    days, weights, day = [], [], start
    while day <= end:
        days.append(day)
        weight = data.MONTH_WEIGHTS[day.month - 1]
        weights.append(weight if clock.calendar.is_workday(day) else weight * 0.12)
        day += DAY
    return days, weights


class _Builder:
    def __init__(self, context, source: _Source, clock: _Clock):
        self.rng, self.today, self.actor = context.rng, context.today, context.actor
        self.source, self.clock = source, clock
        self.cases: list[dict] = []
        self.officers: list[dict] = []
        self.records: list[dict] = []
        self.reviews: list[dict] = []
        rng = self.rng
        self.companies = {}  # unit code → a pool of (name, code, address): repeat parties are common
        self.people = [
            (
                data.person_name(rng),
                data_id_number(rng),
                f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                data.address(rng),
            )
            for _ in range(4000)
        ]

    # --- parties ----------------------------------------------------------------------------------------

    def party(self, unit_code: str, person: bool) -> dict:
        rng = self.rng
        if person:
            name, number, phone, addr = rng.choice(self.people)
            return {
                "party_kind": PartyKind.PERSON,
                "party_name": name,
                "party_id_number": number,
                "party_phone": phone,
                "party_address": addr,
            }
        pool = self.companies.get(unit_code)
        if pool is None:
            pool = self.companies[unit_code] = [
                (data.company_name(rng, unit_code), data.company_code(rng), data.address(rng))
                for _ in range(600)
            ]
        name, code, addr = rng.choice(pool)
        return {
            "party_kind": PartyKind.LEGAL_PERSON if "公司" in name else PartyKind.ORGANIZATION,
            "party_name": name,
            "party_id_number": code,
            "party_phone": f"0{rng.randint(510, 599)}-{rng.randrange(10**7):07d}"
            if rng.random() < 0.5
            else "",
            "party_address": addr,
        }

    # --- one case -------------------------------------------------------------------------------------

    def case(self, body, filed_on: datetime.date) -> None:
        rng, clock, unit = self.rng, self.clock, body.unit
        code = unit.code
        town = unit.kind == "town"
        item = rng.choice(self.source.items[body.pk])
        standards = self.source.standards.get(item.pk, [])
        standard = (
            rng.choices(standards, weights=[SEVERITY_WEIGHTS.get(s.severity, 10) for s in standards])[0]
            if standards
            else None
        )
        person_share = (
            data.TOWN_PERSON_SHARE if town else data.PERSON_SHARE.get(code, data.DEFAULT_PERSON_SHARE)
        )
        party = self.party(code, rng.random() < person_share)
        summary_share = data.TOWN_SUMMARY if town else data.SUMMARY.get(code, data.DEFAULT_SUMMARY)
        limit = SUMMARY_LIMIT.get(party["party_kind"], SUMMARY_LIMIT["other"])
        summary = (
            rng.random() < summary_share
            and (standard is None or standard.severity != Severity.EXEMPT)
            and (standard is None or standard.fine_min is None or standard.fine_min <= limit)
        )
        title = data.title_of(item.name)
        case = {
            "id": _uuid(rng),
            "unit_id": unit.pk,
            "body_id": body.pk,
            "item_id": item.pk,
            "standard_id": standard.pk if standard else None,
            "procedure": Procedure.SUMMARY if summary else Procedure.ORDINARY,
            "source": rng.choices(*zip(*data.SOURCES, strict=True))[0] if not summary else "inspection",
            "title": title,
            "filed_on": filed_on,
            "decision_due_on": clock.decision_due(filed_on),
            **party,
        }
        case["facts"] = (
            f"经查，当事人{party['party_name']}存在{title}的行为，违反了{item.legal_basis.split('；')[0]}的规定。"
        )
        case["_unit"], case["_item"], case["_standard"] = unit, item, standard
        if summary:
            self._summary(case, standard, limit)
        else:
            self._ordinary(case, standard)
        self._cut(case)
        team = self.source.officers(rng, body, filed_on, 3 if not summary and rng.random() < 0.05 else 2)
        for index, (_issued, _until, officer_id, number) in enumerate(team):
            self.officers.append(
                {
                    "id": _uuid(rng),
                    "unit_id": unit.pk,
                    "case_id": case["id"],
                    "officer_id": officer_id,
                    "role": OfficerRole.LEAD if index == 0 else OfficerRole.ASSIST,
                    "certificate_number": number,
                }
            )
        self.cases.append(case)

    def _penalty(self, case: dict, standard, limit: Decimal | None) -> None:
        """Penalty kinds and fine from the standard's band (capped at the 当场处罚 limit when given)."""
        rng = self.rng
        if standard is not None and standard.fine_max is not None:
            high = standard.fine_max if limit is None else min(standard.fine_max, limit)
            case["fine_amount"] = _fine(rng, standard.fine_min, high)
            kinds = [PenaltyKind.FINE]
            if rng.random() < 0.2:
                kinds.insert(0, PenaltyKind.WARNING)
            if limit is None and standard.severity == Severity.HEAVIER and rng.random() < 0.15:
                kinds.append(rng.choice((PenaltyKind.QUALIFICATION, PenaltyKind.RESTRICTION)))
        else:
            case["fine_amount"] = None
            kinds = [PenaltyKind.WARNING]
        case["penalty_kinds"] = [str(k) for k in kinds]

    def _summary(self, case: dict, standard, limit: Decimal) -> None:
        """当场处罚 (第五十一条): decided, served and mostly paid on the spot (or at the bank within 15 days)."""
        rng, filed = self.rng, case["filed_on"]
        case["found_on"] = filed
        case["decision_kind"] = DecisionKind.PENALTY
        self._penalty(case, standard, limit)
        case["decided_on"] = case["served_on"] = filed
        if case["fine_amount"]:
            case["execution_manner"] = ExecutionManner.VOLUNTARY
            case["executed_on"] = filed + _days(rng, 0, 14)
            case["closed_on"] = case["executed_on"] + _days(rng, 0, 5)
        else:
            case["execution_manner"] = ExecutionManner.NONE
            case["closed_on"] = filed + _days(rng, 0, 3)
        self._publication(case)
        self._records_summary(case)

    def _ordinary(self, case: dict, standard) -> None:
        rng, clock, filed = self.rng, self.clock, self.case_filed(case)
        case["found_on"] = filed - _days(rng, 0, 12)
        roll = rng.random()
        if roll < P_DROPPED:
            ended = filed + _days(rng, 10, 60)
            case["_dropped_on"] = ended
            case["dropped_reason"] = rng.choice(data.DROPPED_REASONS)
            self._records_ordinary(case, until=ended)
            return
        if roll < P_DROPPED + P_TRANSFER and case["_unit"].kind != "town":
            decided = clock.workday_on_or_after(filed + _days(rng, 15, 60))
            case.update(
                decision_kind=DecisionKind.TRANSFER,
                decided_on=decided,
                decision_approver=rng.choice(data.APPROVERS),
                closed_on=decided + _days(rng, 1, 10),
                facts=case["facts"] + f"因{rng.choice(data.OFFENCES)}，依法移送司法机关。",
            )
            self._records_ordinary(case)
            return
        exempt = standard is not None and standard.severity == Severity.EXEMPT
        kind = DecisionKind.NO_PENALTY if exempt or rng.random() < P_NO_PENALTY else DecisionKind.PENALTY
        case["decision_kind"] = kind
        if kind == DecisionKind.PENALTY:
            self._penalty(case, standard, None)
        notified = clock.workday_on_or_after(filed + _days(rng, 12, 45))
        case["notified_on"] = notified
        case["hearing_request_until"] = until = clock.due(rules.HEARING_REQUEST, notified)
        case["statement_received"] = rng.random() < 0.25
        ready = until
        heavy = (case.get("fine_amount") or 0) >= 10000 or len(case.get("penalty_kinds", ())) > 2
        if kind == DecisionKind.PENALTY and rng.random() < (0.07 if heavy else 0.002):
            case["hearing_requested_on"] = requested = notified + _days(rng, 1, (until - notified).days)
            case["hearing_on"] = ready = clock.workday_on_or_after(requested + _days(rng, 12, 20))
        grounds = []
        if case.get("hearing_on"):
            grounds = [data.MAJOR_GROUNDS[1][0]]
        elif rng.random() < P_MAJOR:
            grounds = [str(g) for g in rng.choice(data.MAJOR_GROUNDS)]
        if grounds:
            case["is_major"], case["major_grounds"] = True, [str(g) for g in grounds]
            ready = self._reviews(case, ready)
        extension = 30 if rng.random() < P_EXTENSION else 0
        if extension:
            case["extension_days"] = extension
            case["extension_reason"] = rng.choice(data.EXTENSION_REASONS)
            case["extension_approver"] = rng.choice(data.APPROVERS)
            case["decision_due_on"] = clock.decision_due(filed, extension)
        due = case["decision_due_on"]
        decided = ready + _days(rng, 1, 15)
        if rng.random() < P_LATE:
            decided = due + _days(rng, 1, 20)
        elif decided > due:
            decided = max(ready + DAY, due - _days(rng, 0, 3))
        decided = clock.workday_on_or_after(decided)
        case.update(
            decided_on=decided,
            decided_late=decided > due,
            decision_approver=rng.choice(data.APPROVERS),
            served_on=decided + _days(rng, 0, 6),
        )
        served = case["served_on"]
        if case.get("fine_amount"):
            manner = rng.choices(
                (ExecutionManner.VOLUNTARY, ExecutionManner.COMPELLED, ExecutionManner.COURT), (94, 2, 4)
            )[0]
            case["execution_manner"] = manner
            after = {ExecutionManner.VOLUNTARY: (3, 15), ExecutionManner.COMPELLED: (30, 60)}.get(
                manner, (100, 200)
            )
            case["executed_on"] = served + _days(rng, *after)
            case["closed_on"] = case["executed_on"] + _days(rng, 1, 20)
        else:
            case["execution_manner"] = ExecutionManner.NONE
            case["closed_on"] = served + _days(rng, 1, 20)
        self._publication(case)
        self._records_ordinary(case)

    @staticmethod
    def case_filed(case: dict) -> datetime.date:
        return case["filed_on"]

    def _reviews(self, case: dict, ready: datetime.date) -> datetime.date:
        """法制审核 (第五十八条) before the decision: mostly passed at once, some returned first."""
        rng = self.rng
        submitted = ready + _days(rng, 1, 5)
        rounds = (
            [ReviewResult.RETURNED, ReviewResult.PASSED] if rng.random() < 0.08 else [ReviewResult.PASSED]
        )
        for result in rounds:
            reviewed = submitted + _days(rng, 2, 7)
            self.reviews.append(
                {
                    "id": _uuid(rng),
                    "unit_id": case["unit_id"],
                    "case_id": case["id"],
                    "submitted_on": submitted,
                    "reviewer_name": data.person_name(rng),
                    "reviewer_qualified": rng.random() < 0.95,
                    "result": result,
                    "opinion": rng.choice(
                        data.REVIEW_OPINIONS_PASSED
                        if result == ReviewResult.PASSED
                        else data.REVIEW_OPINIONS_RETURNED
                    ),
                    "reviewed_on": reviewed,
                }
            )
            if result == ReviewResult.PASSED:
                self._record(case, Stage.REVIEW, "法制审核意见书", reviewed)
            submitted = reviewed + _days(rng, 10, 20)
        return reviewed

    def _publication(self, case: dict) -> None:
        """公示 within 7 (处罚) or 20 (other decisions) working days (国办发〔2018〕118号); mostly on time."""
        rng, clock = self.rng, self.clock
        kind = case.get("decision_kind")
        if kind == DecisionKind.TRANSFER or not kind:
            return
        rule = rules.PUBLICATION_PENALTY if kind == DecisionKind.PENALTY else rules.PUBLICATION_OTHER
        decided = case["decided_on"]
        due = case["publication_due_on"] = clock.due(rule, decided)
        if rng.random() < P_PUBLISHED_LATE:
            published = due + _days(rng, 1, 15)
        else:
            published = decided + _days(rng, 1, max(1, (due - decided).days))
        case["published_on"] = published
        masked = rules.masked_party(case["party_name"], case["party_kind"])
        if kind == DecisionKind.PENALTY:
            outcome = "、".join(
                f"罚款{case['fine_amount']:,.0f}元"
                if k == PenaltyKind.FINE and case.get("fine_amount")
                else _PENALTY_WORDS[k]
                for k in case["penalty_kinds"]
            )
            case["public_summary"] = f"当事人{masked}{case['title']}，依法给予{outcome}。"
        else:
            case["public_summary"] = (
                f"当事人{masked}{case['title']}，违法行为轻微并及时改正，依法不予行政处罚。"
            )
        if rng.random() < P_WITHDRAWN:
            changed = published + _days(rng, 30, 200)
            case["_changed_on"] = changed
            case["withdrawal_due_on"] = clock.due(rules.WITHDRAWAL, changed)
            case["withdrawn_on"] = changed + _days(rng, 0, 2)
            case["withdrawal_reason"] = rng.choice(data.WITHDRAWAL_REASONS)

    # --- 全过程记录 ------------------------------------------------------------------------------------

    def _record(self, case: dict, stage: str, kind: str, made_on: datetime.date, *, av: bool = False) -> None:
        rng = self.rng
        self.records.append(
            {
                "id": _uuid(rng),
                "unit_id": case["unit_id"],
                "case_id": case["id"],
                "stage": stage,
                "kind": kind,
                "form": RecordForm.AUDIO_VIDEO if av else RecordForm.TEXT,
                "made_on": made_on,
                "sha256": _hash(rng),
                "storage_ref": (
                    f"执法记录仪数据管理系统/{made_on:%Y/%m}/{rng.getrandbits(40):010x}.mp4"
                    if av
                    else f"纸质卷宗，第{rng.randint(1, 60)}页"
                ),
            }
        )

    def _records_summary(self, case: dict) -> None:
        self._record(case, Stage.DECISION, "当场行政处罚决定书", case["decided_on"])
        if self.rng.random() < 0.5:
            self._record(case, Stage.DECISION, "音像记录", case["decided_on"], av=True)
        if case.get("executed_on"):
            self._record(case, Stage.EXECUTION, "罚没款缴纳凭证", case["executed_on"])

    def _records_ordinary(self, case: dict, until: datetime.date | None = None) -> None:
        rng, filed = self.rng, case["filed_on"]
        self._record(case, Stage.START, "立案审批表", filed)
        seen = filed + _days(rng, 0, 10)
        if until is None or seen <= until:
            self._record(case, Stage.INVESTIGATION, rng.choice(("现场检查（勘验）笔录", "询问笔录")), seen)
            if rng.random() < 0.4:
                self._record(case, Stage.INVESTIGATION, "音像记录", seen, av=True)
        if until is not None:
            return
        if case.get("notified_on"):
            self._record(case, Stage.DECISION, "行政处罚事先告知书", case["notified_on"])
        if case.get("hearing_on"):
            self._record(case, Stage.DECISION, "听证笔录", case["hearing_on"])
        kind = case.get("decision_kind")
        document = {
            DecisionKind.PENALTY: "行政处罚决定书",
            DecisionKind.NO_PENALTY: "不予行政处罚决定书",
        }.get(kind, "处理决定书")
        self._record(case, Stage.DECISION, document, case["decided_on"])
        if case.get("served_on"):
            self._record(
                case, Stage.SERVICE, rng.choice(("送达回证", "送达回证", "邮寄送达凭证")), case["served_on"]
            )
        if case.get("executed_on"):
            self._record(
                case,
                Stage.EXECUTION,
                "罚没款缴纳凭证" if case["execution_manner"] == ExecutionManner.VOLUNTARY else "执行记录",
                case["executed_on"],
            )

    # --- the build day cuts the timeline -----------------------------------------------------------------

    def _cut(self, case: dict) -> None:
        """Forget what happens after the build day and set the status the case has reached by then."""
        today = self.today

        def happened(key: str) -> bool:
            value = case.get(key)
            return value is not None and value <= today

        for key in (
            "notified_on",
            "hearing_requested_on",
            "served_on",
            "executed_on",
            "closed_on",
            "published_on",
            "withdrawn_on",
        ):
            if case.get(key) is not None and case[key] > today:
                if key == "notified_on":
                    case.pop("hearing_request_until", None)
                if key == "hearing_requested_on":
                    case.pop("hearing_on", None)
                case.pop(key)
        changed_on = case.pop("_changed_on", None)
        if changed_on is None or changed_on > today or not happened("published_on"):
            for key in ("withdrawal_due_on", "withdrawn_on", "withdrawal_reason"):
                case.pop(key, None)
        elif not happened("withdrawn_on"):
            case.pop("withdrawal_reason", None)
        if not case.get("executed_on") and case.get("execution_manner") in (
            ExecutionManner.VOLUNTARY,
            ExecutionManner.NONE,
        ):
            case.pop("execution_manner")
        dropped_on = case.pop("_dropped_on", None)
        if not happened("decided_on"):
            for key in (
                "decided_on",
                "decision_kind",
                "penalty_kinds",
                "fine_amount",
                "decided_late",
                "decision_approver",
                "publication_due_on",
                "public_summary",
                "served_on",
                "execution_manner",
                "executed_on",
                "closed_on",
            ):
                case.pop(key, None)
        if dropped_on is not None and dropped_on <= today:
            case["status"] = CaseStatus.DROPPED
            case["closed_on"] = dropped_on
        elif happened("closed_on"):
            case["status"] = CaseStatus.CLOSED
        elif happened("executed_on"):
            case["status"] = CaseStatus.EXECUTED
        elif happened("served_on"):
            case["status"] = CaseStatus.SERVED
        elif happened("decided_on"):
            case["status"] = CaseStatus.DECIDED
        elif case.get("is_major") and any(
            r["case_id"] == case["id"] and r["submitted_on"] <= today for r in self.reviews[-2:]
        ):
            case["status"] = CaseStatus.LEGAL_REVIEW
        elif happened("hearing_requested_on"):
            case["status"] = CaseStatus.HEARING
        elif happened("notified_on"):
            case["status"] = CaseStatus.NOTIFIED
        else:
            case["status"] = CaseStatus.FILED
        if dropped_on is not None and dropped_on > today:
            case.pop("dropped_reason", None)
        # the records and reviews of what has not happened yet (this case's are the last ones)
        mine, n = case["id"], 0
        while n < len(self.records) and self.records[-1 - n]["case_id"] == mine:
            n += 1
        if n:
            tail = self.records[-n:]
            del self.records[-n:]
            self.records.extend(r for r in tail if r["made_on"] <= today)
        for review in self.reviews[-2:]:
            if review["case_id"] != mine:
                continue
            if review["submitted_on"] > today:
                self.reviews.remove(review)
            elif review["reviewed_on"] > today:
                review.update(result=ReviewResult.PENDING, reviewed_on=None, opinion="")


def data_id_number(rng: random.Random) -> str:
    return demo_codes.id_number(rng, area="390121", born_between=(1955, 2004), male=rng.random() < 0.72)


# --- writing ----------------------------------------------------------------------------------------------


def insert_rows(model: type[models.Model], rows: list[dict], *, batch_size: int = 5000) -> None:
    """INSERT ``rows`` (dicts by attname; missing columns take the field's default): ``executemany`` on SQLite,
    ``COPY … FROM STDIN`` on PostgreSQL.

    Values are converted per column with a converter chosen once: UUIDs (as hex on SQLite), dates and
    plain values pass through (the drivers adapt them), JSON as its text, decimals through the field.
    """
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    fields = model._meta.concrete_fields
    sqlite = connection.vendor == "sqlite"
    plans = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            plans.append(
                (field.attname, now if not sqlite else field.get_db_prep_save(now, connection), None)
            )
            continue
        default = field.get_default() if field.has_default() or field.null else None
        target = field.target_field if field.is_relation else field
        if isinstance(target, models.UUIDField):
            convert = (lambda v: v.hex) if sqlite else None
        elif isinstance(field, models.JSONField):
            convert = functools.partial(json.dumps, cls=DjangoJSONEncoder, ensure_ascii=False)
        elif isinstance(field, models.DecimalField):
            convert = functools.partial(field.get_db_prep_save, connection=connection)
        elif isinstance(field, (models.CharField, models.TextField)):
            convert = str
            default = "" if default is None and not field.null else default
        else:
            convert = None
        plans.append((field.attname, default, convert))
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 — names from the model

    def converted(batch: list[dict]) -> list[tuple]:
        values = []
        for attname, default, convert in plans:
            column = [row.get(attname, default) for row in batch]
            if convert is not None:
                column = [None if value is None else convert(value) for value in column]
            values.append(column)
        return list(zip(*values, strict=True))

    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        if sqlite:
            for start in range(0, len(rows), batch_size):
                cursor.executemany(insert, converted(rows[start : start + batch_size]))
            return
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for start in range(0, len(rows), batch_size):
                for row in converted(rows[start : start + batch_size]):
                    copy.write_row(row)


def _number(cases: list[dict], actor) -> list[dict]:
    """案号 in filing order per department and year, from its template; the issued numbers and the advanced
    sequences, as ``number_issue`` would have left them."""
    ct = ContentType.objects.get_for_model(EnforcementCase)
    issued, last = [], {}
    templates = {}
    for case in sorted(cases, key=lambda c: (c["filed_on"], str(c["id"]))):
        unit = case["_unit"]
        if unit.pk not in templates:
            templates[unit.pk] = effective_template(unit=unit, doc_type=CASE_NUMBER).template
            for seq in NumberSequence.objects.filter(unit=unit, doc_type=CASE_NUMBER):
                last[(unit.pk, seq.year)] = seq.last
        year = case["filed_on"].year
        seq = last.get((unit.pk, year), 0) + 1
        last[(unit.pk, year)] = seq
        text = render_number(templates[unit.pk], unit=unit, year=year, seq=seq)
        case["number"] = text
        issued.append(
            {
                "id": uuid.uuid5(case["id"], "number"),
                "unit_id": unit.pk,
                "doc_type": CASE_NUMBER,
                "year": year,
                "seq": seq,
                "text": text,
                "template": templates[unit.pk],
                "issued_by_id": getattr(actor, "pk", None),
                "content_type_id": ct.pk,
                "object_id": str(case["id"]),
            }
        )
    for (unit_id, year), value in last.items():
        NumberSequence.objects.update_or_create(
            unit_id=unit_id, doc_type=CASE_NUMBER, year=year, defaults={"last": value}
        )
    return issued


def _decision_numbers(cases: list[dict]) -> None:
    """决定书文号 in decision order per department and year: 清市监罚决〔2025〕123号."""
    last = Counter()
    for case in sorted(
        (c for c in cases if c.get("decided_on")), key=lambda c: (c["decided_on"], str(c["id"]))
    ):
        unit, year = case["_unit"], case["decided_on"].year
        if case["procedure"] == Procedure.SUMMARY:
            mark = "当罚"
        elif case["decision_kind"] == DecisionKind.TRANSFER:
            mark = "移"
        elif case["decision_kind"] == DecisionKind.NO_PENALTY:
            mark = "不罚"
        else:
            mark = "罚决"
        last[(unit.pk, mark, year)] += 1
        case["decision_number"] = f"{unit.short_name}{mark}〔{year}〕{last[(unit.pk, mark, year)]}号"


def build_cases(context, *, per_year: int | None = None) -> dict:
    """Add the demo cases; ``per_year`` sets last year's volume (this year's follows, to date), by default
    the setting FAZHI_DEMO_CASES_PER_YEAR (20,000; 2,000 under the tests)."""
    if per_year is None:
        per_year = settings.FAZHI_DEMO_CASES_PER_YEAR
    rng, today = context.rng, context.today
    county = context.unit("qh")
    source = _Source(county)
    if not source.bodies:
        return {"cases": 0}
    clock = _Clock()
    builder = _Builder(context, source, clock)
    weights = []
    for body in source.bodies:
        unit = body.unit
        weight = data.TOWN_WEIGHT if unit.kind == "town" else data.WEIGHTS.get(unit.code, 0)
        same_unit = sum(1 for b in source.bodies if b.unit_id == unit.pk)
        weights.append(weight / same_unit)
    if not any(weights):
        return {"cases": 0}
    year_start = D(today.year, 1, 1)
    elapsed = ((today - year_start).days + 1) / ((D(today.year, 12, 31) - year_start).days + 1)
    spans = (
        (context.previous_year_start, D(context.previous_year, 12, 31), per_year),
        (year_start, today, round(per_year * GROWTH * elapsed)),
    )
    for start, end, count in spans:
        days, day_weights = _filing_days(clock, start, end)
        filed = sorted(rng.choices(days, weights=day_weights, k=count))
        bodies = rng.choices(source.bodies, weights=weights, k=count)
        for body, filed_on in zip(bodies, filed, strict=True):
            builder.case(body, filed_on)

    cases = builder.cases
    issued = _number(cases, context.actor)
    _decision_numbers(cases)
    for case in cases:
        for key in ("_unit", "_item", "_standard"):
            case.pop(key)
    insert_rows(IssuedNumber, issued)
    insert_rows(EnforcementCase, cases)
    insert_rows(CaseOfficer, builder.officers)
    insert_rows(LegalReview, builder.reviews)
    insert_rows(CaseRecord, builder.records)

    per_unit = Counter()
    per_unit_year = Counter()
    units = {}
    for body in source.bodies:
        units[body.unit_id] = body.unit
    for case in cases:
        per_unit[case["unit_id"]] += 1
        per_unit_year[(case["unit_id"], case["filed_on"].year)] += 1
    audit_record_bulk(
        actor=context.actor,
        events=[
            {
                "action": AuditAction.CREATE,
                "unit": units[unit_id],
                "object_type": EnforcementCase._meta.label_lower,
                "object_repr": "演示执法案件",
                "note": (
                    f"导入历史执法案件 {n} 件（{context.previous_year}年立案 "
                    f"{per_unit_year[(unit_id, context.previous_year)]} 件，{today.year}年立案 "
                    f"{per_unit_year[(unit_id, today.year)]} 件），办案人员、全过程记录、法制审核随案导入（演示数据）"
                ),
            }
            for unit_id, n in sorted(per_unit.items(), key=lambda kv: units[kv[0]].code)
        ],
    )
    return {
        "cases": len(cases),
        "officers": len(builder.officers),
        "records": len(builder.records),
        "reviews": len(builder.reviews),
        "audit_events": len(per_unit),
    }


register_demo_step("enforcement.cases", 224, build_cases)

# the app's other demo steps — items and standards (222), 两法衔接 transfers (226): autodiscovery imports only
# this module
from fazhi.enforcement.cases import demo_items, demo_transfers  # noqa: E402, F401
