"""Reports in a document, and each one's identity: title, government, level, year reported on,
publication date."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .textio import Document

CJK = r"\u4e00-\u9fff"
TITLE_RE = re.compile(
    rf"(?:(?<=\s)|^)(?P<title>[{CJK}()]{{2,60}}?(?:19|20)\d{{2}}\s*年度?[{CJK}()]{{0,30}}?报告)(?=\s|$)",
    re.M,
)
URL_AFTER = re.compile(r"[ \t]*https?://\S+")
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@dataclass
class Span:
    start: int
    end: int
    title: str
    title_start: int | None
    published_hint: str = ""


def split(doc: Document, norm: str) -> list[Span]:
    """Feeds give their items; otherwise a new report begins at each distinct report title
    standing on its own (line start or after whitespace, followed by a line end or its URL)."""
    if doc.segments:
        return [
            Span(s.start, s.end, s.title, s.start if s.title else None, s.published) for s in doc.segments
        ]
    found: list[tuple[int, str]] = []
    for m in TITLE_RE.finditer(norm):
        title = m.group("title")
        if not re.search(r"法治|依法行政", title) or "《" in norm[max(0, m.start() - 1) : m.start()]:
            continue
        rest = norm[m.end() : m.end() + 200]
        if not (
            rest.startswith("\n") or URL_AFTER.match(rest) or rest.strip() == "" or rest.startswith("\r")
        ):
            continue
        if found and found[-1][1] == title.strip():
            continue  # the same title repeated (breadcrumb, then heading): one report
        found.append((m.start("title"), title.strip()))
    if len(found) <= 1:
        if found:
            return [Span(0, len(norm), found[0][1], found[0][0])]
        return [Span(0, len(norm), "", None)]
    spans = []
    for i, (start, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(norm)
        spans.append(Span(start, end, title, start))
    return spans


LEVEL_BY_SUFFIX = [
    (r"(省|自治区)$", "province"),
    (r"(区)$", "district"),
    (r"(县|旗)$", "county"),
    (r"(镇|乡|街道)$", "township"),
    (r"(市)$", "city"),
]


def _place_of(name: str) -> str:
    """The administrative area part of a government or body name."""
    name = re.sub(r"(人民政府|政府).*$", "", name)
    name = re.sub(r"\(([^)]*)\)", "", name) if re.search(r"\([^)]*[区县市]\)", name) else name
    return name


def _level(place: str, text: str) -> str:
    for pattern, level in LEVEL_BY_SUFFIX:
        if re.search(pattern, place):
            if (
                level == "city"
                and re.search(r"市、镇|镇\(街|各镇|全市\d*个镇", text)
                and not re.search(r"县\(市、区\)|各区|[县区]\(市\)", text)
            ):
                return "county"  # a county-level city: towns directly below it
            return level
    return "department"


def _government_from_title(title: str) -> str:
    head = re.split(r"关于|(?:19|20)\d{2}\s*年", title, maxsplit=1)[0].strip()
    head = re.sub(r"^(中共)?", "", head)
    if not head:
        return ""
    m = re.search(rf"([{CJK}]{{2}}[区县])\)$", head)
    if m:  # 常州高新区(新北区): the administrative name is the one in brackets
        head = m.group(1)
    if re.search(r"(人民政府|政府|办公室|局|委员会|厅)", head):
        return re.sub(r"(?<!人民)政府$", "人民政府", head)
    return head + "人民政府"


def _government_from_body(text: str) -> str:
    """For an untitled report: the most frequent full 市+区/县 name, else the name of the first-person
    area ("我区" → the most frequent …区)."""
    pairs = Counter(m.group(0) for m in re.finditer(rf"[{CJK}]{{2}}市[{CJK}]{{2}}[区县]", text))
    if pairs:
        return pairs.most_common(1)[0][0] + "人民政府"
    me = re.search(r"我(区|县|市|省)", text)
    if me:
        names = Counter(m.group(0) for m in re.finditer(rf"(?<![{CJK}])[{CJK}]{{2,3}}{me.group(1)}", text))
        if names:
            return names.most_common(1)[0][0] + "人民政府"
    return ""


def _year(title: str, text: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", title)
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年(度)?[,，]", text[:600])
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})年", text))
    return years.most_common(1)[0][0] if years else None


def _iso(y, m, d) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def published(text: str, hint: str = "") -> str:
    m = re.search(
        r"(发布日期|发布时间|发文日期|成文日期|时间)\s*:\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})",
        text[:1500],
    )
    if m:
        return _iso(m.group(2), m.group(3), m.group(4))
    tail = text[-400:]
    dates = list(re.finditer(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?", tail))
    if dates:
        d = dates[-1]
        return _iso(*d.groups())
    m = re.search(
        r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})", hint + " " + tail
    )
    if m:
        return _iso(m.group(3), MONTHS[m.group(2)], m.group(1))
    return ""


def identity(span: Span, text: str, norm: str) -> dict:
    """text/norm: the report's own span."""
    title = span.title
    inferred = False
    body_start = 0
    if title:
        gov = _government_from_title(title)
    else:
        gov = ""
    if not gov:
        gov = _government_from_body(norm)
    year = _year(title, norm)
    if not title:
        inferred = True
        place = _place_of(gov) or "（未识别单位）"
        alias = re.search(rf"[{CJK}]{{2,6}}\([{CJK}]{{2,4}}\)", norm)
        if alias and _place_of(gov).endswith(re.sub(r".*\((.*)\)", r"\1", alias.group(0))):
            place = alias.group(0)
        title = f"{place}{year or ''}年法治政府建设情况报告"
    place = _place_of(gov)
    return {
        "title": title,
        "title_inferred": inferred,
        "government": gov,
        "level": _level(place, norm) if place else "",
        "year": year,
        "published": published(norm, span.published_hint),
        "body_start": body_start,
    }
