"""Pools of the 行政复议 demo: respondents, matters, outcomes and fictional applicants (fazhi/reconsideration/demo.py).

Weights follow what county reports show: 公安 draws the most applications (traffic and public-order
penalties), then 市场监管 (complaints about complaints), 自然资源 (land), 人社 (work-injury findings),
住建, 综合执法 and the towns (demolition, information requests); 行政处罚 is the most common matter.
Every name, identity number and address is invented; identity numbers use the demo's area codes of
province 39, which GB/T 2260 does not assign.
"""

from __future__ import annotations

from fazhi.reconsideration.choices import (
    DecisionType,
    MatterCategory,
    SuspensionGround,
    TerminationGround,
)

C = MatterCategory

#: respondent (unit code, or the name of an organ outside the platform) → (weight, ((category, weight), …))
RESPONDENTS: tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...] = (
    ("qh-gaj", 30, ((C.PENALTY, 80), (C.COERCION, 8), (C.COMPLAINT, 6), (C.INACTION, 4), (C.DISCLOSURE, 2))),
    ("qh-scj", 14, ((C.COMPLAINT, 50), (C.PENALTY, 35), (C.DISCLOSURE, 10), (C.LICENSING, 5))),
    ("qh-zrj", 10, ((C.TITLE, 30), (C.PENALTY, 25), (C.DISCLOSURE, 25), (C.LICENSING, 10), (C.INACTION, 10))),
    ("qh-rsj", 8, ((C.CONFIRMATION, 65), (C.DISCLOSURE, 15), (C.INACTION, 10), (C.PENALTY, 10))),
    ("qh-zjj", 7, ((C.DISCLOSURE, 35), (C.LICENSING, 20), (C.INACTION, 20), (C.PENALTY, 15), (C.OTHER, 10))),
    ("qh-zhzf", 7, ((C.PENALTY, 60), (C.COERCION, 30), (C.COMPLAINT, 10))),
    ("qh-sthj", 3, ((C.PENALTY, 70), (C.COMPLAINT, 20), (C.DISCLOSURE, 10))),
    ("qh-jtj", 3, ((C.PENALTY, 80), (C.LICENSING, 20))),
    ("qh-wjj", 2, ((C.COMPLAINT, 50), (C.PENALTY, 40), (C.DISCLOSURE, 10))),
    ("qh-mzj", 1, ((C.CONFIRMATION, 60), (C.DISCLOSURE, 40))),
    ("qh-nyj", 1, ((C.PENALTY, 60), (C.TITLE, 40))),
    ("qh-ybj", 1, ((C.CONFIRMATION, 70), (C.PENALTY, 30))),
    ("qh-yjj", 1, ((C.PENALTY, 100),)),
    ("qh-jyj", 1, ((C.DISCLOSURE, 60), (C.LICENSING, 40))),
    ("qh-cgz", 3, ((C.DISCLOSURE, 35), (C.COERCION, 30), (C.INACTION, 20), (C.EXPROPRIATION, 15))),
    ("qh-hkz", 2, ((C.DISCLOSURE, 35), (C.COERCION, 30), (C.EXPROPRIATION, 20), (C.INACTION, 15))),
    ("qh-qxjd", 2, ((C.DISCLOSURE, 40), (C.COERCION, 30), (C.INACTION, 30))),
    ("qh-wcjd", 1, ((C.DISCLOSURE, 50), (C.EXPROPRIATION, 50))),
    ("qh-qsz", 1, ((C.TITLE, 50), (C.DISCLOSURE, 50))),
    ("qh-bsz", 1, ((C.COERCION, 50), (C.INACTION, 50))),
    ("清河县住房公积金管理中心", 1, ((C.OTHER, 60), (C.DISCLOSURE, 40))),
    ("清河县社会保险事业管理中心", 1, ((C.CONFIRMATION, 70), (C.OTHER, 30))),
)

#: the contested act by category: (act name, document-number pattern or "" for an act without a document)
ACTS = {
    C.PENALTY: ("行政处罚决定", "{short}罚决字〔{year}〕{n}号"),
    C.COMPLAINT: ("投诉举报处理告知", "{short}诉告〔{year}〕{n}号"),
    C.DISCLOSURE: ("政府信息公开申请答复", "{short}依申请公开〔{year}〕{n}号"),
    C.EXPROPRIATION: ("房屋征收补偿决定", "{short}征补决〔{year}〕{n}号"),
    C.CONFIRMATION: ("认定决定", "{short}认字〔{year}〕{n}号"),
    C.COERCION: ("强制拆除决定", "{short}强拆决〔{year}〕{n}号"),
    C.INACTION: ("未依法履行法定职责", ""),
    C.TITLE: ("土地权属争议处理决定", "{short}权决〔{year}〕{n}号"),
    C.LICENSING: ("不予行政许可决定", "{short}不许〔{year}〕{n}号"),
    C.OTHER: ("提取申请不予受理告知", "{short}告〔{year}〕{n}号"),
}

