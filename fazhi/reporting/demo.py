"""Demo reports: last year's report of 清河县人民政府 drafted, reviewed, approved, frozen and published, and
a few departments' reports in earlier states.

Figures the county's records do not give and the earlier demo steps did not type in are typed in here as
the 法治办 would collect them for the report (each with its evidence, through the bulk service), so the
drafts have no gaps where the workflow needs none. Deterministic (seeded).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from fazhi.core.demo import register_demo_step
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import get_metric
from fazhi.metrics.services import metric_entries_create_bulk
from fazhi.metrics.values import evaluate
from fazhi.reporting.assemble import TOKEN_RE
from fazhi.reporting.blocks import get_block
from fazhi.reporting.choices import period_for_year
from fazhi.reporting.models import ReportSection
from fazhi.reporting.services import (
    effective_outline,
    report_create,
    report_freeze,
    report_leader_approve,
    report_publish,
    report_review_pass,
    report_submit,
    section_save,
)

#: yearly ranges of typed-in counts (a county's total); other counts 5–60, rates 85–100%
RANGES = {
    "litigation.cases": (40, 90),
    "litigation.lost": (1, 6),
    "enforcement.cases": (2500, 6000),
    "enforcement.random_inspection_entities": (600, 1500),
    "disclosure.proactive": (3000, 9000),
    "disclosure.requests": (30, 90),
    "complaints.closed": (20000, 34000),
    "complaints.petitions": (300, 900),
    "mediation.success": (900, 2000),
    "enforcement.personnel": (600, 1200),
    "training.participants": (1500, 4000),
    "training.exam_eligible": (3000, 9000),
}
RATE_RANGES = {"litigation.loss_rate": (3, 12), "enforcement.cross_dept_share": (20, 45)}

TEXTS = {
    "依法全面履行政府职能": "深化“放管服”改革，动态调整政府部门权责清单，全面实行行政许可事项清单管理，持续优化法治化营商环境。",
    "健全政府机构职能体系": "深化“放管服”改革，动态调整政府部门权责清单，全面实行行政许可事项清单管理，持续优化法治化营商环境。",
    "突发事件": "修订完善突发事件总体应急预案和专项预案，组织开展防汛、森林防火等应急演练，依法做好突发事件应对处置工作。",
    "数字法治政府": "推进“互联网＋监管”和行政执法信息平台建设，政务服务事项实现网上可办，以信息化提升依法行政水平。",
    "加强组织领导": "调整充实法治政府建设领导小组，将法治政府建设纳入全县经济社会发展总体规划和年度工作计划，纳入绩效考核。",
    "加强党的领导": "坚持党对法治政府建设的领导，将法治政府建设纳入全县经济社会发展总体规划和年度工作计划，纳入绩效考核。",
    "不足和原因": "一是部分单位对法治政府建设重视程度不够，工作推进不平衡；二是基层行政执法力量相对薄弱，执法规范化水平有待提高；三是法治宣传教育的针对性和实效性还需加强。原因主要是对法治政府建设的长期性、艰巨性认识不足，督促检查机制还不够健全。",
    "第一责任人": "县政府主要负责人认真履行推进法治建设第一责任人职责，全年主持召开县政府常务会议专题研究法治政府建设工作，对重大行政决策、规范性文件等重要事项亲自把关，带头尊法学法守法用法。",
    "主要安排": "一是深入学习贯彻习近平法治思想；二是持续推进行政执法规范化建设；三是严格落实重大行政决策程序；四是加强行政复议和行政应诉工作；五是强化法治政府建设督察考核。",
    "其他需要报告": "无其他需要报告的情况。",
}


def _text_for(title: str) -> str:
    return next((text for key, text in TEXTS.items() if key in title), "")


#: (part, whole, share): a figure that cannot exceed another is drawn as a share of it, so the demo report
#: never states 优秀案卷 above the files reviewed or 办结 above 受理 (the checks of fazhi.analysis would
#: flag such a report as implausible). Wholes come before their parts.
PARTS = [
    ("litigation.judged", "litigation.cases", (0.8, 0.95)),
    ("litigation.first_instance", "litigation.cases", (0.55, 0.7)),
    ("litigation.second_instance", "litigation.cases", (0.2, 0.3)),
    ("litigation.retrial", "litigation.cases", (0.0, 0.05)),
    ("litigation.lost", "litigation.judged", (0.03, 0.12)),
    ("decisions.decided", "decisions.catalog_items", (0.75, 1.0)),
    ("decisions.public_participation", "decisions.decided", (0.6, 1.0)),
    ("decisions.expert_review", "decisions.decided", (0.5, 0.9)),
    ("decisions.risk_assessment", "decisions.decided", (0.5, 0.9)),
    ("decisions.legality_review", "decisions.decided", (0.95, 1.0)),
    ("decisions.collective_decision", "decisions.decided", (0.95, 1.0)),
    ("decisions.procedure_complete", "decisions.decided", (0.9, 1.0)),
    ("decisions.hearings", "decisions.decided", (0.05, 0.25)),
    ("decisions.post_evaluations", "decisions.decided", (0.1, 0.3)),
    ("enforcement.case_files_reviewed", "enforcement.cases", (0.01, 0.03)),
    ("enforcement.case_files_excellent", "enforcement.case_files_reviewed", (0.1, 0.3)),
    ("enforcement.major_cases_legal_review", "enforcement.cases", (0.005, 0.02)),
    ("enforcement.transfers_to_judiciary", "enforcement.cases", (0.002, 0.008)),
    ("enforcement.cross_dept_tasks", "enforcement.random_inspection_tasks", (0.1, 0.3)),
    ("complaints.closed", "complaints.tickets", (0.96, 1.0)),
    ("complaints.petitions_accepted", "complaints.petitions", (0.9, 0.98)),
    ("complaints.petitions_closed", "complaints.petitions_accepted", (0.92, 0.99)),
    ("mediation.success", "mediation.cases", (0.85, 0.98)),
    ("mediation.administrative_mediation", "mediation.cases", (0.02, 0.08)),
]
#: a department's own figures are a fraction of a county's
DEPARTMENT_SCALE = 0.2


def _bounds() -> list[tuple[str, str, tuple[float, float]]]:
    """PARTS, then every rate's single numerator as a share of its single denominator (catalog 口径)."""
    from fazhi.metrics.registry import all_metrics

    bounds = list(PARTS)
    listed = {part for part, _, _ in bounds}
    for metric in all_metrics():
        if metric.is_rate and len(metric.numerator) == 1 and len(metric.denominator) == 1:
            if metric.numerator[0] not in listed:
                bounds.append((metric.numerator[0], metric.denominator[0], (0.85, 0.99)))
    return bounds


