"""Tables behind the demo 行政执法案件 (fazhi/enforcement/cases/demo.py): how much each department enforces,
how, and against whom; the words the generated cases are made of.

The volumes follow the shape of a county's annual 行政执法统计: the 综合行政执法局 (城市管理, 市容, 违法建设)
handles the most cases, then 公安 (治安, not traffic — 交警 tickets are outside this register), 市场监管 and
交通运输; the towns' 综合行政执法 share what the county devolved to them; most other departments a few
hundred or fewer. ``SUMMARY`` is the share decided on the spot (当场处罚, 处罚法 第五十一条).
"""

from __future__ import annotations

import random

from fazhi.enforcement.cases.choices import CaseSource, MajorGround

#: relative yearly case volume per department (unit code); towns not listed take TOWN_WEIGHT each
WEIGHTS = {
    "qh-zhzf": 5600,
    "qh-gaj": 3600,
    "qh-scj": 2600,
    "qh-jtj": 2100,
    "qh-wjj": 520,
    "qh-zrj": 420,
    "qh-sthj": 330,
    "qh-nyj": 320,
    "qh-zjj": 300,
    "qh-yjj": 260,
    "qh-wgl": 160,
    "qh-lyj": 120,
    "qh-slj": 110,
    "qh-rsj": 100,
    "qh-ybj": 80,
    "qh-swj": 40,
    "qh-jyj": 30,
    "qh-fgj": 20,
    "qh-mzj": 20,
    "qh-tjj": 15,
    "qh-czj": 10,
}
TOWN_WEIGHT = 160
#: 当场处罚 share per department (others: DEFAULT_SUMMARY; towns: TOWN_SUMMARY)
SUMMARY = {"qh-zhzf": 0.55, "qh-gaj": 0.6, "qh-jtj": 0.5, "qh-scj": 0.12, "qh-wjj": 0.2, "qh-yjj": 0.1}
DEFAULT_SUMMARY = 0.08
TOWN_SUMMARY = 0.45
#: share of natural persons among the parties (others are companies and individual businesses)
PERSON_SHARE = {"qh-gaj": 0.9, "qh-zhzf": 0.6, "qh-jtj": 0.45, "qh-scj": 0.25, "qh-rsj": 0.05, "qh-ybj": 0.2}
DEFAULT_PERSON_SHARE = 0.35
TOWN_PERSON_SHARE = 0.6

SOURCES = (
    (CaseSource.INSPECTION, 55),
    (CaseSource.COMPLAINT, 22),
    (CaseSource.RANDOM, 9),
    (CaseSource.TRANSFER, 6),
    (CaseSource.ASSIGNED, 4),
    (CaseSource.OTHER, 4),
)
#: the month's weight in the year's volume (fewer cases around 春节, a push before the year's end)
MONTH_WEIGHTS = (0.8, 0.65, 1.0, 1.05, 1.05, 1.05, 1.0, 1.0, 1.05, 0.95, 1.1, 1.2)

