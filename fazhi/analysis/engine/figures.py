"""Figures: every number with its unit, subject, quote, offsets, qualifier and period.

Works on the normalised text of one report (same length as the original, so offsets hold) and quotes
the original. A figure gets a catalog key when a rule of ``subjects.RULES`` names it and nothing
limits it (see ``NOT_THE_GOVERNMENTS_OWN``); otherwise it stays a labelled free figure whose ``note``
says why.
"""

from __future__ import annotations

import re

from . import numerals, subjects
from .model import Figure

UNITS = sorted(
    "万元 亿元 万人次 万人 万件 万户 万份 万条 万宗 万次 个工作日 工作日 人次 件 宗 人 名 份 个 项 次 条 户 张 本 路 套 批 "
    "期 家 起 所 场 篇 元 %".split(),
    key=len,
    reverse=True,
)
UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
TOKEN_RE = re.compile(
    rf"(?P<pre>接近|将近|大约|超过|近|约|逾)?"
    rf"(?:百分之(?P<pct>{numerals.CN_NUMBER}(?:点[{''.join(numerals.DIGITS)}]+)?|\d+(?:\.\d+)?)"
    rf"|(?P<num>{numerals.ARABIC_NUMBER}|{numerals.CN_NUMBER})(?P<q1>余|多)?[ ]*(?P<unit>{UNIT_ALT})?)"
    rf"(?P<q2>以上|左右)?"
)
CLAUSE_BOUNDARY = ",;。!?\n:"
SENTENCE_BOUNDARY = "。;!?\n"
COUNT_VERBS = re.compile(r"(共|计|达|有|为|各|了|出具|受理|收到|办理|开展|举办|组织|完成|发放|推出)$")

#: the sentence before a number limits it to part of the government, a subordinate, or another body
NOT_THE_GOVERNMENTS_OWN = [
    (re.compile(r"本级"), "本级数字（不含下级），非全辖区数字"),
    (re.compile(r"镇街|镇\(街道\)|区级机关|市级机关|县级机关"), "限于部分层级的数字"),
    (re.compile(r"作为(单独|共同)被告"), "按被告身份细分的数字"),
    # a sentence whose subject is a court or procuratorate ("区人民法院坚持……全年新收行政审判案件157件")
    (
        re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,4}?[省市区县])?(?:人民法院|法院|人民检察院|检察院)"),
        "审判、检察机关的数字",
    ),
]
PLANNED = re.compile(r"预计|力争|争取|计划|目标|拟(?![制以任申定])")
CHANGE = re.compile(r"同比|增加|减少|上升|下降|增长|增幅|提高|降低|缩短|压缩|减少")
PREVIOUS_YEAR = re.compile(r"(较|比|同)(去年|上年|上一年)(同期)?$")
SHARE = re.compile(r"(占|占比|比例|比重)$")
PLACE_START = re.compile(
    r"^\s*(如|其中|例如)?(?P<place>(?![全本我各该在对省])[\u4e00-\u9fff]{2,3}[市县])(?![政委级直])"
)


def _rfind_any(text: str, chars: str, end: int, start: int = 0) -> int:
    best = start - 1
    for ch in chars:
        i = text.rfind(ch, start, end)
        if i > best:
            best = i
    return best + 1


def _find_any(text: str, chars: str, start: int, end: int) -> int:
    best = end
    for ch in chars:
        i = text.find(ch, start, best)
        if i != -1:
            best = i
    return best


def _inside_parentheses(text: str, start: int, pos: int) -> bool:
    depth = 0
    for ch in text[start:pos]:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth > 0


def _skip_arabic(t: str, m: re.Match) -> bool:
    s, e = m.start("num"), m.end("num")
    before = t[s - 1] if s else ""
    after = t[e] if e < len(t) else ""
    if before in "〔[第=/_.:#-" or re.match(r"[A-Za-z]", before or " "):
        return True
    if m.group("unit"):
        return False
    if after in "年月日号时〕]-/:." or re.match(r"[A-Za-z]", after or " "):
        return True
    if re.fullmatch(r"(19|20)\d\d", m.group("num")):
        return True
    return False


