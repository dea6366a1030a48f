"""Demo 行政执法: bodies for 清河县's departments and towns, about 1,500 officers and their certificates.

Every department and town under 清河县人民政府 that enforces law gets a 执法主体 (plus one 法律法规授权组织
and one 受委托组织); officers are spread by the size of each body's enforcement work (公安、综合执法、市场监管
most; the 派出所 and 市场监管所 staff sit in those sub-units under their bureau's body). Their cards follow
a five-year cycle from a first issue up to twelve years back, so the previous calendar year and this year
have their share of new cards and renewals, with realistic exceptions: a few 补证 (the old number
voided), 暂扣, 注销 (retired, transferred, resigned), 未年审, expired and not yet renewed, expiring within
the reminder horizon, and applications still in training; the 司法局's staff hold 执法监督证.

Written in bulk (rows, numbers, events and audit events in batches), since 1,500 officers through the
services would cost a minute: the cards' numbers are entered in the numbering register exactly as
``number_issue`` would have (same template, per-year sequences advanced), and each body, officer and
certificate gets its ``create`` audit event. Deterministic: the same rows for the same build day.
"""

from __future__ import annotations

import datetime
import random
import secrets
import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.demo import codes as demo_codes
from fazhi.core.demo import register_demo_step
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record_bulk
from fazhi.enforcement import rules
from fazhi.enforcement.choices import (
    BodyKind,
    CertificateKind,
    CertificateStatus,
    EventKind,
    IssueReason,
    OfficerStatus,
    RevocationReason,
    TrainingKind,
)
from fazhi.enforcement.doc_types import CERTIFICATE_NUMBER, SUPERVISION_NUMBER
from fazhi.enforcement.models import (
    CertificateEvent,
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
    TrainingRecord,
)
from fazhi.numbering.formats import render_number
from fazhi.numbering.models import IssuedNumber, NumberSequence
from fazhi.numbering.selectors import effective_template

D = datetime.date

