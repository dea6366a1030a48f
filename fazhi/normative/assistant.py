"""The review assistant (审核提示): the draft's sentences that may create what a normative document may not
create without a basis in law — 行政许可, 行政处罚, 行政强制, fees, or otherwise 减损权利、增加义务
(国办发〔2018〕37号: 不得增加法律、法规规定之外的行政权力事项或者减少法定职责；不得违法减损公民、法人和其他组织
合法权益或者增加其义务; 《行政许可法》第十四条至第十七条, 《行政处罚法》第十六条, 《行政强制法》第十条).

It only points; the reviewer decides. Each finding is one sentence and one category, with the pattern that
matched (in words an official reads) and the sentence's offsets in the body. A match inside a law's title
(《中华人民共和国行政许可法》) is not a finding; a generic referral ("依照《行政处罚法》的规定予以处罚")
is not either — it creates nothing — but a sentence that cites a law *and* sets something concrete
("依照《…》第X条，处二千元以上一万元以下罚款") still is: the reviewer checks the citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.normative.choices import ClauseCategory as C

#: a sentence ends at these (a line break too: articles are often one per line)
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
#: a law's title: matches inside it are names, not rules
_TITLE = re.compile(r"《[^《》]{1,80}》")
#: "依照/依据/按照/根据 …规定" before a weak match: the sentence refers to the law rather than creating
_REFERRAL = re.compile(r"(依照|依据|按照|根据)[^，。；]{0,60}?(《[^》]+》|法律|法规|有关规定|规定)")


@dataclass(frozen=True)
class Pattern:
    category: str
    label: str
    regex: re.Pattern
    #: a weak pattern (a bare "予以处罚", "不得") is not a finding after a referral to the law
    weak: bool = False


def _p(category: str, label: str, regex: str, *, weak: bool = False) -> Pattern:
    return Pattern(category, label, re.compile(regex), weak)


_GAP = r"[^。；！？\n]{0,30}?"

PATTERNS: list[Pattern] = [
    # --- 行政许可 (《行政许可法》第十四条至第十七条: 规范性文件一律不得设定行政许可) ---
    _p(C.LICENSING, "须经……批准/许可/审批", rf"(须|需|必须|应当|应|要)经{_GAP}(批准|许可|审批|核准|同意)"),
    _p(C.LICENSING, "未经……批准/许可，不得……", rf"未经{_GAP}(批准|许可|审批|核准|同意){_GAP}不得"),
    _p(
        C.LICENSING,
        "应当取得/办理……许可证、资质",
        rf"(应当|须|必须|需)(先行)?(取得|办理|申领|持有){_GAP}(许可证|许可|批准文件|资质|资格证|准入证|备案证明)",
    ),
    _p(C.LICENSING, "实行……审批/许可制度", rf"实行{_GAP}(审批|许可|核准)(制度|管理)"),
    # --- 行政处罚 (《行政处罚法》第十六条: 其他规范性文件不得设定行政处罚) ---
    _p(C.PENALTY, "处……罚款", rf"(处|并处|处以){_GAP}罚款"),
    _p(C.PENALTY, "没收……", r"没收(违法所得|非法财物|财物|工具|设备|物品|保证金|押金)?"),
    _p(C.PENALTY, "吊销……", r"吊销"),
    _p(C.PENALTY, "暂扣许可证件、执照", rf"暂扣{_GAP}(许可证|执照|证件|证照)"),
    _p(C.PENALTY, "责令停产停业、责令关闭", r"责令(停产停业|停业整顿|关闭|停止营业)"),
    _p(C.PENALTY, "降低资质等级、限制从业", r"(降低资质等级|限制从业|限制开展生产经营活动)"),
    _p(C.PENALTY, "警告、通报批评", r"(予以|给予|处以)(警告|通报批评)"),
    _p(C.PENALTY, "予以处罚", r"(予以|给予|依法)(行政)?处罚", weak=True),
    # --- 行政强制 (《行政强制法》第十条: 其他规范性文件不得设定行政强制措施) ---
    _p(C.COERCION, "查封", r"查封"),
    _p(C.COERCION, "扣押", r"扣押"),
    _p(C.COERCION, "冻结存款、汇款、财产", r"冻结(存款|汇款|资金|账户|财产)?"),
    _p(C.COERCION, "强制拆除、强制执行、强制清除", r"强制(拆除|执行|清除|清理|划拨|隔离|带离)"),
    _p(C.COERCION, "加处罚款、滞纳金", r"(加处罚款|滞纳金)"),
    _p(C.COERCION, "代履行", r"代履行"),
    # --- 收费 (行政事业性收费须有法律法规或者国务院、省级政府依据) ---
    _p(C.FEE, "收取……费", rf"(收取|征收|计收){_GAP}(费|保证金|押金|基金)"),
    _p(C.FEE, "应当……缴纳……", rf"(应当|须|必须|应){_GAP}(缴纳|交纳|缴存|预缴)"),
    _p(C.FEE, "收费标准", r"收费(标准|项目)", weak=True),
    # --- 减损权利、增加义务 ---
    _p(C.OBLIGATION, "责令……（改正、拆除、停止）", r"责令(限期)?(改正|整改|拆除|停止|退还|恢复)"),
    _p(C.OBLIGATION, "禁止……", r"禁止", weak=True),
    _p(C.OBLIGATION, "不得……", r"不得", weak=True),
    _p(
        C.OBLIGATION,
        "须提交、提供……证明材料",
        rf"(应当|须|必须|需)(另行|额外)?(提交|提供|出具){_GAP}(证明|承诺书|材料|担保)",
    ),
    _p(C.OBLIGATION, "纳入失信名单、联合惩戒", r"(失信(被执行人)?名单|黑名单|联合惩戒|信用惩戒)"),
    _p(C.OBLIGATION, "取消……资格、限制……", rf"(取消{_GAP}资格|限制{_GAP}(申请|参加|享受|进入|从事))"),
]

#: "不得/禁止" binding the administration itself (行政机关、工作人员不得……) adds no duty on the public
_ORGANS = r"(行政机关|人民政府|有关部门|主管部门|工作人员|执法人员|监管人员|本机关)"
_SELF_BINDING = re.compile(_ORGANS + r"[^，。；任]{0,12}$")
#: … or the sentence's subject is the administration and no one else is named before the "不得"
#: ("第四条 有关部门应当加强信息共享，不得要求申请人重复提交材料。")
_ORGAN_SUBJECT = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇]+条\s*)?[^，。；]{0,12}?" + _ORGANS + r"[^。；]*$"
)
_OTHER_SUBJECT = re.compile(
    r"(申请人|当事人|经营者|单位和个人|公民|法人|企业|个人)[^，。；]{0,6}(应当|不得|须|必须)"
)


@dataclass(frozen=True)
class Finding:
    category: str
    sentence: str
    pattern: str
    start: int
    end: int


def sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of ``text``, trimmed of surrounding white space; the
    end is after the closing mark."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end() if m.group() != "\n" else m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((s + left, s + right))
    return trimmed


def _in_title(sentence: str, start: int, end: int) -> bool:
    return any(t.start() <= start and end <= t.end() for t in _TITLE.finditer(sentence))


def _weak_excused(pattern: Pattern, sentence: str, start: int) -> bool:
    """A weak match after a referral to the law, or one binding the administration itself."""
    before = sentence[:start]
    if _REFERRAL.search(before):
        return True
    if pattern.category != C.OBLIGATION:
        return False
    if _SELF_BINDING.search(before):
        return True
    return bool(_ORGAN_SUBJECT.match(before)) and not _OTHER_SUBJECT.search(before)


def _label(pattern: Pattern, matched: str) -> str:
    return f"{pattern.label}（“{matched}”）"[:200]


def analyse(text: str) -> list[Finding]:
    """Every (sentence, category) of ``text`` that the patterns flag, in text order."""
    findings: list[Finding] = []
    for s, e in sentences(text or ""):
        sentence = text[s:e]
        seen: set[str] = set()
        spans: list[tuple[int, int]] = []
        for pattern in PATTERNS:
            if pattern.category in seen:
                continue
            for m in pattern.regex.finditer(sentence):
                if _in_title(sentence, m.start(), m.end()):
                    continue
                if pattern.weak and (
                    _weak_excused(pattern, sentence, m.start())
                    # "不得" inside "未经批准……不得": part of a finding already made
                    or any(a <= m.start() and m.end() <= b for a, b in spans)
                ):
                    continue
                findings.append(Finding(pattern.category, sentence, _label(pattern, m.group()), s, e))
                seen.add(pattern.category)
                spans.append(m.span())
                break
    order = {c: i for i, c in enumerate(C.values)}
    findings.sort(key=lambda f: (f.start, order[f.category]))
    return findings