def _missing_rows(context, unit, year: int) -> list[dict]:
    """Typed-in rows for every figure the unit's outline quotes that has no value yet."""
    rng = context.rng
    period = Period.for_year(year)
    memo: dict = {}
    keys: list[str] = []
    for item in effective_outline(unit, period_for_year(year)).items:
        for block_key in item.blocks:
            keys += [k for k in get_block(block_key).keys if k not in keys]
    scale = 1.0 if unit.kind == "government" else DEPARTMENT_SCALE
    counts: dict[str, int | None] = {}
    rates: list = []
    for key in keys:
        metric = get_metric(key)
        if metric.alias_of or not metric.may_be_typed_in:
            continue
        value = evaluate(key, unit, period, memo=memo)
        if value.value is not None or value.not_applicable:
            continue
        if metric.is_rate:
            rates.append(metric)
        else:
            counts[key] = None  # drawn below, once every whole it depends on is known

    def known(key: str):
        if key in counts:
            return counts[key]
        return evaluate(key, unit, period, memo=memo).value

    def base(key: str) -> int:
        low, high = RANGES.get(key, (5, 60))
        return max(1, round(rng.randint(low, high) * scale))

    # a rate is typed in as its counts where the catalog's 口径 names countable ones, so that the rate
    # the report states follows from the counts it states (败诉率 from 败诉 and 审结)
    for metric in rates:
        components = (*metric.numerator, *metric.denominator)
        if metric.numerator and all(get_metric(k).may_be_typed_in for k in components):
            for k in components:
                if k not in counts and known(k) is None:
                    counts[k] = base(k)

    for key in counts:
        if counts[key] is None:
            counts[key] = base(key)
    for part, whole, (low, high) in _bounds():
        total = known(whole) if part in counts else None
        if total is not None:
            counts[part] = round(total * rng.uniform(low, high))
    rows = [{"key": key, "value": number} for key, number in counts.items()]
    for metric in rates:
        # a rate whose counts are all known is computed from them; type in only the others
        if metric.numerator and all(known(k) is not None for k in (*metric.numerator, *metric.denominator)):
            continue
        low, high = RATE_RANGES.get(metric.key, (85, 100))
        rows.append({"key": metric.key, "value": Decimal(str(round(rng.uniform(low, high), 1)))})
    evidence = f"{unit.name}法治办汇总各单位报送数据（{period.label}）"
    return [{**row, "unit": unit, "period": period, "evidence": evidence} for row in rows]


