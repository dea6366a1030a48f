"""What an uploaded file really is, read from its content (never from its name), and whether it may stay.

``filetype`` reads the signature; ZIP-based formats (DOCX, XLSX, OFD) are told apart by their entries,
Office 97–2003 files (DOC, XLS) by their stream names, and plain text by decoding it. The extension
must then agree with the content: an ``.exe`` renamed ``.pdf`` is refused, and so is a text file
called ``.pdf``.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHUNK = 1024 * 1024
HEAD = 64 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]


#: the types fazhi knows how to recognise; FAZHI_ATTACHMENT_TYPES chooses which are allowed
TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", ("pdf",)),
        FileType("ofd", "OFD", "application/ofd", ("ofd",)),
        FileType("doc", "Word 97-2003（DOC）", "application/msword", ("doc",)),
        FileType(
            "docx",
            "Word（DOCX）",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileType("xls", "Excel 97-2003（XLS）", "application/vnd.ms-excel", ("xls",)),
        FileType(
            "xlsx",
            "Excel（XLSX）",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        FileType("jpg", "JPG", "image/jpeg", ("jpg", "jpeg")),
        FileType("png", "PNG", "image/png", ("png",)),
        FileType("txt", gettext_lazy("纯文本（TXT）"), "text/plain", ("txt",)),
        FileType("csv", "CSV", "text/csv", ("csv",)),
        FileType("zip", gettext_lazy("ZIP 压缩包"), "application/zip", ("zip",)),
    )
}
#: recognised but never allowed; named in the refusal, since "not allowed" alone would puzzle the uploader
OTHER_LABELS = {
    "exe": gettext_lazy("Windows 可执行程序"),
    "elf": gettext_lazy("Linux 可执行程序"),
    "pptx": gettext_lazy("PowerPoint 演示文稿"),
    "ppt": gettext_lazy("PowerPoint 演示文稿"),
    "odt": gettext_lazy("OpenDocument 文本"),
    "ods": gettext_lazy("OpenDocument 表格"),
    "odp": gettext_lazy("OpenDocument 演示文稿"),
    "rar": gettext_lazy("RAR 压缩包"),
    "7z": gettext_lazy("7z 压缩包"),
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def allowed_types() -> list[FileType]:
    return [TYPES[key] for key in settings.FAZHI_ATTACHMENT_TYPES if key in TYPES]


def allowed_labels() -> str:
    return "、".join(str(t.label) for t in allowed_types())


def max_bytes() -> int:
    return settings.FAZHI_ATTACHMENT_MAX_MB * 1024 * 1024


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def clean_name(name: str | None) -> str:
    """The file's own name: no folders (old browsers send a full path), no control characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if not name:
        return _("未命名文件")
    if len(name) > 200:
        suffix = PurePath(name).suffix[:20]
        name = name[: 200 - len(suffix)] + suffix
    return name


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


# --- recognising content ---------------------------------------------------------------------------


