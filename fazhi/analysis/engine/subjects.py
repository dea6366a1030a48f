"""Subject phrases → catalog metric keys (docs/analysis.md reproduces this table).

A rule names a metric when the words around a number say clearly what is counted. Each rule has:

* ``key`` — the catalog key (fazhi/metrics/catalog.py, METRICS.md);
* ``before`` — a pattern the words just before the number must **end** with (fillers such as 共, 达,
  为, 的 removed first), or ``after`` — a pattern the words just after the unit must **start** with
  (for "对14宗疑难案件进行庭审听证", where the thing counted follows the number);
* ``domain`` — for generic verbs (受理, 维持, 撤销 …): the topic the paragraph is on at that point,
  i.e. the nearest topic word before the number (see ``DOMAIN_CUES``);
* ``units`` — the units of measure the figure may have (counts by default; ``%`` for rates).

Rules are tried in order; the first that matches wins. Anything else is kept as a labelled free
figure (``other:<label>``). Rate names alone that several 口径 share (“纠错率”, “及时率”, “通过率”,
“满意率” outside the hotline) are deliberately not mapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COUNT_UNITS = frozenset("件 宗 人 名 份 个 项 次 条 户 张 本 人次 家 起 批".split())
PERCENT = frozenset({"%"})

#: topic words: the last one before a number (within its paragraph) gives the paragraph's topic
DOMAIN_CUES: list[tuple[str, str]] = [
    ("reconsideration", r"复议"),
    ("litigation", r"应诉|行政诉讼|被告|败诉"),
    ("normative", r"规范性文件"),
    ("advisors", r"法律顾问"),
    ("enforcement", r"执法"),
    ("complaints", r"热线|工单"),
    ("mediation", r"调解(?!结案)|调处|纠纷"),  # 调解结案 is a way a 复议 case ends, not a change of topic
]
DOMAIN_RE = re.compile("|".join(f"(?P<{d}>{p})" for d, p in DOMAIN_CUES))


@dataclass(frozen=True)
class Rule:
    key: str
    before: str = ""
    after: str = ""
    domain: str = ""
    units: frozenset = COUNT_UNITS
    context: str = ""  # a pattern the sentence up to the number must contain
    not_domain: str = ""  # the rule does not apply while the paragraph is on this topic

    def __post_init__(self):
        object.__setattr__(self, "_before", re.compile(f"(?:{self.before})$") if self.before else None)
        object.__setattr__(self, "_after", re.compile(f"^(?:{self.after})") if self.after else None)
        object.__setattr__(self, "_context", re.compile(self.context) if self.context else None)


R = "reconsideration"
D = "的?"
RULES: list[Rule] = [
    # --- 行政复议 (RULES.md §1.6 outcome types; METRICS.md reconsideration.*) ---
    Rule("reconsideration.correction_rate", r"综合纠错率", units=PERCENT),
    Rule("reconsideration.direct_correction_rate", r"直接纠错率", units=PERCENT),
    Rule("reconsideration.received", r"(收到|新收|接收|共有)[^,、]{0,6}复议申请(总数)?"),
    Rule("reconsideration.not_accepted", r"不予受理" + D, domain=R),
    Rule("reconsideration.other_handling", r"[作做]其他处理" + D, domain=R),
    Rule("reconsideration.pending", r"未(办|审)?结(案件)?" + D, domain=R),
    Rule(
        "reconsideration.closed", r"(办结|审结|(?<!调解)结案)(已受理)?(的)?(行政复议)?(案件)?" + D, domain=R
    ),
    Rule("reconsideration.accepted", r"(?<!不予)(?<!不)(?<!已)受理(行政复议)?(申请|案件)?", domain=R),
    Rule("reconsideration.upheld", r"维持(原行政行为)?" + D, domain=R),
    Rule("reconsideration.revoked", r"撤销" + D, domain=R),
    Rule("reconsideration.changed", r"变更" + D, domain=R),
    Rule("reconsideration.confirmed_illegal", r"确认违法" + D, domain=R),
    Rule("reconsideration.confirmed_invalid", r"确认无效" + D, domain=R),
    Rule("reconsideration.ordered_perform", r"责令(被申请人)?履行(法定职责)?" + D, domain=R),
    Rule("reconsideration.rejected", r"驳回(复议)?(申请|请求)?" + D, domain=R),
    Rule("reconsideration.terminated", r"终止(审理)?" + D, domain=R),
    Rule("reconsideration.withdrawn", r"撤回(申请)?" + D, domain=R),
    Rule("reconsideration.mediated", r"调解(结案)?" + D, domain=R),
    Rule("reconsideration.simple_procedure", after=r"[^,;。]{0,12}适用简易程序", domain=R),
    Rule("reconsideration.simple_procedure", r"适用简易程序(审理|审查)?" + D, domain=R),
    Rule("reconsideration.hearings", after=r"[^,;。]{0,10}(庭审)?听证", domain=R),
    # --- 行政应诉 ---
    Rule("litigation.head_appearance_rate", r"负责人出庭(应诉)?率", units=PERCENT),
    Rule("litigation.loss_rate", r"败诉率", units=PERCENT),
    Rule("litigation.first_instance", r"一审(应诉)?(案件)?"),
    Rule("litigation.second_instance", r"二审[^,、]{0,6}"),
    Rule("litigation.cases", r"行政应诉(案件)?"),
    Rule("litigation.lost", r"败诉(案件)?", domain="litigation"),
    # --- 行政规范性文件 ---
    Rule("normative.filing_timely_rate", r"报备及时率", units=PERCENT),
    Rule("normative.filing_rate", r"(规范性文件)?报备率", units=PERCENT),
    Rule("normative.pre_reviewed", r"前置审查[^,、]{0,12}规范性文件(草案)?(文本)?"),
    Rule("normative.filing_reviewed", r"备案审查[^,、]{0,12}规范性文件"),
    Rule("normative.filed", r"(报送)?备案[^,、审]{0,12}规范性文件"),
    Rule("normative.reviewed", r"(审查|审核)(?!党内)[^,、]{0,24}规范性文件(草案)?(文本)?"),
    Rule("normative.reviewed", after=r"[^,;。]{0,6}规范性文件的?合法性(审核|审查)意见"),
    Rule("normative.issued_government", r"(出台|制发|印发|发布|制定)[^,、]{0,6}政府规范性文件"),
    Rule("normative.issued_department", r"部门规范性文件", domain="normative"),
    Rule("normative.issued", r"(出台|制发|印发|发布|制定)[^,、]{0,6}规范性文件"),
    Rule("normative.cleanup_kept", r"(继续有效|保留)" + D, domain="normative"),
    Rule("normative.cleanup_amended", r"(修改|修订)" + D, domain="normative"),
    Rule("normative.cleanup_repealed", r"(废止)" + D, domain="normative"),
    Rule("normative.cleanup_expired", r"(宣布)?失效" + D, domain="normative"),
    # --- 重大行政决策 ---
    Rule("decisions.catalog_items", after=r"重大行政决策(目录)?事项"),
    Rule("decisions.catalog_items", r"重大行政决策目录(事项)?"),
    # --- 法律顾问 ---
    Rule("advisors.coverage_rate", r"法律顾问覆盖率", units=PERCENT),
    Rule("advisors.opinions", r"出具[^,、]{0,8}(法律意见|合法性审查意见)书?", units=COUNT_UNITS),
    Rule("advisors.consultations", r"(参与|论证|咨询)[^,]{0,10}涉法事务", units=frozenset({"人次", "次"})),
    # --- 行政执法 ---
    Rule("enforcement.cross_dept_tasks", r"跨部门[^,、]{0,6}抽查任务"),
    Rule("enforcement.random_inspection_tasks", r"双随机[^,、]{0,4}抽查任务"),
    Rule(
        "enforcement.random_inspection_entities",
        after=r"(企业|市场主体|商户)[^,;。]{0,8}抽查",
        units=frozenset({"户", "家"}),
    ),
    Rule("enforcement.case_files_excellent", r"优秀案卷"),
    Rule("enforcement.case_files_reviewed", after=r"[^,;。]{0,8}案卷[^,;。]{0,6}评查"),
    Rule("enforcement.case_files_reviewed", r"评查[^,、]{0,6}案卷"),
    Rule("enforcement.supervision_certificates", r"执法监督证"),
    Rule("enforcement.certificates_new", r"新证申领|申领新证", context=r"执法|证"),
    Rule("enforcement.certificates_renewed", r"年审换证", context=r"执法|证"),
    Rule("enforcement.certificates_replaced", r"换(发)?新证", context=r"执法|证"),
    Rule("enforcement.certificates_total", r"共[^,、]{0,4}换发证"),
    Rule(
        "enforcement.certificates_issued",
        r"(申领|换领|换发)[^,、]{0,2}(行政)?执法证(件)?",
        units=frozenset({"个", "本", "张", "件", "人次"}),
    ),
    Rule("enforcement.bodies", r"(行政)?执法主体"),
    Rule("enforcement.personnel", r"(持证[^,、]{0,4}|共有行政)执法人员", units=frozenset({"名", "人"})),
    Rule("enforcement.training_pass_rate", r"执法资格考试[^,、]{0,4}(通过率|合格率)", units=PERCENT),
    Rule("enforcement.transfers_to_judiciary", r"移送[^,、]{0,8}(司法机关|公安机关)[^,、]{0,4}(案件)?"),
    # --- 政府信息公开 ---
    Rule("disclosure.proactive", r"主动公开[^,、]{0,6}信息"),
    Rule("disclosure.requests", r"依申请公开(政府信息)?(申请)?"),
    # --- 投诉·热线·信访 ---
    Rule("complaints.tickets", r"热线[^,、]{0,8}工单"),
    Rule("complaints.satisfaction_rate", r"满意率", units=PERCENT, context=r"热线|工单"),
    Rule("complaints.ontime_rate", r"按时办结率", units=PERCENT, context=r"热线|工单"),
    Rule("complaints.petition_accept_rate", r"信访受理率", units=PERCENT),
    Rule("complaints.petition_close_rate", r"信访办结率", units=PERCENT),
    # --- 矛盾纠纷化解 ---
    Rule("mediation.success_rate", r"调解成功率", units=PERCENT),
    Rule("mediation.success", r"调解成功" + D),
    Rule("mediation.administrative_mediation", r"行政调解(案件|纠纷)?" + D),
    Rule("mediation.cases", r"调解(案件|纠纷)?|调[解处][^,、]{0,6}纠纷|人民调解"),
    Rule("mediation.legal_aid_cases", r"法律援助案件"),
    # --- 学法·培训 ---
    Rule("training.exam_participation_rate", r"参考率", units=PERCENT),
    Rule("training.exam_pass_rate", r"学法考试[^,、]{0,4}(合格率|通过率)", units=PERCENT),
    Rule("training.leader_study_topics", after=r"学法议题"),
    Rule("training.leader_study_topics", r"学法议题"),
    Rule(
        "training.exam_participants", after=r"[^,;。]{0,8}参加(了)?(学法)?考试", units=frozenset({"名", "人"})
    ),
    # training of enforcement staff before they receive their certificates is not 学法 of officials
    Rule(
        "training.participants",
        after=r"[^,;。]{0,8}参加(了)?[^,;。]{0,4}(培训|学习|研讨|轮训)",
        units=frozenset({"名", "人", "人次"}),
        not_domain="enforcement",
    ),
    Rule("training.sessions", r"培训", units=frozenset({"次"})),
    Rule("training.pre_appointment_tests", r"任前法律知识测试"),
]

FILLERS = re.compile(
    r"(共计|共有|合计|累计|总计|总数|分别为|均为|均达|达到|首达|共|计|达|为|是|约|了|的|有|\s)+$"
)


def strip_fillers(text: str) -> str:
    return FILLERS.sub("", text)


def domain_at(window: str) -> str:
    """The topic of the last topic word in ``window`` (text before a number)."""
    last = ""
    for m in DOMAIN_RE.finditer(window):
        last = m.lastgroup or last
    return last


def match(before: str, after: str, unit: str, domain: str, context: str) -> str:
    """The catalog key for a number, or "" when no rule says clearly what it counts."""
    b = strip_fillers(before)
    for rule in RULES:
        if unit == "":  # a number written without its unit: counts only, the unit is inferred later
            if rule.units == PERCENT:
                continue
        elif unit not in rule.units:
            continue
        if rule.domain and domain != rule.domain:
            continue
        if rule.not_domain and domain == rule.not_domain:
            continue
        if rule._context is not None and not rule._context.search(context):
            continue
        if rule._before is not None and (not b or not rule._before.search(b)):
            continue
        if rule._after is not None and not rule._after.search(after):
            continue
        return rule.key
    return ""
