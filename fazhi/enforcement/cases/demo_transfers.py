"""Demo 两法衔接: the cases the demo decided to transfer (处理决定 移送司法机关), and a few matters transferred
without a case, about twenty a year, with the receiving organ's answers as far as they have come by the
build day. Written in bulk with one audit event per transfer. Deterministic (the step’s seeded rng)."""

from __future__ import annotations

import datetime
import random
import re

from fazhi.core.choices import AuditAction
from fazhi.core.demo import register_demo_step
from fazhi.core.services.audit import audit_record_bulk
from fazhi.enforcement.cases.choices import DecisionKind, TransferStatus, TransferTarget
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer

S = TransferStatus
PER_YEAR = 20
ORGANS = {
    TransferTarget.POLICE: "清河县公安局",
    TransferTarget.PROCURATORATE: "清河县人民检察院",
    TransferTarget.SUPERVISION: "清河县监察委员会",
}
#: by unit code: (suspected offence, party) for matters transferred without a case on the platform
STANDALONE = {
    "qh-scj": (("生产、销售不符合安全标准的食品罪", "个体户"), ("生产、销售伪劣产品罪", "商贸有限公司")),
    "qh-sthj": (("污染环境罪", "电镀厂"),),
    "qh-zrj": (("非法占用农用地罪", "石料厂"), ("非法采矿罪", "砂石经营部")),
    "qh-lyj": (("滥伐林木罪", "个人"),),
    "qh-nyj": (("生产、销售伪劣农药、兽药、化肥、种子罪", "农资经营部"),),
    "qh-wjj": (("非法行医罪", "个人"),),
    "qh-yjj": (("重大责任事故罪", "建材有限公司"),),
    "qh-rsj": (("拒不支付劳动报酬罪", "建筑劳务有限公司"),),
    "qh-slj": (("非法采矿罪", "个人"),),
    "qh-wgl": (("侵犯著作权罪", "文化传媒有限公司"),),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳敏静强磊军洋勇杰涛明超平刚华飞斌辉"
TRADES = "鑫源 恒通 兴隆 华泰 永盛 宏达 裕丰 瑞祥 天成 润泽".split()
FEEDBACK = {
    S.NOT_FILED: "经审查认为没有犯罪事实，或者犯罪事实显著轻微，不需要追究刑事责任",
    S.RETURNED: "证据不足，退回补充调查",
    S.JUDGED: "一审判决：判处有期徒刑一年，缓刑一年，并处罚金",
}
_OFFENCE = re.compile(r"因涉嫌(.+?罪)，依法移送司法机关")


def _party(rng: random.Random, kind: str) -> str:
    if kind in ("个人", "个体户"):
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    return f"清河县{rng.choice(TRADES)}{kind}"


def _answers(rng: random.Random, transferred: datetime.date, today: datetime.date):
    """The status reached by ``today``, its date and the feedback lines, walking the organ's answers."""
    status, on, lines = S.TRANSFERRED, transferred, []
    path = rng.choices(
        [(S.FILED, S.PROSECUTED, S.JUDGED), (S.NOT_FILED,), (S.RETURNED,), (S.FILED, S.PROSECUTED)],
        weights=[6, 2, 1, 2],
    )[0]
    gaps = {
        S.FILED: (3, 20),
        S.NOT_FILED: (3, 15),
        S.RETURNED: (5, 20),
        S.PROSECUTED: (40, 120),
        S.JUDGED: (60, 180),
    }
    for step in path:
        nxt = on + datetime.timedelta(days=rng.randint(*gaps[step]))
        if nxt > today:
            break
        status, on = step, nxt
        if step in FEEDBACK:
            lines.append(f"{on.isoformat()} {S(step).label}：{FEEDBACK[step]}")
    return status, on, "\n".join(lines)


def build_transfers(context) -> None:
    rng = context.rng
    today = context.today
    start = context.previous_year_start
    county = context.unit("qh")
    transfers: list[JudicialTransfer] = []
    cases = list(
        EnforcementCase.objects.filter(
            unit__path__startswith=county.path,
            decision_kind=DecisionKind.TRANSFER,
            decided_on__gte=start,
            decided_on__lte=today,
        )
        .select_related("unit")
        .order_by("decided_on", "number", "pk")
    )
    for case in cases:
        found = _OFFENCE.search(case.facts or "")
        offence = found.group(1) if found else "非法经营罪"
        transferred = min(case.decided_on + datetime.timedelta(days=rng.randint(0, 3)), today)
        target = TransferTarget.PROCURATORATE if rng.random() < 0.1 else TransferTarget.POLICE
        status, on, feedback = _answers(rng, transferred, today)
        transfers.append(
            JudicialTransfer(
                unit=case.unit,
                case=case,
                target=target,
                receiving_organ=ORGANS[target],
                suspected_offence=offence,
                party_name=case.party_name,
                transferred_on=transferred,
                status=status,
                status_on=on,
                feedback=feedback,
            )
        )
    # matters found without a case on the platform, so that each year has about PER_YEAR transfers
    units = {code: context.unit(code) for code in STANDALONE if code in context.units}
    for year in range(start.year, today.year + 1):
        first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
        have = sum(1 for t in transfers if t.transferred_on.year == year)
        span = (last - first).days
        wanted = round(PER_YEAR * (span + 1) / 365)
        for _ in range(max(wanted - have, 2 if span > 60 else 0)):
            code = rng.choice(sorted(units))
            offence, kind = rng.choice(STANDALONE[code])
            transferred = first + datetime.timedelta(days=rng.randint(0, span))
            target = TransferTarget.SUPERVISION if rng.random() < 0.05 else TransferTarget.POLICE
            status, on, feedback = _answers(rng, transferred, today)
            transfers.append(
                JudicialTransfer(
                    unit=units[code],
                    target=target,
                    receiving_organ=ORGANS[target],
                    suspected_offence=offence,
                    party_name=_party(rng, kind),
                    transferred_on=transferred,
                    status=status,
                    status_on=on,
                    feedback=feedback,
                )
            )
    JudicialTransfer.objects.bulk_create(transfers, batch_size=500)
    audit_record_bulk(
        actor=context.actor,
        events=[
            {
                "action": AuditAction.CREATE,
                "obj": t,
                "changes": {
                    "status": [None, t.status],
                    "transferred_on": [None, t.transferred_on.isoformat()],
                },
                "note": "演示数据",
            }
            for t in transfers
        ],
    )


register_demo_step("enforcement.transfers", 226, build_transfers)
