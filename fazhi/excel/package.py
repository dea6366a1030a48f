"""Checks on an uploaded file before openpyxl reads it: is it an unencrypted .xlsx of sane size?

Every refusal is an :class:`ImportRefused` with a message an official can act on. The order is
cheapest first: size, the first bytes, the zip directory (declared uncompressed sizes bound what
``zipfile`` will ever inflate, so a zip bomb is refused without inflating it), the OOXML parts, and
then one streamed pass over the worksheet's XML for merged cells and the number of rows.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.excel import conf

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
#: the small parts parsed here (workbook, relationships, content types) may not exceed this
SMALL_PART_LIMIT = 5 * 1024 * 1024
MAX_PARTS = 10_000

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_REF = re.compile(r"([A-Za-z]+)(\d+)")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_ROOT = re.compile(rb"<[A-Za-z_]")
#: the prolog (XML declaration, comments) of a part must end within this many bytes
PROLOG_LIMIT = 64 * 1024

EMPTY = _lazy("文件是空的（0 字节），请选择填写好的 Excel 文件。")
TOO_BIG = _lazy("文件过大（%(size)s MB），导入文件不能超过 %(limit)d MB，请分成几个文件导入。")
ENCRYPTED = _lazy("文件设置了打开密码（已加密），无法读取。请在 Excel 中取消密码、保存后再导入。")
OLD_XLS = _lazy(
    "这是旧版 Excel 97-2003 格式（.xls）的文件。请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再导入。"
)
TEXT_FILE = _lazy(
    "文件是文本文件（如 CSV 或改了扩展名的文本），不是 Excel 工作簿（.xlsx）。"
    "请下载本页的模板，填写后直接上传。"
)
NOT_XLSX = _lazy("文件不是 Excel 工作簿（.xlsx），无法读取。请下载本页的模板，填写后直接上传。")
DAMAGED = _lazy("文件已损坏，无法作为 Excel 工作簿（.xlsx）打开。")
ODD_STRUCTURE = _lazy("文件结构异常（含有 Excel 不会写入的内容），可能是伪造的文件，已拒绝。")
TOO_BIG_INFLATED = _lazy(
    "文件解压后过大（%(size)s MB，上限 %(limit)d MB），可能是异常文件，已拒绝。如确需导入，请分成几个文件。"
)
PLAIN_ZIP = _lazy("文件是普通压缩包（zip），不是 Excel 工作簿（.xlsx）。请下载本页的模板，填写后直接上传。")
OTHER_OFFICE = _lazy(
    "文件不是 Excel 工作簿（可能是 Word、PowerPoint 或 WPS 的其他格式）。"
    "请在 Excel 中“另存为”.xlsx 后再导入。"
)
MERGED_DATA = _lazy(
    "数据区有合并单元格（%(refs)s），从第 %(row)d 行起。请取消合并、每个单元格填写完整后再导入。"
)


class ImportRefused(Exception):
    """The file cannot be imported; ``message`` says why, in Chinese. Nothing has been changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Package:
    """What the checks learnt: where each worksheet lives in the zip."""

    archive: zipfile.ZipFile
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → part name