def _zip_kind(file) -> str | None:
    """docx / xlsx / pptx / ofd / zip by the archive's entries; None when the archive is unreadable."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError):
        return None
    lowered = {n.lower() for n in names}
    if "word/document.xml" in lowered:
        return "docm" if "word/vbaproject.bin" in lowered else "docx"
    if "xl/workbook.xml" in lowered:
        return "xlsm" if "xl/vbaproject.bin" in lowered else "xlsx"
    if "ppt/presentation.xml" in lowered:
        return "pptx"
    if "ofd.xml" in lowered:
        return "ofd"
    return _ODF.get(mimetype, "zip")


_OLE_STREAMS = {
    "doc": ("WordDocument".encode("utf-16-le"),),
    "xls": ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le")),
    "ppt": ("PowerPoint Document".encode("utf-16-le"),),
}


def _ole_kinds(file) -> set[str]:
    """The Office 97–2003 formats whose main stream names appear in the compound file."""
    found: set[str] = set()
    file.seek(0)
    tail = b""
    while chunk := file.read(CHUNK):
        window = tail + chunk
        for kind, markers in _OLE_STREAMS.items():
            if any(marker in window for marker in markers):
                found.add(kind)
        tail = window[-64:]
    return found


def _is_text(head: bytes, complete: bool) -> bool:
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = head.decode("utf-16")
        except UnicodeDecodeError:
            if complete:
                return False
            text = head[: len(head) - len(head) % 2].decode("utf-16", errors="ignore")
    else:
        if b"\x00" in head:
            return False
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                text = decoder.decode(head, final=complete)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            return False
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n\f\x1a")
    return controls <= len(text) // 100


@dataclass(frozen=True)
class Detected:
    key: str  # a key of TYPES, or another format name (exe, pptx …) when recognised but not supported
    candidates: frozenset[str]  # formats the content is consistent with (OLE files can be several)
    mime: str


def detect(file, size: int) -> Detected | None:
    """Recognise ``file`` (seekable, binary) by its content; None when nothing is recognised."""
    file.seek(0)
    head = file.read(HEAD)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        kind = _zip_kind(file)
        if kind is None:
            return Detected("broken-zip", frozenset(), "application/zip")
        mime = TYPES[kind].mime if kind in TYPES else "application/zip"
        return Detected(kind, frozenset({kind}), mime)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kinds = _ole_kinds(file)
        guess = filetype.guess(head)
        if guess is not None and guess.extension in _OLE_STREAMS:
            kinds.add(guess.extension)
        supported = kinds & {"doc", "xls"}
        key = sorted(supported)[0] if supported else (sorted(kinds)[0] if kinds else "ole")
        mime = TYPES[key].mime if key in TYPES else "application/x-ole-storage"
        return Detected(key, frozenset(kinds), mime)
    if b"%PDF-" in head[:1024]:
        return Detected("pdf", frozenset({"pdf"}), TYPES["pdf"].mime)
    guess = filetype.guess(head)
    if guess is not None:
        return Detected(guess.extension, frozenset({guess.extension}), guess.mime)
    if _is_text(head, complete=size <= HEAD):
        return Detected("text", frozenset({"txt", "csv"}), "text/plain")
    return None


# --- the check run on every upload -----------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    name: str
    size: int
    sha256: str
    file_type: FileType


def check_upload(file, name: str | None = None) -> CheckedFile:
    """Size, type by content, extension against content, and the SHA-256 (read in chunks, never whole).

    Raises ValidationError with a Chinese message naming the file and what is wrong.
    """
    name = clean_name(name or getattr(file, "name", None))
    limit = max_bytes()
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(
            _("文件“%(name)s”大小为 %(size)s，超过上限 %(limit)d MB，未保存。")
            % {"name": name, "size": human_size(declared), "limit": settings.FAZHI_ATTACHMENT_MAX_MB},
            code="too_large",
        )
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    chunks = file.chunks(CHUNK) if hasattr(file, "chunks") else iter(lambda: file.read(CHUNK), b"")
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("文件“%(name)s”超过上限 %(limit)d MB，未保存。")
                % {"name": name, "limit": settings.FAZHI_ATTACHMENT_MAX_MB},
                code="too_large",
            )
        digest.update(chunk)
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件，未保存。") % {"name": name}, code="empty")

    detected = detect(file, size)
    file.seek(0)
    allowed = {t.key: t for t in allowed_types()}
    extension = extension_of(name)
    refused_type = _("文件“%(name)s”的内容不是允许上传的类型。允许的类型：%(allowed)s。") % {
        "name": name,
        "allowed": allowed_labels(),
    }
    if detected is None:
        raise ValidationError(refused_type, code="unknown_type")
    if detected.key == "broken-zip":
        raise ValidationError(_("文件“%(name)s”已损坏，无法读取。") % {"name": name}, code="corrupt")
    if detected.key in {"docm", "xlsm"}:
        raise ValidationError(
            _("文件“%(name)s”含有宏（VBA 代码），为安全起见不允许上传；请另存为不含宏的 Word 或 Excel 文件。")
            % {"name": name},
            code="macro",
        )
    matching = [t for key, t in allowed.items() if key in detected.candidates]
    if not matching:
        what = OTHER_LABELS.get(detected.key) or (
            TYPES[detected.key].label if detected.key in TYPES else None
        )
        if what:
            raise ValidationError(
                _("文件“%(name)s”的实际内容是%(what)s，不允许上传。允许的类型：%(allowed)s。")
                % {"name": name, "what": what, "allowed": allowed_labels()},
                code="type_not_allowed",
            )
        raise ValidationError(refused_type, code="type_not_allowed")
    by_extension = next((t for t in matching if extension in t.extensions), None)
    if by_extension is None:
        content = _("纯文本") if detected.key == "text" else "、".join(str(t.label) for t in matching)
        if not extension:
            raise ValidationError(
                _("文件“%(name)s”没有扩展名，其实际内容是%(content)s，请加上扩展名 .%(suggest)s 后再上传。")
                % {"name": name, "content": content, "suggest": matching[0].extensions[0]},
                code="extension_missing",
            )
        raise ValidationError(
            _(
                "文件“%(name)s”的扩展名 .%(ext)s 与其实际内容（%(content)s）不符，未保存。"
                "请确认文件没有被改名，或改用正确的扩展名后再上传。"
            )
            % {"name": name, "ext": extension, "content": content},
            code="extension_mismatch",
        )
    return CheckedFile(name=name, size=size, sha256=digest.hexdigest(), file_type=by_extension)
