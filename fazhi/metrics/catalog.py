"""The metric catalog (指标口径), seeded from domain/METRICS.md: one row per metric.

Each row: key, Chinese label, unit of measure, kind, how the figure is obtained, definition.
Rates add their numerator and denominator (lists of count keys, summed) — the 口径 — which a
deployment may replace through ``FAZHI_METRIC_FORMULAS`` (docs/metrics.md).

``origin`` says where a key comes from: METRICS.md (the default), or ``fazhi`` for keys this code
adds, mostly the numerators and denominators METRICS.md names in words only ("cases where the head
appeared"). A module that owns the records registers how a metric is computed (registry.py); the
catalog only says that it can be.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COUNT = "count", _("计数")
    RATE = "rate", _("比率")
    AMOUNT = "amount", _("金额")
    SCORE = "score", _("得分")


class Obtained(models.TextChoices):
    COMPUTED = "computed", _("由业务记录计算")
    TYPED_IN = "typed_in", _("人工填报")
    BOTH = "both", _("计算或填报")


class Origin(models.TextChoices):
    METRICS_MD = "METRICS.md", _("指标口径表")
    GOLD = "gold.json", _("年度报告标注")
    FAZHI = "fazhi", _("本平台补充")


#: additive kinds: a unit's figure is the sum over itself and the units below it
ADDITIVE_KINDS = frozenset({Kind.COUNT, Kind.AMOUNT})


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str  # unit of measure: 件, %, 人 …
    kind: str
    obtained: str
    definition: str | Promise
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    #: the key this one is another name for (METRICS.md "drafts_reviewed / reviewed")
    alias_of: str = ""
    #: the METRICS.md name of a group of keys ("one key per statutory response type")
    family: str = ""
    origin: str = Origin.METRICS_MD
    decimals: int = 1

    @property
    def domain(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def obtained_label(self) -> str:
        return str(Obtained(self.obtained).label)

    @property
    def is_rate(self) -> bool:
        return self.kind == Kind.RATE

    @property
    def is_additive(self) -> bool:
        return self.kind in ADDITIVE_KINDS

    @property
    def may_be_computed(self) -> bool:
        return self.obtained in (Obtained.COMPUTED, Obtained.BOTH)

    @property
    def may_be_typed_in(self) -> bool:
        return self.obtained in (Obtained.TYPED_IN, Obtained.BOTH)


#: domain prefix → its heading, in METRICS.md order
DOMAINS: dict[str, str | Promise] = {
    "reconsideration": _("行政复议"),
    "litigation": _("行政应诉"),
    "normative": _("行政规范性文件"),
    "decisions": _("重大行政决策"),
    "advisors": _("法律顾问"),
    "enforcement": _("行政执法"),
    "disclosure": _("政府信息公开"),
    "complaints": _("投诉·热线·信访"),
    "mediation": _("矛盾纠纷化解"),
    "training": _("学法·培训"),
    "planning": _("年度工作要点与考核"),
}

C, R, A, S = Kind.COUNT, Kind.RATE, Kind.AMOUNT, Kind.SCORE
BOTH, TYPED, COMPUTED = Obtained.BOTH, Obtained.TYPED_IN, Obtained.COMPUTED
FAZHI = Origin.FAZHI


def m(key, label, unit, kind, obtained, definition, **more) -> Metric:
    return Metric(key, label, unit, kind, obtained, definition, **more)


def rate(key, label, numerator, denominator, definition, **more) -> Metric:
    """A percentage recomputed from summed counts, never averaged; a zero denominator is "—"."""
    more.setdefault("obtained", BOTH)
    return Metric(
        key,
        label,
        "%",
        R,
        more.pop("obtained"),
        definition,
        numerator=tuple(numerator),
        denominator=tuple(denominator),
        **more,
    )


_RC = "reconsideration."
#: METRICS.md: 综合纠错率 = (revoked + changed + confirmed_illegal + confirmed_invalid + ordered_perform
#: + terminated) / closed — checked against 南海 2016 27.8%, 2017 26.6%, 2018 40.5%
CORRECTION_NUMERATOR = tuple(
    _RC + k
    for k in ("revoked", "changed", "confirmed_illegal", "confirmed_invalid", "ordered_perform", "terminated")
)
DIRECT_CORRECTION_NUMERATOR = CORRECTION_NUMERATOR[:-1]

# fmt: off
CATALOG: tuple[Metric, ...] = (
    # --- 行政复议 ---------------------------------------------------------------------------------
    m("reconsideration.received", _("收到复议申请"), "件", C, BOTH, _("期间内收到的行政复议申请")),
    m("reconsideration.accepted", _("受理"), "件", C, BOTH, _("期间内受理的行政复议申请")),
    m("reconsideration.not_accepted", _("不予受理"), "件", C, BOTH, _("期间内决定不予受理的申请")),
    m("reconsideration.other_handling", _("作其他处理"), "件", C, BOTH,
      _("既未受理也未决定不予受理的申请（告知、转送、补正未果等）")),
    m("reconsideration.closed", _("审结"), "件", C, BOTH, _("期间内以复议决定或终止审结（办结）的案件")),
    m("reconsideration.pending", _("未结"), "件", C, BOTH, _("已受理、至期末尚未审结的案件（期末数）")),
    m("reconsideration.upheld", _("维持"), "件", C, BOTH, _("决定维持的案件")),
    m("reconsideration.revoked", _("撤销"), "件", C, BOTH, _("决定撤销的案件（含撤销并责令重作）")),
    m("reconsideration.changed", _("变更"), "件", C, BOTH, _("决定变更的案件")),
    m("reconsideration.confirmed_illegal", _("确认违法"), "件", C, BOTH, _("决定确认违法的案件")),
    m("reconsideration.confirmed_invalid", _("确认无效"), "件", C, BOTH, _("决定确认无效的案件")),
    m("reconsideration.ordered_perform", _("责令履行"), "件", C, BOTH, _("决定责令履行法定职责的案件")),
    m("reconsideration.rejected", _("驳回"), "件", C, BOTH, _("决定驳回复议请求或驳回复议申请的案件")),
    m("reconsideration.mediated", _("调解"), "件", C, BOTH, _("以行政复议调解书结案的案件")),
    m("reconsideration.terminated", _("终止"), "件", C, BOTH, _("决定终止审理的案件（含撤回申请、和解后终止）")),
    m("reconsideration.withdrawn", _("撤回"), "件", C, BOTH,
      _("因申请人撤回申请而终止的案件（两者同时统计时为“终止”的一部分）")),
    m("reconsideration.terminated_self_corrected", _("被申请人自行纠正后终止"), "件", C, BOTH,
      _("被申请人改变或撤销原行政行为后，申请人撤回申请而终止的案件；供只计此类终止的纠错率口径使用"),
      origin=FAZHI),
    rate("reconsideration.correction_rate", _("综合纠错率"), CORRECTION_NUMERATOR, (_RC + "closed",),
         _("（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结。各地口径不一（有的只计被申请人自行纠正后的终止），"
           "可由设置 FAZHI_METRIC_FORMULAS 改变，报告须注明所用口径")),
    rate("reconsideration.direct_correction_rate", _("直接纠错率"), DIRECT_CORRECTION_NUMERATOR,
         (_RC + "closed",), _("（撤销＋变更＋确认违法＋确认无效＋责令履行）÷审结")),
    m("reconsideration.simple_procedure", _("适用简易程序"), "件", C, BOTH, _("适用简易程序审理的案件")),
    m("reconsideration.hearings", _("听证"), "件", C, BOTH, _("举行听证的案件")),
    m("reconsideration.overdue", _("超期"), "件", C, BOTH, _("超过法定期限（已计入延期）作出决定的案件")),
    # An average is not summed up the tree (kind score: a unit's own figure): it is computed over the
    # subtree's closed cases in one query, never averaged from the units' averages.
    m("reconsideration.avg_handling_days", _("平均办理天数"), "日", S, BOTH,
      _("期间内审结案件自受理（含视为受理）至结案的自然日数的平均值，保留一位小数"), origin=FAZHI, decimals=1),
    m("reconsideration.decided_on_merits", _("作出复议决定"), "件", C, BOTH,
      _("期间内依法受理后作出维持、撤销、变更、确认违法、确认无效、责令履行或驳回复议请求决定的案件"
        "（不含驳回申请、调解、终止）；全国统计纠错率口径的分母"), origin=FAZHI),

    # --- 行政应诉 ---------------------------------------------------------------------------------
    m("litigation.cases", _("行政应诉案件"), "件", C, BOTH, _("期间内本级及下级行政机关作为被告应诉的行政诉讼案件")),
    m("litigation.first_instance", _("一审"), "件", C, BOTH, _("一审案件")),
    m("litigation.second_instance", _("二审"), "件", C, BOTH, _("二审案件")),
    m("litigation.retrial", _("再审"), "件", C, BOTH, _("再审案件")),
    m("litigation.judged", _("已审结案件"), "件", C, BOTH, _("期间内法院作出生效裁判的案件，败诉率的分母"), origin=FAZHI),
    m("litigation.lost", _("败诉"), "件", C, BOTH, _("行政机关败诉的案件")),
    rate("litigation.loss_rate", _("败诉率"), ("litigation.lost",), ("litigation.judged",),
         _("败诉案件÷已审结案件")),
    m("litigation.appearance_required", _("应出庭应诉案件"), "件", C, BOTH,
      _("开庭审理且依法应由行政机关负责人出庭的案件，出庭应诉率的分母"), origin=FAZHI),
    m("litigation.head_appeared", _("负责人出庭应诉案件"), "件", C, BOTH,
      _("行政机关负责人出庭应诉的案件，出庭应诉率的分子"), origin=FAZHI),
    rate("litigation.head_appearance_rate", _("行政机关负责人出庭应诉率"), ("litigation.head_appeared",),
         ("litigation.appearance_required",), _("负责人出庭应诉案件÷应出庭应诉案件")),
    m("litigation.judicial_suggestions", _("司法建议"), "件", C, BOTH, _("收到的人民法院司法建议")),
    m("litigation.procuratorial_suggestions", _("检察建议"), "件", C, BOTH, _("收到的人民检察院检察建议")),

    # --- 行政规范性文件 ---------------------------------------------------------------------------
    m("normative.reviewed", _("合法性审核"), "件", C, BOTH, _("期间内完成合法性审核的规范性文件草案")),
    m("normative.drafts_reviewed", _("草案合法性审核"), "件", C, BOTH, _("同“合法性审核”（normative.reviewed）"),
      alias_of="normative.reviewed"),
    m("normative.issued", _("制发规范性文件"), "件", C, BOTH, _("期间内公布的行政规范性文件")),
    m("normative.issued_government", _("政府规范性文件"), "件", C, BOTH, _("以人民政府或其办公室名义公布的规范性文件")),
    m("normative.issued_department", _("部门规范性文件"), "件", C, BOTH, _("以政府部门名义公布的规范性文件")),
    m("normative.filed", _("报送备案"), "件", C, BOTH, _("公布后报送备案的规范性文件")),
    m("normative.filed_timely", _("按时报送备案"), "件", C, BOTH, _("在规定期限内报送备案的规范性文件，报备及时率的分子"),
      origin=FAZHI),
    m("normative.filing_reviewed", _("备案审查"), "件", C, BOTH, _("对下级政府和部门报备的规范性文件进行备案审查的件数")),
    m("normative.pre_reviewed", _("前置审查"), "件", C, BOTH, _("公布前经司法行政部门前置审查的规范性文件")),
    rate("normative.filing_rate", _("报备率"), ("normative.filed",), ("normative.issued",), _("报送备案÷制发规范性文件")),
    rate("normative.filing_timely_rate", _("报备及时率"), ("normative.filed_timely",), ("normative.filed",),
         _("按时报送备案÷报送备案")),
    m("normative.cleanup_kept", _("清理后继续有效"), "件", C, BOTH, _("清理中决定继续有效（保留）的文件")),
    m("normative.cleanup_amended", _("清理后修改"), "件", C, BOTH, _("清理中决定修改的文件")),
    m("normative.cleanup_repealed", _("清理后废止"), "件", C, BOTH, _("清理中决定废止的文件")),
    m("normative.cleanup_expired", _("宣布失效"), "件", C, BOTH, _("清理中宣布失效的文件")),
    m("normative.expiring", _("即将到期"), "件", C, COMPUTED, _("期末现行有效、有效期在其后 90 日内届满的文件")),
    m("normative.interpretations", _("政策解读"), "件", C, BOTH, _("随文件发布的政策解读")),
    m("normative.repealed", _("废止规范性文件"), "件", C, BOTH,
      _("期间内废止的行政规范性文件（含清理中废止），政府信息公开年度报告“本年废止件数”"), origin=FAZHI),
    m("normative.in_force", _("现行有效规范性文件"), "件", C, BOTH,
      _("期末现行有效的行政规范性文件（已公布，未被修改、废止或失效），政府信息公开年度报告“现行有效件数”"),
      origin=FAZHI),

    # --- 重大行政决策 -----------------------------------------------------------------------------
    m("decisions.catalog_items", _("决策目录事项"), "项", C, BOTH, _("列入年度重大行政决策目录的事项")),
    m("decisions.decided", _("作出决策"), "项", C, BOTH, _("期间内作出的重大行政决策")),
    m("decisions.public_participation", _("完成公众参与"), "项", C, BOTH, _("已完成公众参与程序的决策")),
    m("decisions.expert_review", _("完成专家论证"), "项", C, BOTH, _("已完成专家论证程序的决策")),
    m("decisions.risk_assessment", _("完成风险评估"), "项", C, BOTH, _("已完成风险评估程序的决策")),
    m("decisions.legality_review", _("完成合法性审查"), "项", C, BOTH, _("已完成合法性审查程序的决策")),
    m("decisions.collective_decision", _("完成集体讨论决定"), "项", C, BOTH, _("已经集体讨论决定的决策")),
    m("decisions.hearings", _("决策听证"), "次", C, BOTH, _("为重大行政决策举行的听证会")),
    m("decisions.post_evaluations", _("决策后评估"), "项", C, BOTH, _("开展决策后评估的决策")),
    m("decisions.procedure_complete", _("法定程序全部履行的决策"), "项", C, BOTH,
      _("应履行的法定程序均已完成的决策，程序履行率的分子"), origin=FAZHI),
    rate("decisions.procedure_complete_rate", _("法定程序履行率"), ("decisions.procedure_complete",),
         ("decisions.decided",), _("法定程序全部履行的决策÷作出决策")),

    # --- 法律顾问 ---------------------------------------------------------------------------------
    m("advisors.advisors", _("法律顾问"), "人", C, BOTH, _("期末聘请的法律顾问")),
    m("advisors.public_lawyers", _("公职律师"), "人", C, BOTH, _("期末在职的公职律师")),
    m("advisors.opinions", _("出具法律意见"), "份", C, BOTH, _("出具的法律意见书和合法性审查意见书")),
    m("advisors.consultations", _("参与涉法事务"), "人次", C, BOTH, _("法律顾问、公职律师参与涉法事务的人次")),
    m("advisors.contracts_reviewed", _("合同审查"), "件", C, BOTH, _("审查的合同")),
    m("advisors.units_covered", _("已聘请法律顾问的单位"), "个", C, BOTH, _("期末已聘请法律顾问或配备公职律师的单位"),
      origin=FAZHI),
    m("advisors.units_total", _("应聘请法律顾问的单位"), "个", C, BOTH, _("期末应当聘请法律顾问的单位"), origin=FAZHI),
    rate("advisors.coverage_rate", _("法律顾问覆盖率"), ("advisors.units_covered",), ("advisors.units_total",),
         _("已聘请法律顾问的单位÷应聘请法律顾问的单位")),

    # --- 行政执法 ---------------------------------------------------------------------------------
    m("enforcement.bodies", _("执法主体"), "个", C, BOTH, _("期末经确认的行政执法主体")),
    m("enforcement.personnel", _("持证执法人员"), "名", C, BOTH, _("期末持有有效行政执法证的人员")),
    m("enforcement.certificates_issued", _("申领与换领执法证"), "个", C, BOTH, _("期间内新申领与换领的行政执法证")),
    m("enforcement.certificates_new", _("新证申领"), "个", C, BOTH, _("期间内新申领的行政执法证")),
    m("enforcement.certificates_renewed", _("年审换证"), "个", C, BOTH, _("期间内经年审换发的行政执法证")),
    m("enforcement.certificates_replaced", _("换发新证"), "个", C, BOTH, _("期间内统一换发的新版行政执法证")),
    m("enforcement.certificates_total", _("执法证总数"), "个", C, BOTH, _("期末有效的行政执法证")),
    m("enforcement.supervision_certificates", _("执法监督证"), "个", C, BOTH, _("期末有效的行政执法监督证")),
    m("enforcement.cases", _("执法案件"), "件", C, BOTH, _("期间内立案的行政执法案件（含简易程序当场处罚）")),
    m("enforcement.major_cases_legal_review", _("重大执法决定法制审核"), "件", C, BOTH, _("经法制审核的重大执法决定")),
    m("enforcement.publications", _("应公示执法信息"), "件", C, BOTH, _("依法应当公示的执法决定，公示及时率的分母"),
      origin=FAZHI),
    m("enforcement.publications_timely", _("按时公示执法信息"), "件", C, BOTH,
      _("在规定期限内公示的执法决定，公示及时率的分子"), origin=FAZHI),
    rate("enforcement.publication_timely_rate", _("执法信息公示及时率"), ("enforcement.publications_timely",),
         ("enforcement.publications",), _("按时公示执法信息÷应公示执法信息")),
    m("enforcement.case_files_reviewed", _("案卷评查"), "宗", C, BOTH, _("参加评查的行政执法案卷")),
    m("enforcement.case_files_excellent", _("优秀案卷"), "宗", C, BOTH, _("评查中评为优秀的案卷")),
    m("enforcement.random_inspection_tasks", _("双随机抽查任务"), "个", C, BOTH, _("期间内实施的“双随机、一公开”抽查任务")),
    m("enforcement.random_inspection_entities", _("抽查对象"), "户", C, BOTH, _("双随机抽查的市场主体等检查对象")),
    m("enforcement.cross_dept_tasks", _("跨部门联合抽查"), "个", C, BOTH, _("跨部门联合实施的双随机抽查任务")),
    rate("enforcement.cross_dept_share", _("跨部门联合抽查占比"), ("enforcement.cross_dept_tasks",),
         ("enforcement.random_inspection_tasks",), _("跨部门联合抽查÷双随机抽查任务")),
    m("enforcement.transfers_to_judiciary", _("两法衔接移送"), "件", C, BOTH, _("行政执法机关移送司法机关的涉嫌犯罪案件")),
    m("enforcement.exam_participants", _("执法资格考试参考人数"), "人", C, BOTH, _("参加行政执法资格考试的人数"),
      origin=FAZHI),
    m("enforcement.exam_passed", _("执法资格考试合格人数"), "人", C, BOTH, _("行政执法资格考试合格的人数"), origin=FAZHI),
    rate("enforcement.training_pass_rate", _("执法资格考试通过率"), ("enforcement.exam_passed",),
         ("enforcement.exam_participants",), _("执法资格考试合格人数÷参考人数")),

    # --- 政府信息公开 -----------------------------------------------------------------------------
    m("disclosure.proactive", _("主动公开"), "条", C, BOTH, _("期间内主动公开的政府信息")),
    m("disclosure.requests", _("依申请公开"), "件", C, BOTH, _("期间内新收到的政府信息公开申请")),
    m("disclosure.requests_carried_over", _("上年结转申请"), "件", C, BOTH, _("上年度结转、本期继续办理的申请")),
    *(
        m(f"disclosure.responses_by_type.{suffix}", label, "件", C, BOTH, definition,
          family="disclosure.responses_by_type")
        for suffix, label, definition in (
            ("disclosed", _("答复：予以公开"), _("按《政府信息公开条例》答复予以公开的申请")),
            ("partly_disclosed", _("答复：部分公开"), _("答复部分公开（区分处理）的申请")),
            ("not_disclosed", _("答复：不予公开"), _("答复不予公开的申请（国家秘密、三安全一稳定、个人隐私等）")),
            ("unavailable", _("答复：无法提供"), _("答复无法提供的申请（本机关不掌握、未制作或获取、补正后仍不明确）")),
            ("not_processed", _("答复：不予处理"), _("不予处理的申请（信访举报投诉类、重复申请、要求提供公开出版物等）")),
            ("other", _("答复：其他处理"), _("作其他处理的申请（逾期未补正、未缴费等视为放弃）")),
        )
    ),
    m("disclosure.overdue", _("超期答复"), "件", C, BOTH, _("超过法定期限答复的申请")),
    m("disclosure.reconsiderations_against", _("因政府信息公开被申请行政复议"), "件", C, BOTH,
      _("因政府信息公开工作被申请行政复议的案件")),
    m("disclosure.lawsuits_against", _("因政府信息公开被提起行政诉讼"), "件", C, BOTH,
      _("因政府信息公开工作被提起行政诉讼的案件")),

    # --- 投诉·热线·信访 ---------------------------------------------------------------------------
    m("complaints.tickets", _("热线工单"), "件", C, BOTH, _("期间内受理的 12345 热线等工单")),
    m("complaints.closed", _("工单办结"), "件", C, BOTH, _("期间内办结的工单")),
    m("complaints.closed_ontime", _("按时办结工单"), "件", C, BOTH, _("在规定时限内办结的工单，按时办结率的分子"),
      origin=FAZHI),
    rate("complaints.ontime_rate", _("按时办结率"), ("complaints.closed_ontime",), ("complaints.closed",),
         _("按时办结工单÷工单办结")),
    m("complaints.callbacks", _("回访"), "件", C, BOTH, _("办结后进行回访并取得评价的工单")),
    m("complaints.satisfied", _("回访满意"), "件", C, BOTH, _("回访评价为满意或基本满意的工单，满意率的分子"),
      origin=FAZHI),
    rate("complaints.satisfaction_rate", _("满意率"), ("complaints.satisfied",), ("complaints.callbacks",),
         _("回访满意÷回访")),
    m("complaints.red_cards", _("督办红牌"), "张", C, BOTH, _("因超期或不满意被督办的红牌")),
    m("complaints.yellow_cards", _("督办黄牌"), "张", C, BOTH, _("因临近时限或办理不力被督办的黄牌")),
    m("complaints.petitions", _("信访"), "件", C, BOTH, _("期间内收到的信访事项（件；按批次统计的另行说明）")),
    m("complaints.petitions_accepted", _("信访受理"), "件", C, BOTH, _("依法受理的信访事项，受理率的分子"), origin=FAZHI),
    m("complaints.petitions_closed", _("信访办结"), "件", C, BOTH, _("已办结的受理信访事项，办结率的分子"), origin=FAZHI),
    rate("complaints.petition_accept_rate", _("信访受理率"), ("complaints.petitions_accepted",),
         ("complaints.petitions",), _("信访受理÷信访")),
    rate("complaints.petition_close_rate", _("信访办结率"), ("complaints.petitions_closed",),
         ("complaints.petitions_accepted",), _("信访办结÷信访受理")),

    # --- 矛盾纠纷化解 -----------------------------------------------------------------------------
    m("mediation.cases", _("调解案件"), "件", C, BOTH, _("期间内调解的矛盾纠纷")),
    m("mediation.success", _("调解成功"), "件", C, BOTH, _("调解成功的案件")),
    rate("mediation.success_rate", _("调解成功率"), ("mediation.success",), ("mediation.cases",), _("调解成功÷调解案件")),
    m("mediation.administrative_mediation", _("行政调解"), "件", C, BOTH, _("行政机关主持的行政调解案件")),
    m("mediation.legal_aid_cases", _("法律援助案件"), "件", C, TYPED,
      _("法律援助机构办理的案件；在法律援助系统中办理，按年填报")),

    # --- 学法·培训 --------------------------------------------------------------------------------
    m("training.sessions", _("培训"), "次", C, BOTH, _("组织的法治培训")),
    m("training.participants", _("参训人次"), "人次", C, BOTH, _("参加法治培训的人次")),
    m("training.leader_study_topics", _("会前学法议题"), "次", C, BOTH, _("政府常务会议、党组会议安排的学法议题")),
    m("training.exam_eligible", _("学法考试应参考人数"), "人", C, BOTH, _("应参加学法考试的人数，参考率的分母"), origin=FAZHI),
    m("training.exam_participants", _("学法考试参考人数"), "人", C, BOTH, _("实际参加学法考试的人数")),
    m("training.exam_passed", _("学法考试合格人数"), "人", C, BOTH, _("学法考试合格的人数，合格率的分子"), origin=FAZHI),
    rate("training.exam_participation_rate", _("学法考试参考率"), ("training.exam_participants",),
         ("training.exam_eligible",), _("学法考试参考人数÷应参考人数")),
    rate("training.exam_pass_rate", _("学法考试合格率"), ("training.exam_passed",), ("training.exam_participants",),
         _("学法考试合格人数÷参考人数")),
    m("training.pre_appointment_tests", _("任前法律知识测试"), "人次", C, BOTH, _("拟任领导干部任前法律知识测试的人次")),

    # --- 年度工作要点与考核 -----------------------------------------------------------------------
    m("planning.tasks", _("工作任务"), "项", C, BOTH, _("年度工作要点分解的工作任务")),
    m("planning.tasks_done", _("已完成任务"), "项", C, BOTH, _("期末已完成的工作任务")),
    m("planning.tasks_overdue", _("逾期任务"), "项", C, BOTH, _("期末超过完成时限仍未完成的工作任务")),
    rate("planning.completion_rate", _("任务完成率"), ("planning.tasks_done",), ("planning.tasks",),
         _("已完成任务÷工作任务")),
    m("planning.assessment_score", _("考评得分"), "分", S, BOTH,
      _("法治政府建设考评得分；按单位给出，不向上级汇总")),
)
# fmt: on