#: officers per body (by unit code); towns not listed get TOWN_OFFICERS; sub-units take a share
OFFICERS = {
    "qh-gaj": 330,
    "qh-zhzf": 170,
    "qh-scj": 150,
    "qh-zrj": 70,
    "qh-sthj": 55,
    "qh-jtj": 80,
    "qh-nyj": 65,
    "qh-wjj": 55,
    "qh-yjj": 45,
    "qh-zjj": 40,
    "qh-slj": 30,
    "qh-lyj": 30,
    "qh-wgl": 30,
    "qh-rsj": 25,
    "qh-ybj": 20,
    "qh-swj": 15,
    "qh-jyj": 20,
    "qh-mzj": 15,
    "qh-czj": 10,
    "qh-fgj": 12,
    "qh-tjj": 10,
    "qh-sfj": 30,
    "qh-sjj": 8,
    "qh-tyj": 6,
}
TOWN_OFFICERS = (14, 22)
#: units that hold no enforcement powers of their own
NOT_BODIES = {"qh-zfb", "qh-xfj", "qh-zwb"}
CATEGORY = {
    "qh-gaj": "公安",
    "qh-zhzf": "城市管理",
    "qh-scj": "市场监管",
    "qh-zrj": "自然资源",
    "qh-sthj": "生态环境",
    "qh-jtj": "交通运输",
    "qh-nyj": "农业农村",
    "qh-wjj": "卫生健康",
    "qh-yjj": "应急管理",
    "qh-zjj": "住房城乡建设",
    "qh-slj": "水利",
    "qh-lyj": "林业",
    "qh-wgl": "文化市场",
    "qh-rsj": "劳动保障监察",
    "qh-ybj": "医疗保障",
    "qh-swj": "商务",
    "qh-jyj": "教育",
    "qh-mzj": "民政",
    "qh-czj": "财政",
    "qh-fgj": "发展改革",
    "qh-tjj": "统计",
    "qh-sfj": "司法行政",
    "qh-sjj": "审计",
    "qh-tyj": "退役军人事务",
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌波辉宇浩凯健俊峰建国志文博海燕晨阳雪梅琳婷颖倩晶欣然宁东亮林"
POSTS = [
    "科员",
    "一级科员",
    "四级主任科员",
    "三级主任科员",
    "二级主任科员",
    "副科长",
    "科长",
    "副局长",
    "执法队员",
    "中队长",
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(start.toordinal(), max(start.toordinal(), end.toordinal())))


class _Numbers:
    """Per-year sequences of one issuing unit, advanced in issue order, rendered with its template."""

    def __init__(self, unit):
        self.unit = unit
        self.templates = {
            t: effective_template(unit=unit, doc_type=t).template
            for t in (CERTIFICATE_NUMBER, SUPERVISION_NUMBER)
        }
        self.last: dict[tuple[str, int], int] = {}
        for seq in NumberSequence.objects.filter(unit=unit, doc_type__in=self.templates):
            self.last[(seq.doc_type, seq.year)] = seq.last

    def draw(self, doc_type: str, year: int) -> tuple[int, str]:
        seq = self.last.get((doc_type, year), 0) + 1
        self.last[(doc_type, year)] = seq
        return seq, render_number(self.templates[doc_type], unit=self.unit, year=year, seq=seq)

    def save(self) -> None:
        for (doc_type, year), last in self.last.items():
            NumberSequence.objects.update_or_create(
                unit=self.unit, doc_type=doc_type, year=year, defaults={"last": last}
            )


#: the namespace of the demo officers' keys (uuid5 of the ID number): the keys are part of what the 双随机 draw
#: hashes, so random keys would make the demo's draws, and what follows from them, differ from build to build
_IDS = uuid.UUID("6f3d5a0e-8c1b-4e27-9a55-2b7c0e1d4f60")


def build_enforcement(context) -> None:
    rng, today, actor = context.rng, context.today, context.actor
    county = context.unit("qh")
    units = list(
        OrgUnit.objects.filter(parent=county).exclude(code__in=NOT_BODIES).order_by("sort_order", "code")
    )
    children = {}
    for child in OrgUnit.objects.filter(parent__in=units).order_by("code"):
        children.setdefault(child.parent_id, []).append(child)

    # --- bodies ---------------------------------------------------------------------------------
    bodies: list[EnforcementBody] = []
    for order, unit in enumerate(units, 1):
        town = unit.kind == "town"
        category = "乡镇综合行政执法" if town else CATEGORY.get(unit.code, "")
        bodies.append(
            EnforcementBody(
                unit=unit,
                name=unit.name,
                kind=BodyKind.STATUTORY,
                sort_order=order,
                legal_basis=(
                    "《中华人民共和国行政处罚法》第二十四条；《江南省乡镇街道综合行政执法赋权事项目录》"
                    if town
                    else f"《清河县人民政府职能配置、内设机构和人员编制规定》；{category}领域法律、法规"
                ),
                duties=(
                    f"在{unit.name}辖区内依法行使县级人民政府赋予的行政处罚权及相关行政检查、行政强制措施"
                    if town
                    else f"依法行使{category}领域的行政处罚、行政检查、行政强制等行政执法职权"
                ),
                enforcement_categories=category,
                region=unit.name if town else "清河县",
                confirmed_on=D(today.year - 3, 3, 15),
            )
        )
    by_code = {b.unit.code: b for b in bodies}
    bodies.append(
        EnforcementBody(
            unit=context.unit("qh-jtj"),
            name="清河县交通运输综合行政执法大队",
            kind=BodyKind.AUTHORIZED,
            legal_basis="《江南省道路运输条例》第五十八条（法规授权）",
            duties="道路运输、水路运输领域的监督检查和行政处罚",
            enforcement_categories="交通运输",
            region="清河县",
            confirmed_on=D(today.year - 3, 3, 15),
            sort_order=90,
        )
    )
    bodies.append(
        EnforcementBody(
            unit=context.unit("qh-zhzf"),
            name="清河县城市管理综合执法大队",
            kind=BodyKind.ENTRUSTED,
            entrusting_body="清河县综合行政执法局",
            legal_basis="《中华人民共和国行政处罚法》第二十条；清河县综合行政执法局委托书",
            duties="以委托机关名义实施市容环境卫生、城市绿化领域的行政处罚",
            enforcement_categories="城市管理",
            region="清河县城区",
            confirmed_on=D(today.year - 2, 6, 1),
            sort_order=91,
        )
    )
    EnforcementBody.objects.bulk_create(bodies)

    # --- officers -------------------------------------------------------------------------------
    officers: list[EnforcementOfficer] = []
    used_ids: set[str] = set()
    for unit in units:
        body = by_code[unit.code]
        total = OFFICERS.get(unit.code) or rng.randint(*TOWN_OFFICERS)
        subs = children.get(unit.pk, [])
        for i in range(total):
            # a third of a bureau's staff work in its 派出所 / 监管所
            seat = subs[i % len(subs)] if subs and i % 3 == 0 else unit
            number = demo_codes.id_number(
                rng, area="390121", born_between=(1966, 2000), male=rng.random() < 0.7
            )
            while number in used_ids:
                number = demo_codes.id_number(
                    rng, area="390121", born_between=(1966, 2000), male=rng.random() < 0.7
                )
            used_ids.add(number)
            legal = rng.random() < 0.12
            officers.append(
                EnforcementOfficer(
                    id=uuid.uuid5(_IDS, number),
                    unit=seat,
                    body=body,
                    name=_name(rng),
                    id_number=number,
                    post=rng.choice(POSTS),
                    enforcement_category=body.enforcement_categories,
                    region=body.region,
                    has_legal_qualification=legal,
                    legal_qualification_number=f"A{rng.randint(2008, 2024)}{rng.randint(10**7, 10**8 - 1)}"
                    if legal
                    else "",
                )
            )
    EnforcementOfficer.objects.bulk_create(officers, batch_size=500)

    # --- certificates ---------------------------------------------------------------------------
    numbers = _Numbers(county)
    cert_ct = ContentType.objects.get_for_model(EnforcementCertificate)
    cards: list[EnforcementCertificate] = []
    issued_rows: list[IssuedNumber] = []
    events: list[CertificateEvent] = []
    trainings: list[TrainingRecord] = []

    # the cards' keys from a generator of their own, so that the build's other draws stay as they were
    key_rng = random.Random(f"enforcement-certificates-{today.isoformat()}")  # noqa: S311 (keys, not secrets)

    def next_id() -> uuid.UUID:
        return uuid.UUID(int=key_rng.getrandbits(128), version=4)

    def card_for(officer, kind, *, reason, issued_on, previous=None, **fields):
        card = EnforcementCertificate(
            id=next_id(),
            unit=officer.unit,
            officer=officer,
            kind=kind,
            issue_reason=reason,
            previous=previous,
            applied_on=issued_on - datetime.timedelta(days=45 if reason == IssueReason.NEW else 10),
            approved_on=issued_on - datetime.timedelta(days=40 if reason == IssueReason.NEW else 10),
            issued_on=issued_on,
            expires_on=rules.expiry_date(issued_on),
            verify_token=secrets.token_urlsafe(24),
            **fields,
        )
        doc_type = SUPERVISION_NUMBER if kind == CertificateKind.SUPERVISION else CERTIFICATE_NUMBER
        seq, text = numbers.draw(doc_type, issued_on.year)
        card.number = text
        issued = IssuedNumber(
            unit=county,
            doc_type=doc_type,
            year=issued_on.year,
            seq=seq,
            text=text,
            template=numbers.templates[doc_type],
            issued_by=actor,
            content_type=cert_ct,
            object_id=str(card.id),
        )
        card.issued_number = issued
        issued_rows.append(issued)
        if reason == IssueReason.NEW:
            exam_on = issued_on - datetime.timedelta(days=15)
            card.exam_on, card.exam_score = exam_on, rng.randint(62, 98)
            if rng.random() < 0.12:  # failed once first
                events.append(
                    CertificateEvent(
                        unit=officer.unit,
                        certificate=card,
                        kind=EventKind.EXAM,
                        on=exam_on - datetime.timedelta(days=30),
                        score=rng.randint(35, 59),
                        passed=False,
                    )
                )
            events.append(
                CertificateEvent(
                    unit=officer.unit,
                    certificate=card,
                    kind=EventKind.EXAM,
                    on=exam_on,
                    score=card.exam_score,
                    passed=True,
                )
            )
        events.append(
            CertificateEvent(
                unit=officer.unit, certificate=card, kind=EventKind.ISSUED, on=issued_on, note=text
            )
        )
        cards.append(card)
        return card

    def review_due(card) -> datetime.date:
        due = rules.first_review_due(card.issued_on)
        while due < today:
            due = rules.next_review_due(due)
        return due

    # issue order drives the sequences: plan every officer's chain first, then issue by date
    plans = []
    for officer in officers:
        pending, roll = rng.random() < 0.02, rng.random()
        kind = (
            CertificateKind.SUPERVISION
            if officer.body.unit.code == "qh-sfj" and rng.random() < 0.6
            else CertificateKind.ENFORCEMENT
        )
        if pending:  # new hires: application under way
            plans.append((None, officer, kind, roll))
            continue
        if roll < 0.008:  # a card that expired lately and was not renewed
            first = rules.add_years(
                today - datetime.timedelta(days=rng.randint(2, 120)), -rules.validity_years()
            )
        else:
            first = _date_between(
                rng, today - datetime.timedelta(days=365 * 12), today - datetime.timedelta(days=20)
            )
        plans.append((first, officer, kind, roll))
    plans.sort(key=lambda p: (p[0] or today, p[1].id_number))

    chains = []
    for first, officer, kind, roll in plans:
        if first is None:
            chains.append((officer, kind, None, roll))
            continue
        issued_on, chain = first, []
        while True:
            chain.append(issued_on)
            renew_on = rules.expiry_date(issued_on) - datetime.timedelta(days=rng.randint(0, 60))
            if renew_on > today or roll < 0.008:
                break
            issued_on = renew_on
        chains.append((officer, kind, chain, roll))

    # draw numbers in date order across everyone (the register reads like a real one)
    schedule = sorted(
        (
            (day, index, step)
            for index, (_, _, chain, _) in enumerate(chains)
            if chain
            for step, day in enumerate(chain)
        ),
    )
    made: dict[tuple[int, int], EnforcementCertificate] = {}
    for day, index, step in schedule:
        officer, kind, chain, roll = chains[index]
        previous = made.get((index, step - 1))
        reason = IssueReason.NEW if step == 0 else IssueReason.RENEWAL
        card = card_for(officer, kind, reason=reason, issued_on=day, previous=previous)
        made[(index, step)] = card
        if previous is not None:
            previous.status, previous.ended_on = CertificateStatus.SUPERSEDED, day
            events.append(
                CertificateEvent(unit=officer.unit, certificate=previous, kind=EventKind.RENEWED, on=day)
            )

    for index, (officer, kind, chain, roll) in enumerate(chains):
        if chain is None:
            status = rng.choice(
                [CertificateStatus.APPLIED, CertificateStatus.TRAINING, CertificateStatus.PASSED]
            )
            applied = today - datetime.timedelta(days=rng.randint(10, 80))
            card = EnforcementCertificate(
                id=next_id(),
                unit=officer.unit,
                officer=officer,
                kind=kind,
                status=status,
                applied_on=applied,
                approved_on=None
                if status == CertificateStatus.APPLIED
                else applied + datetime.timedelta(days=5),
                verify_token=secrets.token_urlsafe(24),
            )
            if status == CertificateStatus.PASSED:
                card.exam_on, card.exam_score = applied + datetime.timedelta(days=8), rng.randint(60, 95)
                events.append(
                    CertificateEvent(
                        unit=officer.unit,
                        certificate=card,
                        kind=EventKind.EXAM,
                        on=card.exam_on,
                        score=card.exam_score,
                        passed=True,
                    )
                )
            events.append(
                CertificateEvent(unit=officer.unit, certificate=card, kind=EventKind.APPLIED, on=applied)
            )
            cards.append(card)
            continue
        card = made[(index, len(chain) - 1)]
        card.status = CertificateStatus.VALID
        card.review_due_on = review_due(card)
        if card.review_due_on > rules.first_review_due(card.issued_on):
            card.last_reviewed_on = card.review_due_on - datetime.timedelta(days=365 + rng.randint(0, 40))
        if card.expires_on < today:  # renewal lapsed
            card.status, card.ended_on = (
                CertificateStatus.EXPIRED,
                card.expires_on + datetime.timedelta(days=1),
            )
            events.append(
                CertificateEvent(
                    unit=officer.unit, certificate=card, kind=EventKind.EXPIRED, on=card.ended_on
                )
            )
        elif roll < 0.02:  # 未年审: the review fell due lately and was missed
            last_due = card.review_due_on - datetime.timedelta(days=365)
            if last_due > card.issued_on and last_due < today:
                card.review_due_on, card.last_reviewed_on = last_due, None
        elif roll < 0.025:
            card.status, card.suspended_on = (
                CertificateStatus.SUSPENDED,
                today - datetime.timedelta(days=rng.randint(5, 60)),
            )
            card.suspended_until = card.suspended_on + datetime.timedelta(days=90)
            card.suspension_reason = rng.choice(
                ["执法过程中未按规定出示执法证件，责令整改", "涉嫌违规执法，正在调查"]
            )
            events.append(
                CertificateEvent(
                    unit=officer.unit,
                    certificate=card,
                    kind=EventKind.SUSPENDED,
                    on=card.suspended_on,
                    note=card.suspension_reason,
                )
            )
        elif roll < 0.055:
            reason = rng.choice(
                [
                    RevocationReason.RETIRED,
                    RevocationReason.TRANSFERRED,
                    RevocationReason.RESIGNED,
                    RevocationReason.LEFT_ENFORCEMENT,
                ]
            )
            ended = _date_between(rng, max(card.issued_on, today - datetime.timedelta(days=700)), today)
            card.status, card.revocation_reason, card.ended_on = CertificateStatus.REVOKED, reason, ended
            officer.status = {
                RevocationReason.RETIRED: OfficerStatus.RETIRED,
                RevocationReason.TRANSFERRED: OfficerStatus.TRANSFERRED,
                RevocationReason.RESIGNED: OfficerStatus.RESIGNED,
            }.get(reason, OfficerStatus.LEFT_ENFORCEMENT)
            events.append(
                CertificateEvent(
                    unit=officer.unit,
                    certificate=card,
                    kind=EventKind.REVOKED,
                    on=ended,
                    note=RevocationReason(reason).label,
                )
            )
        elif roll < 0.065 and card.issued_on < today - datetime.timedelta(days=60):  # 补证 after a loss
            lost_on = _date_between(
                rng, card.issued_on + datetime.timedelta(days=30), today - datetime.timedelta(days=1)
            )
            card.status, card.ended_on = CertificateStatus.VOID, lost_on
            card.issued_number.status, card.issued_number.void_reason = (
                "voided",
                "补证，原证作废：遗失，已登报声明作废",
            )
            card.issued_number.voided_at, card.issued_number.voided_by = timezone.now(), actor
            events.append(
                CertificateEvent(
                    unit=officer.unit,
                    certificate=card,
                    kind=EventKind.REPLACED,
                    on=lost_on,
                    note="遗失，已登报声明作废",
                )
            )
            new = card_for(
                officer,
                kind,
                reason=IssueReason.REPLACEMENT,
                issued_on=lost_on,
                previous=card,
                status=CertificateStatus.VALID,
                review_due_on=card.review_due_on,
                last_reviewed_on=card.last_reviewed_on,
            )
            new.expires_on = card.expires_on
        # 年度培训: most officers have last year's and this year's hours
        for year in (today.year - 1, today.year):
            if officer.status != OfficerStatus.ACTIVE or rng.random() < 0.1:
                continue
            end = D(year, 12, 31) if year < today.year else today
            if end < D(year, 1, 15):
                continue
            for kind_, topic in (
                (TrainingKind.PUBLIC_LAW, "行政处罚法、行政许可法专题培训"),
                (TrainingKind.PROFESSIONAL, f"{officer.enforcement_category or '行政执法'}业务培训"),
            ):
                trainings.append(
                    TrainingRecord(
                        unit=officer.unit,
                        officer=officer,
                        kind=kind_,
                        topic=topic,
                        on=_date_between(rng, D(year, 1, 10), end),
                        hours=rng.choice((8, 12, 16, 24)),
                    )
                )

    EnforcementOfficer.objects.bulk_update(
        [o for o in officers if o.status != OfficerStatus.ACTIVE], ["status"], batch_size=500
    )
    IssuedNumber.objects.bulk_create(issued_rows, batch_size=500)
    numbers.save()
    EnforcementCertificate.objects.bulk_create([c for c in cards], batch_size=500)
    CertificateEvent.objects.bulk_create(events, batch_size=1000)
    TrainingRecord.objects.bulk_create(trainings, batch_size=1000)

    audit_record_bulk(
        actor=actor,
        events=[
            *({"action": AuditAction.CREATE, "obj": b, "note": "演示数据"} for b in bodies),
            *({"action": AuditAction.CREATE, "obj": o, "note": "演示数据"} for o in officers),
            *(
                {
                    "action": AuditAction.CREATE,
                    "obj": c,
                    "changes": {"status": [None, c.status], "number": [None, c.number]},
                    "note": "演示数据",
                }
                for c in cards
            ),
        ],
    )


register_demo_step("enforcement.roster", 220, build_enforcement)