def _period(sentence_before: str, year: int | None) -> tuple[str, str]:
    m = re.search(
        r"截至\s*(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:底|末|\d{1,2}日)?|底|末)", sentence_before
    )
    if m:
        y = int(m.group("y")) if m.group("y") else year
        if m.group("m") is None:  # 截至2016年底
            return ("year" if y == year else "as_of"), m.group(0)
        if y == year and m.group("m") == "12" and ("底" in m.group(0) or "末" in m.group(0)):
            return "year", m.group(0)
        return ("partial" if y == year else "as_of"), m.group(0)
    m = re.search(r"1\s*[-至到]\s*\d{1,2}月|前[三两二]季度|上半年|今年以来", sentence_before)
    if m:
        return "partial", m.group(0)
    m = re.search(r"目前|至今|现已", sentence_before)
    if m:
        return "as_of", m.group(0)
    return "year", ""


def _label(before: str, after: str) -> str:
    b = subjects.strip_fillers(before).strip().rstrip("、")
    b = re.sub(r"^(其中|另有|全年|今年|同时|此外|并|及|和|与|对|共计|合计|累计|共)+", "", b)
    if (
        b
        and not re.search(r"(对|从|向|给|了|将|在|抽取|组织|完成|累计)$", b)
        and re.search(r"[\u4e00-\u9fff]", b)
    ):
        return b[-12:]
    a = re.split(r"进行|参加|的|,|;|。|被|已|实现|纳入|全部|、|\d", after, maxsplit=1)[0]
    return (a[:12] or b[-12:]).strip()