#: what the applicant asks for, by category (第六十三条至第六十八条)
REQUESTS = {
    C.PENALTY: ("撤销该行政处罚决定", "变更该行政处罚决定，减轻处罚", "确认该行政处罚决定违法"),
    C.COMPLAINT: ("撤销该投诉处理告知，责令被申请人重新处理", "确认被申请人的投诉处理行为违法"),
    C.DISCLOSURE: ("撤销该政府信息公开答复，责令被申请人重新答复", "责令被申请人公开所申请的政府信息"),
    C.EXPROPRIATION: ("撤销该房屋征收补偿决定", "变更补偿金额"),
    C.CONFIRMATION: ("撤销该认定决定，责令被申请人重新作出认定",),
    C.COERCION: ("确认该强制拆除行为违法", "撤销该强制拆除决定"),
    C.INACTION: ("责令被申请人依法履行法定职责", "确认被申请人不履行法定职责违法"),
    C.TITLE: ("撤销该土地权属争议处理决定",),
    C.LICENSING: ("撤销该不予许可决定，责令被申请人作出准予许可的决定",),
    C.OTHER: ("撤销该告知，责令被申请人依法处理",),
}

#: the duty an inaction case names
DUTIES = (
    "查处违法建设",
    "处理投诉举报",
    "答复信访事项",
    "核发证照",
    "调查处理劳动保障违法行为",
    "制止噪声扰民",
)

#: the decisions of closed cases, with their share (%); 终止 is split by ground below
DECISIONS: tuple[tuple[str, int], ...] = (
    (DecisionType.UPHOLD, 50),
    (DecisionType.REJECT_REQUEST, 10),
    (DecisionType.REJECT_APPLICATION, 2),
    (DecisionType.REVOKE, 7),
    (DecisionType.REVOKE_REDO, 3),
    (DecisionType.CONFIRM_ILLEGAL, 7),
    (DecisionType.CHANGE, 2),
    (DecisionType.ORDER_PERFORM, 3),
    (DecisionType.MEDIATE, 3),
    (DecisionType.TERMINATE, 13),
)
TERMINATIONS: tuple[tuple[str, int], ...] = (
    (TerminationGround.WITHDRAWN, 60),
    (TerminationGround.WITHDRAWN_SELF_CORRECTED, 30),
    (TerminationGround.WITHDRAWN_SETTLEMENT, 10),
)
SUSPENSIONS = (
    SuspensionGround.SETTLEMENT,
    SuspensionGround.OTHER_CASE,
    SuspensionGround.FORCE_MAJEURE,
    SuspensionGround.INTERPRETATION,
)

REFUSAL_REASONS = (
    ("申请超过法定申请期限（《行政复议法》第二十条），且无正当理由", ""),
    ("申请事项不属于行政复议范围（《行政复议法》第十二条）", ""),
    ("申请人与被申请复议的行政行为没有利害关系（《行政复议法》第三十条第一款第二项）", ""),
    ("申请人已就同一行政行为向人民法院提起行政诉讼，人民法院已经依法受理", ""),
    ("被申请复议的行政行为由市级主管部门作出，本机关无管辖权", "云州市人民政府"),
)
CORRECTION_ITEMS = (
    "1. 申请人身份证明复印件；2. 被申请复议的行政行为的书面材料或者相关证明",
    "1. 明确的复议请求；2. 申请人与该行政行为有利害关系的证明材料",
    "1. 委托代理人的授权委托书；2. 申请人签名的行政复议申请书",
)
HEARING_PLACES = ("清河县司法局行政复议听证室", "清河县人民政府行政复议接待中心")
SIMPLE_BASES = (
    "被申请复议的行政处罚为警告或者罚款三千元以下（第五十三条第一款第二项）",
    "属于政府信息公开案件（第五十三条第一款第四项）",
    "当事人各方同意适用简易程序（第五十三条第二款）",
)
#: 第六十一条: the head of the reconsideration organ (the county government) approves a decision;
#: the head of the reconsideration office (the 司法局) approves an extension
DECISION_APPROVERS = ("陈志远", "县长 何立新")
OFFICE_HEAD = "县司法局局长 刘建华"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "霞", "平", "刚", "桂英", "建华", "建国", "志强", "文", "华", "红", "玉兰", "海燕", "春梅", "国庆", "永刚",
    "晓东", "丹", "鹏", "辉", "琳", "宇", "浩", "婷", "雪", "凤", "德明", "振华", "金凤", "小红", "立新",
)  # fmt: skip
#: a few applicants are companies or other organisations
COMPANY_WORDS = (
    "恒达",
    "鑫源",
    "华盛",
    "宏远",
    "永兴",
    "瑞丰",
    "金桥",
    "盛世",
    "顺发",
    "天成",
    "嘉禾",
    "康达",
)
COMPANY_KINDS = (
    "商贸有限公司",
    "建材有限公司",
    "餐饮管理有限公司",
    "物流有限公司",
    "农业开发有限公司",
    "机械厂",
)
ORGANISATIONS = ("{town}{village}村民委员会", "清河县{word}种植专业合作社")
VILLAGES = ("东风", "红星", "前进", "新华", "河湾", "柳林", "石桥", "桃园")
TOWNS = (
    "城关镇",
    "河口镇",
    "青石镇",
    "柳溪镇",
    "白沙镇",
    "双桥镇",
    "桃源镇",
    "清溪街道",
    "文昌街道",
    "东湖街道",
)
ROADS = ("人民路", "解放路", "和平街", "建设路", "滨河路", "文化路", "新华街", "中山路")
AGENTS = ("江南清源律师事务所 周律师", "江南正衡律师事务所 郑律师", "清河县法律援助中心 孙律师")
