"""Input: bytes of a file → the text the report analysis reads.

Formats: plain text, HTML pages (navigation and page chrome dropped), RSS/Atom feeds (one report per
item), .docx (python-docx) and PDF with a text layer (pypdf). Encodings: UTF-8 (with or without BOM),
UTF-16 with BOM, GB18030 (a superset of GBK and GB2312). Offsets of figures refer to the text returned
here, which for a plain-text file is the file's own text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html


class UnreadableInput(ValueError):
    """A file that is not a readable report; the message is Chinese and shown to the user."""


@dataclass
class Segment:
    """A part of the text known to be one report (an RSS item), with its title when the feed gives one."""

    start: int
    end: int
    title: str = ""
    published: str = ""


@dataclass
class Document:
    text: str
    format: str  # text | html | feed | docx | pdf
    encoding: str = ""
    segments: list[Segment] = field(default_factory=list)


BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "blockquote", "pre", "dd", "dt", "td", "th", "title",
}  # fmt: skip
DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
}
CHROME_WORDS = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|footer|header|breadcrumb|crumb|sidebar|side|share|copyright|topbar|toolbar|"
    r"banner|login|search|links?|friend)([-_ ]|$)",
    re.I,
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 first (it rarely decodes other encodings by accident)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            "无法识别文件的文字编码（已尝试 UTF-8、GB18030/GBK），请另存为 UTF-8 文本后重新上传。"
        ) from exc


def _text_sanity(text: str) -> None:
    if "\x00" in text[:2000]:
        raise UnreadableInput("文件不是文本、网页、Word（.docx）或带文字层的 PDF，无法读取。")
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise UnreadableInput("文件中没有中文文字，不是可分析的法治政府建设报告。")


def _html_text(root) -> str:
    for bad in root.xpath("//comment()"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else None
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        marker = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("role")]))
        if el.getparent() is None:
            continue
        if tag in DROP_TAGS or (marker and CHROME_WORDS.search(marker) and tag not in ("html", "body")):
            el.drop_tree()
            continue
    # link lists (navigation written as plain divs): most of the text is in links
    for el in list(root.iter("div", "ul", "ol", "table", "p", "span", "td")):
        if el.getparent() is None:
            continue
        total = len("".join(el.itertext()).strip())
        if not total:
            continue
        linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
        if linked / total > 0.6 and total < 400:
            el.drop_tree()
    parts: list[str] = []

    def walk(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag not in DROP_TAGS:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCK_TAGS:
            parts.append("\n")

    body = root.find(".//body")
    walk(body if body is not None else root)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*(?=\n)", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html_to_text(markup: str) -> str:
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)  # XHTML: lxml refuses a declaration in a str
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", "", markup)
    return _html_text(root)


def _feed(markup: str) -> Document | None:
    try:
        root = etree.fromstring(
            markup.encode("utf-8"), parser=etree.XMLParser(recover=True, resolve_entities=False)
        )
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    items = [
        el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("item", "entry")
    ]
    if not items:
        return None
    pieces: list[str] = []
    segments: list[Segment] = []
    pos = 0
    for item in items:
        fields = {etree.QName(child).localname: child for child in item if isinstance(child.tag, str)}

        def text_of(name, fields=fields):
            el = fields.get(name)
            if el is None:
                return ""
            return "".join(el.itertext()).strip()

        title = text_of("title")
        body_markup = text_of("encoded") or text_of("content") or text_of("description") or text_of("summary")
        body = html_to_text(body_markup) if "<" in body_markup else body_markup
        published = text_of("pubDate") or text_of("published") or text_of("updated")
        chunk = f"{title}\n\n{body.strip()}\n\n"
        segments.append(Segment(pos, pos + len(chunk), title, published))
        pieces.append(chunk)
        pos += len(chunk)
    return Document("".join(pieces), "feed", segments=segments)


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        raise UnreadableInput("Word 文件已损坏或不是 .docx 格式，无法读取。") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines) + "\n"


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise UnreadableInput("PDF 文件已损坏，无法读取。") from exc
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise UnreadableInput("PDF 文件没有可提取的文字层（可能是扫描件），请提供带文字层的 PDF 或文本。")
    return text


def read_bytes(data: bytes, name: str = "") -> Document:
    if not data.strip():
        raise UnreadableInput("文件为空。")
    if data.startswith(b"%PDF"):
        return Document(_pdf(data), "pdf")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise UnreadableInput("压缩文件已损坏，无法读取。") from exc
        if "word/document.xml" in names:
            return Document(_docx(data), "docx")
        raise UnreadableInput("压缩文件不是 Word（.docx）文档，无法读取。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableInput("不支持旧版 Word（.doc）文件，请另存为 .docx 后重新上传。")
    text, encoding = decode(data)
    _text_sanity(text)
    head = text[:2000].lstrip().lower()
    if head.startswith("<?xml") or "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
        feed = _feed(text)
        if feed is not None:
            feed.encoding = encoding
            return feed
    if re.search(r"<(html|body|div|p|table)[\s>]", head) or "<!doctype html" in head:
        return Document(html_to_text(text), "html", encoding)
    return Document(text, "text", encoding)


def read_path(path) -> Document:
    from pathlib import Path

    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableInput(f"找不到文件：{p}") from exc
    except IsADirectoryError as exc:
        raise UnreadableInput(f"{p} 是目录，不是文件。") from exc
    except OSError as exc:
        raise UnreadableInput(f"无法读取文件 {p}：{exc.strerror}") from exc
    return read_bytes(data, p.name)