def extract(text: str, norm: str, base: int, government: str, year: int | None) -> list[Figure]:
    """Figures of one report. ``text``/``norm``: the report's original and normalised text;
    ``base``: the report's offset in the document (added to every offset)."""
    figures: list[Figure] = []
    prev_end_in_clause = -1
    t = norm
    gov_core = re.sub(r"人民政府.*$", "", government)
    for m in TOKEN_RE.finditer(t):
        if m.group("num") is None and m.group("pct") is None:
            continue
        unit = m.group("unit") or ""
        if m.group("pct") is not None:
            raw = m.group("pct").replace("点", ".")
            try:
                value = numerals.parse_number(raw) if re.match(r"\d", raw) else _cn_decimal(raw)
            except numerals.NumeralError:
                continue
            unit = "%"
        else:
            raw = m.group("num")
            if re.match(r"\d", raw):
                if _skip_arabic(t, m):
                    continue
            else:
                if not unit or unit in ("%",):
                    continue
                s = m.start("num")
                if s and t[s - 1] == "第":
                    continue
                nxt = t[m.end() : m.end() + 1]
                if nxt in ("性", "是", "方面", "届"):
                    continue
                if len(raw) < 2 and not COUNT_VERBS.search(t[max(0, s - 3) : s]):
                    continue
            try:
                value = numerals.parse_number(raw)
            except (numerals.NumeralError, ValueError):
                continue
        if unit in ("元",) or unit.endswith("工作日"):
            pass
        start, end = m.start(), m.end()
        clause_start = _rfind_any(t, CLAUSE_BOUNDARY, start)
        clause_end = _find_any(t, CLAUSE_BOUNDARY, end, len(t))
        sentence_start = _rfind_any(t, SENTENCE_BOUNDARY, start)
        paragraph_start = _rfind_any(t, "\n", start)
        local_start = max(clause_start, _rfind_any(t, "、", start, clause_start), prev_end_in_clause)
        if prev_end_in_clause < clause_start:
            local_start = max(clause_start, _rfind_any(t, "、", start, clause_start))
        before = t[local_start : m.start("num") if m.group("num") is not None else start]
        if m.group("pre"):
            before = t[local_start:start]
        after = t[end:clause_end][:40]
        sentence_before = t[sentence_start:start]
        context = t[max(paragraph_start, start - 400) : start]
        domain = subjects.domain_at(context + before)
        qualifier = m.group("pre") or m.group("q1") or m.group("q2") or ""
        qualifier = numerals.PREFIX_QUALIFIERS.get(qualifier, qualifier)
        period, period_text = _period(sentence_before, year)
        prev_end_in_clause = end

        note = ""
        bstrip = subjects.strip_fillers(before)
        if PREVIOUS_YEAR.search(bstrip):
            period, note = "previous_year", "上年数字（用于与上年报告核对）"
        elif CHANGE.search(before):
            period, note = "change", "增减变化"
        elif unit == "%" and SHARE.search(bstrip):
            note = "占比"
        elif re.search(r"均(为|达|是)?\s*$", before) and "、" not in before:
            note = "多个对象共用的数字（“均为”），无法归属到一个指标"
        elif PLANNED.search(before):
            note = "计划或预计数字"
        elif _inside_parentheses(t, sentence_start, start):
            note = "括号内的分项数字"
        else:
            outside = re.sub(r"\([^()]*\d[^()]*\)", "", sentence_before)  # "(含7个镇街)" limits nothing
            for pattern, why in NOT_THE_GOVERNMENTS_OWN:
                if pattern.search(outside):
                    note = why
                    break
            else:
                place = PLACE_START.match(sentence_before)
                if place and place.group("place") not in gov_core:
                    note = "下级或其他单位的数字"

        pieces = _shared_value_pieces(t, local_start, before, clause_start)
        keys: list[str] = []
        for piece in pieces:
            key = subjects.match(piece, after, unit, domain, sentence_before + before)
            if key:
                keys.append(key)
        quote_start = clause_start
        while quote_start < clause_end and text[quote_start].isspace():
            quote_start += 1
        quote = text[quote_start:clause_end].rstrip()
        common = dict(
            value=numerals.as_number(value),
            unit=unit,
            start=base + start,
            end=base + end,
            quote=quote,
            quote_start=base + quote_start,
            quote_end=base + quote_start + len(quote),
            subject=text[local_start:start].strip() or text[end:clause_end].strip()[:20],
            qualifier=qualifier,
            period=period,
            period_text=period_text,
        )
        if keys and (not note or note.startswith("上年")):
            for key in keys:
                figures.append(Figure(metric=key, note=note, **common))
        elif keys and note == "占比":
            figures.append(Figure(metric="", note=note, **common))
        else:
            if not unit:
                continue  # a bare number nobody can name is not a figure
            label = _label(before, after) or "数字"
            figures.append(Figure(metric=f"other:{label}", note=note, **common))
    _zero_statements(text, t, base, figures, year)
    _shares_of_rates(figures)
    _previous_year_metrics(figures)
    _infer_units(t, base, figures)
    _duplicates(figures)
    figures.sort(key=lambda f: (f.start, f.metric))
    return figures


def _cn_decimal(raw: str) -> float:
    whole, _, frac = raw.partition(".")
    value = float(numerals.parse_chinese(whole)) if whole else 0.0
    if frac:
        value += float("0." + "".join(str(numerals.DIGITS[c]) for c in frac))
    return value


def _shared_value_pieces(t: str, local_start: int, before: str, clause_start: int) -> list[str]:
    """ "报备率、及时率、规范率达100%" and "确认违法及责令履行法定职责各1宗": one number, several subjects."""
    b = subjects.strip_fillers(before)
    if re.search(r"各$", before.strip()) or re.search(r"各$", b):
        core = re.sub(r"各$", "", b)
        parts = [p for p in re.split(r"及|和|与|、", core) if p]
        if len(parts) > 1:
            return parts
    if b.endswith("率") and local_start > clause_start and t[local_start - 1] == "、":
        head = t[clause_start : local_start - 1]
        parts = head.split("、")
        if all(p.endswith("率") for p in parts):
            return [*parts, b]
    if re.search(r"各$", before) and t[local_start - 1 : local_start] == "、":
        head = t[clause_start : local_start - 1]
        return [*head.split("、"), subjects.strip_fillers(re.sub(r"各$", "", before))]
    return [before]


ZERO_RE = re.compile(r"(?<![\u4e00-\u9fff])?(无|没有)(?P<subject>[\u4e00-\u9fff]{1,6}?)(案件|情况|事件)")