MAJOR_GROUNDS = (
    (MajorGround.PUBLIC_INTEREST,),
    (MajorGround.HEARING,),
    (MajorGround.COMPLEX,),
    (MajorGround.COMPLEX, MajorGround.PUBLIC_INTEREST),
    (MajorGround.OTHER_LAW,),
)
REVIEWERS = ("县司法局法制审核科", "局法制审核股", "法制审核室")
REVIEW_OPINIONS_PASSED = (
    "主体合法，事实清楚，证据确实充分，定性准确，适用依据正确，程序合法，裁量适当，同意作出处罚决定。",
    "案件事实清楚，证据充分，处罚幅度在裁量基准范围内，程序合法，同意。",
    "经审核，执法主体合法，执法人员具备执法资格，证据链完整，适用法律正确，同意承办机构意见。",
)
REVIEW_OPINIONS_RETURNED = (
    "违法所得计算依据不足，请补充相关交易凭证后重新送审。",
    "现场检查笔录缺少当事人签字，询问笔录与现场照片时间不一致，请补充调查。",
    "当事人主体资格证明材料不全，请补充营业执照及法定代表人身份证明。",
)
EXTENSION_REASONS = (
    "案情复杂，需委托检验检测，经负责人批准延长办案期限。",
    "涉案物品需进行价格认定，经负责人批准延长办案期限三十日。",
    "当事人申请延期听证，经负责人批准延长办案期限。",
)
APPROVERS = ("局长", "分管副局长", "主要负责人")
DROPPED_REASONS = (
    "经调查，违法事实不能成立，撤销立案。",
    "违法行为已超过追责时效（处罚法第三十六条），撤销立案。",
    "当事人已死亡（注销）且无其他责任主体，撤销立案。",
    "经调查不属于本机关管辖，已移送有管辖权的机关，撤销立案。",
)
WITHDRAWAL_REASONS = (
    "该行政处罚决定经行政复议被撤销，撤回公示。",
    "该行政处罚决定经行政复议被变更，撤回原公示内容。",
    "人民法院判决确认该行政处罚决定违法，撤回公示。",
)
OFFENCES = (
    "涉嫌生产、销售伪劣产品罪",
    "涉嫌非法占用农用地罪",
    "涉嫌污染环境罪",
    "涉嫌非法经营罪",
    "涉嫌重大责任事故罪",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌波辉宇浩凯健俊峰建国志文博海燕晨阳雪梅琳婷颖倩晶欣然宁东亮林福贵才顺"
TRADE_NAMES = "鑫源 恒通 兴隆 华泰 永盛 金穗 宏达 裕丰 瑞祥 康宁 清溪 河畔 昌盛 万家 天成 润泽 丰禾 佳美 新纪元 聚福 安泰 长青 博远 鼎盛 和顺 百味 绿野 晨光 众诚 顺达".split()
TRADES = {
    "qh-scj": ("食品有限公司", "超市", "餐饮店", "药房", "商贸有限公司", "农资经营部", "电器商行", "副食店"),
    "qh-zhzf": ("建材经营部", "餐饮店", "物业管理有限公司", "广告有限公司", "建筑工程有限公司", "汽车维修店"),
    "qh-jtj": ("物流有限公司", "客运有限公司", "货运有限公司", "驾驶员培训有限公司", "汽车维修有限公司"),
    "qh-gaj": ("网吧", "宾馆", "KTV", "废品收购站", "开锁服务部", "印章刻制店"),
    "qh-wjj": ("诊所", "口腔门诊部", "美容院", "游泳馆", "二次供水管理站"),
    "qh-sthj": ("化工有限公司", "砂石厂", "养殖场", "电镀厂", "印染有限公司"),
    "qh-zrj": ("砂石有限公司", "房地产开发有限公司", "建材厂", "采石场"),
    "qh-yjj": ("烟花爆竹经营部", "化工有限公司", "加油站", "木材加工厂", "机械制造有限公司"),
    "qh-nyj": ("农资店", "种业有限公司", "养殖专业合作社", "兽药店", "渔业有限公司"),
}
DEFAULT_TRADES = ("商贸有限公司", "经营部", "有限公司", "个体工商户", "服务部", "专业合作社")
ROADS = "人民路 解放路 建设路 清河大道 滨河路 文昌路 东湖路 城南大道 兴业路 中山路 新华街 工业大道".split()
TOWNS = "城关镇 河口镇 青石镇 柳溪镇 白沙镇 双桥镇 桃源镇 石门乡 凤山乡 清溪街道 文昌街道 东湖街道".split()

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def company_name(rng: random.Random, unit_code: str) -> str:
    trade = rng.choice(TRADES.get(unit_code, DEFAULT_TRADES))
    place = rng.choice(("清河县", "清河县", "清河县", *(t[:2] for t in TOWNS)))
    return f"{place}{rng.choice(TRADE_NAMES)}{trade}"


def company_code(rng: random.Random) -> str:
    """统一社会信用代码 of an enterprise (9 1 + area 390121 + organisation code + check; GB 32100). Area 39 is
    unassigned, so no real enterprise carries it."""
    org = f"{rng.randrange(10**7, 10**8)}"
    check = 11 - sum(int(d) * w for d, w in zip(org, _ORG_WEIGHTS, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    body = f"91390121{org}"
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


def address(rng: random.Random) -> str:
    return f"清河县{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 388)}号"


def title_of(item_name: str) -> str:
    """案由 from the item's name: “对未按规定公示食品经营许可证的处罚” → “未按规定公示食品经营许可证”."""
    text = item_name.strip()
    for prefix in ("对", "关于"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for suffix in ("的行政处罚", "的处罚", "行为的处罚", "的处理"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    text = text.split("（")[0]
    return text[:280] or item_name[:280]