@dataclass
class SheetScan:
    rows: int  # <row> elements, header included (an upper bound of the data rows)
    merged: list[str]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def check_size(size: int) -> None:
    if size == 0:
        raise ImportRefused(str(EMPTY))
    limit = conf.max_file_bytes()
    if size > limit:
        raise ImportRefused(str(TOO_BIG) % {"size": _mb(size), "limit": limit // 1024 // 1024})


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def check_signature(fileobj) -> None:
    fileobj.seek(0)
    head = fileobj.read(4096)
    fileobj.seek(0)
    if head.startswith(CFB_MAGIC):
        if _is_encrypted_ooxml(fileobj):
            raise ImportRefused(str(ENCRYPTED))
        raise ImportRefused(str(OLD_XLS))
    if head.startswith(ZIP_MAGIC):
        return
    if _looks_like_text(head[:4000]):
        raise ImportRefused(str(TEXT_FILE))
    raise ImportRefused(str(NOT_XLSX))


def _is_encrypted_ooxml(fileobj) -> bool:
    """An encrypted .xlsx is a compound file holding streams named EncryptionInfo and EncryptedPackage."""
    fileobj.seek(0)
    marker = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    while chunk := fileobj.read(1024 * 1024):
        if marker in tail + chunk:
            fileobj.seek(0)
            return True
        tail = chunk[-len(marker) :]
    fileobj.seek(0)
    return False


def _parse_small(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > SMALL_PART_LIMIT:
        raise ImportRefused(_("文件结构异常（%(part)s 过大），已拒绝。") % {"part": name})
    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
        raise ImportRefused(str(DAMAGED)) from exc
    if _DTD.search(data):
        raise ImportRefused(str(ODD_STRUCTURE))
    try:
        # No DTD (refused above), so no entities to expand; ElementTree never fetches external resources.
        return ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError as exc:
        raise ImportRefused(str(DAMAGED)) from exc


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No part may declare a DTD: Excel never writes one, and entities are how XML bombs expand.

    A DTD can only stand in the prolog, before the root element, so reading up to the root's start
    tag is enough; expat would also stop an entity explosion, this refuses it by name.
    """
    try:
        with archive.open(info) as stream:
            head = stream.read(PROLOG_LIMIT)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
        raise ImportRefused(str(DAMAGED)) from exc
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    if _DTD.search(prolog) or (root is None and len(head) == PROLOG_LIMIT):
        raise ImportRefused(str(ODD_STRUCTURE))


def open_package(fileobj) -> Package:
    """The zip-level checks; returns the package with its worksheets located."""
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ImportRefused(str(DAMAGED)) from exc
    if len(infos) > MAX_PARTS:
        raise ImportRefused(_("文件结构异常（包含的部件过多），已拒绝。"))
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportRefused(str(ENCRYPTED))
    total = sum(info.file_size for info in infos)
    limit = conf.max_uncompressed_bytes()
    if total > limit:
        raise ImportRefused(str(TOO_BIG_INFLATED) % {"size": _mb(total), "limit": limit // 1024 // 1024})
    names = {info.filename for info in infos}
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _check_prolog(archive, info)
    if "[Content_Types].xml" not in names:
        raise ImportRefused(str(PLAIN_ZIP))
    types = _parse_small(archive, "[Content_Types].xml")
    overrides = {
        el.get("PartName", "").lstrip("/"): el.get("ContentType", "")
        for el in types.iter(f"{{{NS_CT}}}Override")
    }
    workbook = next((part for part, kind in overrides.items() if kind in SPREADSHEET_TYPES), None)
    if workbook is None or workbook not in names:
        raise ImportRefused(str(OTHER_OFFICE))
    package = Package(archive=archive)
    package.sheets = _locate_sheets(archive, workbook, names)
    return package


def _locate_sheets(archive: zipfile.ZipFile, workbook: str, names: set[str]) -> dict[str, str]:
    folder, base = posixpath.split(workbook)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    targets = {}
    if rels_name in names:
        for rel in _parse_small(archive, rels_name).iter(f"{{{NS_PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                targets[rel.get("Id")] = target.lstrip("/")
            else:
                targets[rel.get("Id")] = posixpath.normpath(posixpath.join(folder, target))
    sheets = {}
    for sheet in _parse_small(archive, workbook).iter(f"{{{NS_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{NS_REL}}}id"))
        if part in names:
            sheets[sheet.get("name", "")] = part
    return sheets


def scan_sheet(package: Package, part: str) -> SheetScan:
    """One streamed pass over the worksheet XML: how many rows, and which ranges are merged."""
    rows = 0
    merged: list[str] = []
    tail = b""
    dtd = False

    def count(data: bytes) -> None:
        nonlocal rows, dtd
        rows += len(_ROW.findall(data))
        dtd = dtd or bool(_DTD.search(data))
        for match in _MERGE.finditer(data):
            if len(merged) < 20:
                merged.append(match.group(1).decode().upper())

    try:
        with package.archive.open(part) as stream:
            while chunk := stream.read(1024 * 1024):
                data = tail + chunk
                # A tag never contains "<", so every element starting before the last "<" is complete;
                # the rest is carried over unless it is too long to be a <row> or <mergeCell> tag.
                cut = data.rfind(b"<")
                if cut == -1 or len(data) - cut > 512:
                    count(data)
                    tail = b""
                else:
                    count(data[:cut])
                    tail = data[cut:]
            count(tail)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise ImportRefused(str(DAMAGED)) from exc
    if dtd:
        raise ImportRefused(str(ODD_STRUCTURE))
    return SheetScan(rows=rows, merged=merged)


def merged_message(refs: list[str]) -> str:
    """Where the first merged range is, in words."""
    first = refs[0]
    start = _CELL_REF.match(first)
    row = int(start.group(2)) if start else 1
    listed = "、".join(refs[:5]) + ("等" if len(refs) > 5 else "")
    if row == 1:
        return _("表头有合并单元格（%(refs)s）。请取消合并，每列一个表头后再导入。") % {"refs": listed}
    return str(MERGED_DATA) % {"refs": listed, "row": row}