def _zero_statements(text: str, t: str, base: int, figures: list[Figure], year) -> None:
    """ "行政应诉9件,无败诉案件": a count stated as none (0), when a rule names it."""
    for m in ZERO_RE.finditer(t):
        start = m.start()
        if start and t[start - 1] not in CLAUSE_BOUNDARY + "、":
            continue
        subject = m.group("subject")
        paragraph_start = _rfind_any(t, "\n", start)
        context = t[max(paragraph_start, start - 400) : start]
        domain = subjects.domain_at(context + subject)
        key = subjects.match(subject, "", "", domain, context)
        if not key:
            continue
        clause_start = _rfind_any(t, ";。\n", start)
        clause_end = _find_any(t, CLAUSE_BOUNDARY, m.end(), len(t))
        prior = [
            f
            for f in figures
            if f.unit and f.unit != "%" and f.end - base <= start and f.start - base >= clause_start
        ]
        unit = prior[-1].unit if prior else ""
        quote_start = clause_start
        while text[quote_start].isspace():
            quote_start += 1
        figures.append(
            Figure(
                value=0,
                unit=unit,
                start=base + start,
                end=base + m.end(),
                quote=text[quote_start:clause_end],
                quote_start=base + quote_start,
                quote_end=base + clause_end,
                subject=text[m.start("subject") : m.end()],
                metric=key,
                note="以“无”表述的零值",
                period_text="",
            )
        )


def _shares_of_rates(figures: list[Figure]) -> None:
    """ "其中跨部门双随机抽查任务51个,占比达13.3%": a share right after a count that is the sole
    numerator of a catalog rate is that rate."""
    from .catalog import rate_with_numerator

    for i, f in enumerate(figures):
        if f.note != "占比" and not (f.metric.startswith("other:") and f.unit == "%" and f.note == "占比"):
            continue
        prev = next((p for p in reversed(figures[:i]) if p.keyed and p.unit != "%"), None)
        if prev is None or prev.quote_start < f.quote_start - 120:
            continue
        key = rate_with_numerator(prev.metric)
        if key:
            f.metric, f.note = key, ""
        elif not f.metric:
            f.metric = "other:占比"


def _previous_year_metrics(figures: list[Figure]) -> None:
    """ "综合纠错率26.6%,比例较去年的26%": the earlier figure names what last year's number is."""
    for i, f in enumerate(figures):
        if f.period != "previous_year":
            continue
        prev = next((p for p in reversed(figures[:i]) if p.keyed and p.period != "previous_year"), None)
        if prev is not None and prev.unit == f.unit and f.start - prev.end < 40:
            f.metric = prev.metric
        elif f.keyed:
            pass
        else:
            f.metric = f.metric or "other:上年数字"


def _infer_units(t: str, base: int, figures: list[Figure]) -> None:
    """A number written without its unit ("共办结475其中…") takes the unit of the nearest figure
    of the same topic in its paragraph, else the catalog's unit."""
    from .catalog import unit_of

    for f in figures:
        if f.unit:
            continue
        domain = f.metric.split(".")[0]
        p_start = _rfind_any(t, "\n", f.start - base) + base
        p_end = _find_any(t, "\n", f.end - base, len(t)) + base
        near = [
            g
            for g in figures
            if g is not f
            and g.unit
            and g.unit != "%"
            and g.metric.split(".")[0] == domain
            and p_start <= g.start < p_end
        ]
        if near:
            f.unit = min(near, key=lambda g: abs(g.start - f.start)).unit
        else:
            f.unit = unit_of(f.metric)
        f.note = (f.note + "；" if f.note else "") + "原文未写计量单位，按上下文补"


def _duplicates(figures: list[Figure]) -> None:
    """One value per metric and report: a later figure with the same key (a subtotal, another scope)
    is kept as a free figure and says so."""
    seen: set[str] = set()
    for f in sorted(figures, key=lambda f: f.start):
        if not f.keyed or f.period in ("previous_year", "change"):
            continue
        if f.metric in seen:
            f.note = (f.note + "；" if f.note else "") + f"同一指标（{f.metric}）再次出现，未计入"
            f.metric = "other:" + f.metric
            continue
        seen.add(f.metric)
