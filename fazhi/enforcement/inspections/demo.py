"""Demo 双随机一公开 for 清河县: entity pools of the departments that inspect businesses, inspector pools from
the demo officers (built at order 220), some 回避关系, and about two hundred 抽查任务 in the previous
calendar year and this year to date — about 13% of them 跨部门联合抽查 — drawn with the real algorithm
(draw.py) from recorded seeds (so every demo draw verifies), their results entered and, for finished
tasks, published (a few late, a few still awaiting publication).

Written in bulk; audit: one ``create`` event per department pool (its entities and inspectors entered as
one batch) and one per task (with its status, seed and candidate digest). Deterministic for a build day.
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.demo import codes as demo_codes
from fazhi.core.demo import register_demo_step
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record_bulk
from fazhi.enforcement.choices import CertificateKind, CertificateStatus, OfficerStatus
from fazhi.enforcement.inspections import draw as drawing
from fazhi.enforcement.inspections import rules
from fazhi.enforcement.inspections.choices import (
    ConflictReason,
    ResultKind,
    RiskLevel,
    SampleMode,
    TaskStatus,
)
from fazhi.enforcement.inspections.models import (
    Conflict,
    DrawnEntity,
    InspectedEntity,
    InspectionResult,
    InspectionTask,
    Inspector,
)
from fazhi.enforcement.inspections.validators import credit_check_char
from fazhi.enforcement.models import EnforcementCertificate, EnforcementOfficer
from fazhi.workdays.calendar import load_calendar

DAY = datetime.timedelta(days=1)

#: industry → (how many entities, name endings, the departments whose pools hold them)
INDUSTRIES = {
    "食品销售": (420, ["超市有限公司", "便利店", "食品商行", "副食品经营部", "粮油店"], ["qh-scj"]),
    "餐饮服务": (380, ["餐饮管理有限公司", "饭店", "小吃店", "农家乐", "火锅店"], ["qh-scj", "qh-wjj"]),
    "食品生产": (120, ["食品有限公司", "酒业有限公司", "粮油加工厂", "豆制品厂"], ["qh-scj"]),
    "特种设备使用": (150, ["物业服务有限公司", "机械制造有限公司", "商贸有限公司"], ["qh-scj", "qh-yjj"]),
    "药品零售": (110, ["大药房", "药店", "医药连锁有限公司"], ["qh-scj"]),
    "工业产品生产": (160, ["建材有限公司", "电线电缆有限公司", "塑业有限公司", "包装制品厂"], ["qh-scj"]),
    "排污单位": (170, ["化工有限公司", "印染有限公司", "砖厂", "石材加工厂", "养殖专业合作社"], ["qh-sthj"]),
    "危险化学品": (60, ["化工有限公司", "燃气有限公司", "石油销售有限公司"], ["qh-yjj", "qh-sthj"]),
    "工贸企业": (140, ["纺织有限公司", "木业有限公司", "家具有限公司", "机械有限公司"], ["qh-yjj"]),
    "道路货运": (160, ["物流有限公司", "运输有限公司", "货运部"], ["qh-jtj"]),
    "机动车维修": (110, ["汽车维修有限公司", "汽修厂", "轮胎店"], ["qh-jtj"]),
    "公共场所": (180, ["宾馆", "酒店有限公司", "美容美发店", "洗浴中心", "游泳馆"], ["qh-wjj"]),
    "医疗机构": (70, ["诊所", "口腔门诊部", "卫生室"], ["qh-wjj"]),
    "农资经营": (130, ["农资店", "种业有限公司", "农药经营部", "兽药店"], ["qh-nyj"]),
    "建筑施工": (90, ["建筑工程有限公司", "建设有限公司", "装饰工程有限公司"], ["qh-zjj"]),
    "文化娱乐": (90, ["网吧", "歌舞娱乐有限公司", "印刷厂", "书店"], ["qh-wgl"]),
}
#: department → its matters (抽查事项) with the industry each targets and its usual ratio (%)
MATTERS = {
    "qh-scj": [
        ("食品销售者监督检查", "食品销售", "5"),
        ("餐饮服务提供者监督检查", "餐饮服务", "5"),
        ("食品生产企业监督检查", "食品生产", "10"),
        ("特种设备使用单位监督检查", "特种设备使用", "8"),
        ("药品零售企业监督检查", "药品零售", "10"),
        ("工业产品生产许可证获证企业检查", "工业产品生产", "6"),
    ],
    "qh-sthj": [("排污许可执行情况检查", "排污单位", "8")],
    "qh-yjj": [("工贸企业安全生产检查", "工贸企业", "8"), ("危险化学品经营单位检查", "危险化学品", "15")],
    "qh-jtj": [("道路货物运输经营者检查", "道路货运", "6"), ("机动车维修经营者检查", "机动车维修", "8")],
    "qh-wjj": [("公共场所卫生监督检查", "公共场所", "6"), ("医疗机构依法执业检查", "医疗机构", "10")],
    "qh-nyj": [("农资经营主体检查", "农资经营", "8")],
    "qh-zjj": [("建筑施工企业安全生产检查", "建筑施工", "10")],
    "qh-wgl": [("文化市场经营单位检查", "文化娱乐", "10")],
}
#: joint tasks: lead, participants, matter, industry, ratio (%)
JOINT = [
    ("qh-scj", ["qh-wjj"], "餐饮服务单位食品安全与卫生联合检查", "餐饮服务", "4"),
    ("qh-yjj", ["qh-sthj"], "危险化学品企业安全与环保联合检查", "危险化学品", "20"),
    ("qh-scj", ["qh-yjj"], "特种设备使用单位联合检查", "特种设备使用", "6"),
]
#: one joint task under way today, led by 卫健委 with 市场监管局 taking part: the lead has recorded part of
#: its results, 市场监管局's inspectors none yet — what its staff (clerk_scj) find on their home page
UNDER_WAY = ("qh-wjj", ["qh-scj"], "公共场所及餐饮服务单位卫生与食品安全联合检查", "餐饮服务", "3")

#: tasks per department per year (before jitter), together about a hundred a year
PER_YEAR = {
    "qh-scj": 38,
    "qh-sthj": 10,
    "qh-yjj": 10,
    "qh-jtj": 9,
    "qh-wjj": 9,
    "qh-nyj": 6,
    "qh-zjj": 5,
    "qh-wgl": 5,
}
BRANDS = "鑫源 华泰 恒达 顺发 永盛 金禾 瑞丰 兴隆 宏远 嘉诚 德润 福满 聚源 天和 丰泽 盛达 同心 新鹏 安康 汇通 明辉 万佳 和兴 润泽".split()
PLACES = "清溪 文昌 东湖 城关 河口 青石 柳溪 白沙 双桥 桃源 石门 凤山".split()
ROADS = "人民路 建设路 解放路 滨河路 清溪大道 文昌路 东湖路 工业园路 胜利街 新华街".split()
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
RESULTS = [
    (ResultKind.NO_PROBLEM, 78),
    (ResultKind.RECTIFY, 13),
    (ResultKind.CASE_FILED, 3),
    (ResultKind.TRANSFERRED, 1),
    (ResultKind.NOT_FOUND, 3),
    (ResultKind.CLOSED, 2),
]
NOTES = {
    ResultKind.RECTIFY: [
        "台账记录不完整，已责令限期整改",
        "从业人员健康证明过期，已责令整改",
        "标签标识不规范，已责令改正",
    ],
    ResultKind.CASE_FILED: ["发现销售过期产品，已立案调查", "未按规定办理许可，已立案查处"],
    ResultKind.TRANSFERRED: ["涉及其他部门职责，已移交"],
    ResultKind.NOT_FOUND: ["通过登记的住所无法联系，已标注经营异常"],
    ResultKind.CLOSED: ["现场已停业"],
}


def _code(rng: random.Random, individual: bool, used: set) -> str:
    while True:
        body = f"{'92' if individual else '91'}390121{demo_codes._org_code(rng)}"
        code = body + credit_check_char(body)
        if code not in used:
            used.add(code)
            return code


def _entities(rng: random.Random, units: dict) -> list[InspectedEntity]:
    rows, used, names = [], set(), set()
    for industry, (count, endings, owners) in INDUSTRIES.items():
        risks = [RiskLevel.HIGH] * 2 + [RiskLevel.MEDIUM] * 5 + [RiskLevel.LOW] * 3
        for _ in range(count):
            ending = rng.choice(endings)
            individual = not ending.endswith(("公司", "合作社"))
            while True:
                if individual:
                    name = f"清河县{rng.choice(PLACES)}{rng.choice(SURNAMES)}记{ending}"
                else:
                    name = f"清河县{rng.choice(BRANDS)}{rng.choice(BRANDS)[0]}{ending}"
                if name not in names:
                    names.add(name)
                    break
                if individual:  # an 个体工商户 may share a name in another 乡镇; add a branch number
                    name = f"{name[: -len(ending)]}{rng.randint(2, 9)}号{ending}"
                    if name not in names:
                        names.add(name)
                        break
            code = _code(rng, individual, used)
            address = f"清河县{rng.choice(PLACES)}{rng.choice(ROADS)}{rng.randint(1, 299)}号"
            risk = rng.choice(risks)
            active = rng.random() > 0.02
            for owner in owners:
                rows.append(
                    InspectedEntity(
                        id=uuid.UUID(int=rng.getrandbits(128)),
                        unit=units[owner],
                        name=name,
                        credit_code=code,
                        industry=industry,
                        risk_level=risk,
                        address=address,
                        active=active,
                    )
                )
    return rows


def build_inspections(context) -> None:
    rng, today, actor = context.rng, context.today, context.actor
    codes = sorted({owner for _n, (_c, _e, owners) in INDUSTRIES.items() for owner in owners} | set(MATTERS))
    # by code, not by the default path order: a path holds the units' random keys, different in each build
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes).order_by("code")}
    if len(units) != len(codes):
        return  # the demo county without these departments (should not happen)

    # --- pools ------------------------------------------------------------------------------------
    entities = _entities(rng, units)
    InspectedEntity.objects.bulk_create(entities, batch_size=1000)
    pool_entities: dict[str, dict[str, list[InspectedEntity]]] = {}
    for e in entities:
        if e.active:
            pool_entities.setdefault(e.unit.code, {}).setdefault(e.industry, []).append(e)

    officers: dict[str, list[EnforcementOfficer]] = {}
    for code, unit in units.items():
        officers[code] = list(
            EnforcementOfficer.objects.filter(
                unit__path__startswith=unit.path, status=OfficerStatus.ACTIVE
            ).order_by("id_number")
        )
    inspectors = []
    for code, unit in units.items():
        for officer in officers[code]:
            if rng.random() < 0.85:  # most front-line staff are in the pool
                inspectors.append(
                    Inspector(
                        id=uuid.UUID(int=rng.getrandbits(128)),
                        unit=unit,
                        officer=officer,
                        specialty=rng.choice(["", "", "现场检查", "抽样检验", "证照核查", "安全生产"]),
                    )
                )
    Inspector.objects.bulk_create(inspectors, batch_size=1000)
    pool_officers: dict[str, list[str]] = {}
    for ins in inspectors:
        pool_officers.setdefault(ins.unit.code, []).append(str(ins.officer_id))

    conflicts, conflict_pairs = [], set()
    for ins in rng.sample(inspectors, min(45, len(inspectors))):
        industries = pool_entities.get(ins.unit.code, {})
        if not industries:
            continue
        entity = rng.choice(industries[rng.choice(sorted(industries))])
        if (entity.credit_code, str(ins.officer_id)) in conflict_pairs:
            continue
        conflict_pairs.add((entity.credit_code, str(ins.officer_id)))
        conflicts.append(
            Conflict(
                id=uuid.UUID(int=rng.getrandbits(128)),
                unit=ins.unit,
                inspector=ins,
                entity=entity,
                reason=rng.choice(ConflictReason.values),
            )
        )
    Conflict.objects.bulk_create(conflicts)

    # the usable 行政执法证 of the pool officers (selectors.usable_q in memory, for each draw day)
    cards: dict[str, list] = {}
    for officer_id, issued, expires, review in EnforcementCertificate.objects.filter(
        kind=CertificateKind.ENFORCEMENT,
        status=CertificateStatus.VALID,
        officer_id__in=[i.officer_id for i in inspectors],
    ).values_list("officer_id", "issued_on", "expires_on", "review_due_on"):
        cards.setdefault(str(officer_id), []).append((issued, expires, review))

    def usable(officer_id: str, on: datetime.date) -> bool:
        return any(i and e and r and i <= on <= e and r >= on for i, e, r in cards.get(officer_id, ()))

    # --- tasks ------------------------------------------------------------------------------------
    calendar = load_calendar()
    start, horizon = context.previous_year_start, today + 40 * DAY
    plans = []  # (lead, participants, matter, industry, ratio, planned_start, risk level)
    for year in (start.year, today.year):
        first = datetime.date(year, 2, 20)
        last = datetime.date(year, 12, 10) if year < today.year else min(horizon, datetime.date(year, 12, 20))
        span = (last - first).days
        for lead, per_year in PER_YEAR.items():
            n = per_year + rng.randint(-2, 2)
            if year == today.year:
                n = max(1, round(n * span / (datetime.date(year, 12, 10) - first).days))
            for _ in range(n):
                matter, industry, ratio = rng.choice(MATTERS[lead])
                risk = ""
                if rng.random() < 0.12:  # 差异化抽查: a task of high-risk entities only, at twice the ratio
                    matter, risk, ratio = f"{matter}（高风险对象）", RiskLevel.HIGH, str(int(ratio) * 2)
                plans.append((lead, [], matter, industry, ratio, first + rng.randint(0, span) * DAY, risk))
        joint = round(sum(p[5].year == year for p in plans) * 0.15)
        for _ in range(joint):
            lead, participants, matter, industry, ratio = rng.choice(JOINT)
            plans.append(
                (lead, participants, matter, industry, ratio, first + rng.randint(0, span) * DAY, "")
            )
    lead, participants, matter, industry, ratio = UNDER_WAY
    plans.append((lead, participants, matter, industry, ratio, today - 10 * DAY, ""))
    under_way = plans[-1]
    plans.sort(key=lambda p: (p[5], p[0], p[2]))

    tasks, drawn_rows, results, m2m = [], [], [], []
    counters: dict[tuple, int] = {}
    for plan in plans:
        lead, participants, matter, industry, ratio, planned_start, risk = plan
        key = (lead, planned_start.year, matter)
        counters[key] = counters.get(key, 0) + 1
        planned_end = planned_start + rng.randint(25, 55) * DAY
        # the task under way: the participants' inspectors have entered nothing yet
        waiting = {o for p in participants for o in pool_officers.get(p, [])} if plan is under_way else set()
        quarter = (planned_start.month - 1) // 3 + 1
        task = InspectionTask(
            id=uuid.UUID(int=rng.getrandbits(128)),
            unit=units[lead],
            name=f"{planned_start.year}年第{quarter}季度{matter}（第{counters[key]}批）",
            matter=matter,
            industry=industry,
            risk_level=risk,
            planned_start=planned_start,
            planned_end=planned_end,
            sample_mode=SampleMode.RATIO,
            ratio=Decimal(ratio),
            is_joint=bool(participants),
            status=TaskStatus.DRAFT,
        )
        tasks.append(task)
        m2m += [(task, units[p]) for p in participants]
        drawn_on = planned_start - rng.randint(2, 8) * DAY
        if drawn_on > today:
            continue  # planned, not drawn yet
        owners = [lead, *participants]
        by_code: dict[str, InspectedEntity] = {}
        for owner in owners:
            for e in pool_entities.get(owner, {}).get(industry, []):
                if not risk or e.risk_level == risk:
                    by_code.setdefault(e.credit_code, e)
        candidates = sorted(by_code)
        officer_ids = sorted(
            {o for owner in owners for o in pool_officers.get(owner, []) if usable(o, drawn_on)}
        )
        pairs = sorted([c, o] for c, o in conflict_pairs if c in by_code and o in officer_ids)
        seed = f"{rng.getrandbits(128):032x}"
        n = drawing.sample_size(len(candidates), ratio=task.ratio)
        try:
            picks = drawing.derive(
                seed=seed, entities=candidates, inspectors=officer_ids, conflicts=pairs, n=n
            )
        except drawing.DrawRefused:
            continue
        task.status = TaskStatus.DRAWN
        task.seed, task.algorithm = seed, drawing.ALGORITHM
        task.drawn_on = drawn_on
        task.drawn_at = timezone.make_aware(
            datetime.datetime.combine(drawn_on, datetime.time(9, rng.randint(0, 59)))
        )
        task.entity_candidates, task.inspector_candidates, task.conflict_pairs = (
            candidates,
            officer_ids,
            pairs,
        )
        task.candidates_digest = drawing.candidates_digest(candidates, officer_ids, pairs)
        # results: entities visited between the planned start and end, up to today
        visit_end = min(planned_end, today)
        finished = planned_end + rng.randint(0, 6) * DAY
        all_done = finished <= today
        last_visit = None
        for pick in picks:
            row = DrawnEntity(
                id=uuid.UUID(int=rng.getrandbits(128)),
                unit=task.unit,
                task=task,
                entity=by_code[pick.code],
                position=pick.position,
                entity_name=by_code[pick.code].name,
                credit_code=pick.code,
                inspector_1_id=uuid.UUID(pick.inspectors[0]),
                inspector_2_id=uuid.UUID(pick.inspectors[1]),
            )
            drawn_rows.append(row)
            if planned_start > today or (not all_done and rng.random() < 0.4):
                continue
            if waiting.intersection(pick.inspectors):
                continue
            visit = planned_start + rng.randint(0, max(0, (visit_end - planned_start).days)) * DAY
            kind = rng.choices([k for k, _w in RESULTS], weights=[w for _k, w in RESULTS])[0]
            results.append(
                InspectionResult(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    unit=task.unit,
                    drawn=row,
                    result=kind,
                    inspected_on=visit,
                    note=rng.choice(NOTES.get(kind, [""])),
                )
            )
            last_visit = max(last_visit or visit, visit)
        if planned_start <= today and last_visit is not None:
            task.status = TaskStatus.INSPECTING
        if all_done and last_visit is not None:
            task.finished_on = max(finished, last_visit)
            task.publication_due_on = rules.publication_due(task.finished_on, calendar)
            task.status = TaskStatus.AWAITING_PUBLICATION
            late = rng.random() < 0.06
            published = (
                task.publication_due_on + rng.randint(1, 10) * DAY
                if late
                else task.finished_on
                + rng.randint(2, max(2, (task.publication_due_on - task.finished_on).days)) * DAY
            )
            if published <= today:
                task.status, task.published_on = TaskStatus.PUBLISHED, published

    InspectionTask.objects.bulk_create(tasks, batch_size=200)
    InspectionTask.participants.through.objects.bulk_create(
        [InspectionTask.participants.through(inspectiontask_id=t.pk, orgunit_id=u.pk) for t, u in m2m]
    )
    DrawnEntity.objects.bulk_create(drawn_rows, batch_size=1000)
    InspectionResult.objects.bulk_create(results, batch_size=1000)

    pool_events = [
        {
            "action": AuditAction.CREATE,
            "unit": unit,
            "object_type": "inspections.pool",
            "object_id": unit.code,
            "object_repr": f"{unit.name}检查对象名录库",
            "changes": {
                "entities": [None, sum(1 for e in entities if e.unit_id == unit.pk)],
                "inspectors": [None, sum(1 for i in inspectors if i.unit_id == unit.pk)],
                "conflicts": [None, sum(1 for c in conflicts if c.unit_id == unit.pk)],
            },
            "note": "演示数据：名录库批量录入",
        }
        for unit in units.values()
    ]
    audit_record_bulk(
        actor=actor,
        events=[
            *pool_events,
            *(
                {
                    "action": AuditAction.CREATE,
                    "obj": t,
                    "changes": {
                        "status": [None, t.status],
                        "seed": [None, t.seed],
                        "candidates_digest": [None, t.candidates_digest],
                    },
                    "note": "演示数据",
                }
                for t in tasks
            ),
        ],
    )


register_demo_step("inspections.tasks", 230, build_inspections)
