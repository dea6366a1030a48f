"""The section tree from the headings, and the check of the five required parts (RULES.md §6,
《法治政府建设与责任落实督察工作规定》: 主要举措和成效; 不足和原因; 党政主要负责人履行第一责任人职责;
下一年度主要安排; 其他需要报告的情况)."""

from __future__ import annotations

import re

from .model import PartStatus, Section

CN = "一二三四五六七八九十"
HEADINGS = [
    (1, re.compile(rf"^[ \t]*(?P<marker>[{CN}]{{1,3}})[ \t]*[、.][ \t]*(?P<title>[^\n]*)", re.M)),
    (2, re.compile(rf"^[ \t]*(?P<marker>\([{CN}]{{1,3}}\))[ \t]*(?P<title>[^\n]*)", re.M)),
    (3, re.compile(r"^[ \t]*(?P<marker>\d{1,2})[ \t]*[.、](?!\d)[ \t]*(?P<title>[^\n]*)", re.M)),
    (4, re.compile(r"^[ \t]*(?P<marker>\(\d{1,2}\))[ \t]*(?P<title>[^\n]*)", re.M)),
]
#: an unnumbered line naming a part ("2018年法治政府建设工作情况", "2019年工作计划", "存在问题")
PART_LINE_RE = re.compile(r"^[ \t]*(?P<marker>)(?P<title>[^\n。,;:、()]{2,30}?)[ \t]*$", re.M)
PART_LINE_WORDS = re.compile(
    r"工作情况|主要做法|主要举措|主要成效|工作成效|存在的?问题|存在的?不足|不足(之处)?(和|及)原因|工作计划|工作打算|工作思路|"
    r"工作安排|下一步|下步工作|其他需要报告"
)
#: an unheaded plan paragraph: "2020年,我们将围绕……"
PLAN_PARAGRAPH_RE = re.compile(
    r"^[ \t]*(?P<marker>)(?P<title>(19|20)\d\d年,?(我们|我区|我市|我县|我省|全区|全市|全县)?将[^\n。]*)", re.M
)
ITEM_RE = re.compile(rf"(?:^|(?<=[。;\n]))[ \t]*(?P<marker>[{CN}]{{1,3}}是)(?P<title>[^。;\n]*)", re.M)

PARTS = [
    ("measures", "上一年度推进法治政府建设的主要举措和成效"),
    ("shortcomings", "存在的不足和原因"),
    ("leaders", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    ("next_year", "下一年度推进法治政府建设的主要安排"),
    ("other", "其他需要报告的情况"),
]
PART_PATTERNS = {
    "shortcomings": re.compile(r"不足|存在(的)?问题|问题(和|及|与)原因|差距|短板|薄弱环节"),
    "next_year": re.compile(
        r"下一步|下步|下一年|明年|今后|工作(计划|打算|安排|思路|设想|展望)|(19|20)\d\d年[^,。]{0,8}(计划|安排|打算|思路|重点|要点)"
        r"|^(19|20)\d\d年,?(我们|我区|我市|我县|我省|全区|全市|全县)?将"
    ),
    "leaders": re.compile(r"第一责任人|主要负责人"),
    "other": re.compile(r"^(其他|其它)|其他(需要)?(报告|说明)|其它(需要)?(报告|说明)"),
}


def _title(raw: str) -> str:
    return re.split(r"[。;]", raw.strip(), maxsplit=1)[0][:60].strip()


def tree(norm: str, base: int) -> list[Section]:
    flat: list[Section] = []
    for level, pattern in HEADINGS:
        for m in pattern.finditer(norm):
            title = _title(m.group("title"))
            if not title:
                continue
            flat.append(Section(level, m.group("marker"), title, base + m.start("marker"), 0))
    for m in PART_LINE_RE.finditer(norm):
        title = m.group("title").strip()
        if (
            PART_LINE_WORDS.search(title)
            and "报告" not in title
            and not re.match(rf"([{CN}]+[、.]|\(|\d{{1,2}}[.、])", title)
        ):
            flat.append(Section(0, "", title, base + m.start("title"), 0))
    for m in PLAN_PARAGRAPH_RE.finditer(norm):
        flat.append(Section(0, "", _title(m.group("title"))[:30], base + m.start("title"), 0))
    for m in ITEM_RE.finditer(norm):
        flat.append(Section(5, m.group("marker"), _title(m.group("title")), base + m.start("marker"), 0))
    flat.sort(key=lambda s: (s.start, s.level))
    end_all = base + len(norm)
    for i, s in enumerate(flat):
        s.end = next((o.start for o in flat[i + 1 :] if o.level <= s.level), end_all)
    roots: list[Section] = []
    stack: list[Section] = []
    for s in flat:
        while stack and stack[-1].level >= s.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(s)
        stack.append(s)
    return roots


def _walk(sections, parent=None):
    for s in sections:
        yield s, parent
        yield from _walk(s.children, s)


def parts(roots: list[Section], norm: str, base: int) -> list[PartStatus]:
    """present: a top-level heading is that part; merged: it is inside another part's heading or text;
    missing: nowhere."""
    tops = [s for s in roots if s.level <= 2] or roots
    status: dict[str, PartStatus] = {}
    labels = dict(PARTS)
    for s in tops:
        hits = [p for p, rx in PART_PATTERNS.items() if rx.search(s.title)]
        s.part = hits[0] if hits else "measures"
        if not hits:
            status.setdefault(
                "measures", PartStatus("measures", labels["measures"], "present", s.title, s.start)
            )
        for p in hits:
            kind = "merged" if len(hits) > 1 else "present"
            current = status.get(p)
            if current is None or current.status != "present":
                status[p] = PartStatus(p, labels[p], kind, s.title, s.start)
    for p in ("leaders", "shortcomings", "next_year", "other"):
        if p in status:
            continue
        for s, parent in _walk(roots):
            if parent is not None and s.level < 5 and PART_PATTERNS[p].search(s.title):
                top = next(t for t in tops if t.start <= s.start < t.end) if tops else None
                where = f"{top.title} › {s.title}" if top else s.title
                status[p] = PartStatus(p, labels[p], "merged", where, s.start)
                break
    if "leaders" not in status:
        m = PART_PATTERNS["leaders"].search(norm)
        if m:
            pos = base + m.start()
            top = next((t for t in tops if t.start <= pos < t.end), None)
            status["leaders"] = PartStatus(
                "leaders", labels["leaders"], "merged", top.title if top else "正文", pos
            )
    if "measures" not in status and norm.strip():
        status["measures"] = PartStatus("measures", labels["measures"], "merged", "正文", base)
    return [status.get(p) or PartStatus(p, label, "missing") for p, label in PARTS]