def _write_sections(actor, report) -> None:
    for section in report.sections.order_by("order"):
        if section.narrative.strip() or (
            section.level == 1 and report.sections.filter(order__gt=section.order, level=2).exists()
        ):
            continue
        text = _text_for(section.title)
        if text:
            section_save(actor=actor, section=section, narrative=text, note=f"撰写“{section.title}”")


def _drop_gaps(actor, report) -> None:
    """What a drafter does with a figure nobody keeps: delete the sentence that quotes it."""
    from fazhi.reporting.figures import FigureResolver

    resolver = FigureResolver(report.unit, report.year)
    for section in ReportSection.objects.filter(report=report).order_by("order"):
        kept = []
        for paragraph in section.narrative.split("\n"):
            sentences = [s for s in paragraph.split("。") if s]
            good = [
                s
                for s in sentences
                if not any(resolver.resolve(m.group(1)).missing for m in TOKEN_RE.finditer(s))
            ]
            if good:
                kept.append("。".join(good) + "。")
        text = "\n".join(kept)
        if text != section.narrative:
            section_save(
                actor=actor, section=section, narrative=text, note=f"删去无数据的句子（{section.title}）"
            )


def build_reports(context) -> None:
    year = context.previous_year
    admin, fzb, leader = context.actor, context.user("fzb"), context.user("leader")
    county = context.unit("qh")
    rows = _missing_rows(context, county, year)
    for code in ("qh-gaj", "qh-sfj"):
        rows += _missing_rows(context, context.unit(code), year)
    if rows:
        metric_entries_create_bulk(actor=admin, rows=rows, note="演示数据：年度报告所需数据")

    report = report_create(actor=fzb, unit=county, year=year, signed_on=datetime.date(year + 1, 2, 20))
    _write_sections(fzb, report)
    report_submit(actor=fzb, report=report)
    report_review_pass(actor=fzb, report=report)
    report_leader_approve(actor=leader, report=report)
    report_freeze(actor=fzb, report=report)
    report_publish(actor=fzb, report=report)

    # departments: one still being drafted, one with the 法治办, one waiting for the leader
    report_create(actor=admin, unit=context.unit("qh-scj"), year=year)
    for code, steps in (("qh-gaj", 1), ("qh-sfj", 2)):
        dept = report_create(actor=admin, unit=context.unit(code), year=year)
        _write_sections(admin, dept)
        _drop_gaps(admin, dept)
        report_submit(actor=admin, report=dept)
        if steps > 1:
            report_review_pass(actor=fzb, report=dept)


register_demo_step("reporting.reports", 900, build_reports)
