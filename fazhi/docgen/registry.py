"""Documents generated from records, declared in code by the module that owns them.

A module declares its documents in a ``documents.py`` module of its app (found automatically)::

    register_document(
        "reconsideration.acceptance_notice",
        label=_("受理通知书"),
        fields={"申请人": "申请人姓名或名称", "案号": "行政复议案号"},
        default_template=acceptance_notice_template,   # callable → python-docx Document, or a .docx path
    )

Placeholders in a template are written ``{{字段名}}``; only the declared field names may appear.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from fazhi.docgen.fill import FIELD_NAME_RE

KEY_MAX_LENGTH = 80


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str
    fields: tuple[tuple[str, str], ...]
    default_template: Callable | str | Path

    @property
    def field_names(self) -> list[str]:
        return [name for name, _description in self.fields]

    def default_bytes(self) -> bytes:
        """The registered default template as .docx bytes (built afresh, or read from the package)."""
        source = self.default_template
        if callable(source):
            buffer = io.BytesIO()
            source().save(buffer)
            return buffer.getvalue()
        return Path(source).read_bytes()


_REGISTRY: dict[str, DocumentType] = {}
_discovered = False


def _valid_key(key: str) -> bool:
    return (
        bool(key)
        and len(key) <= KEY_MAX_LENGTH
        and key.isascii()
        and key.replace("_", "").replace(".", "").isalnum()
        and not key.startswith(".")
        and not key.endswith(".")
    )


def register_document(key: str, *, label, fields: dict, default_template) -> DocumentType:
    """Declare a document; registering the same key again with other values is an error."""
    if not _valid_key(key):
        raise ImproperlyConfigured(
            f"文书标识 {key!r} 应为不超过 {KEY_MAX_LENGTH} 位的字母、数字、下划线或点，如 reconsideration.acceptance_notice"
        )
    if not fields:
        raise ImproperlyConfigured(f"文书 {key} 没有登记任何字段")
    for name in fields:
        if not FIELD_NAME_RE.fullmatch(name):
            raise ImproperlyConfigured(f"文书 {key} 的字段名 {name!r} 只能由汉字、字母、数字和下划线组成")
    if not callable(default_template) and not Path(default_template).is_file():
        raise ImproperlyConfigured(f"文书 {key} 的默认模板文件 {default_template} 不存在")
    doc = DocumentType(
        key, label, tuple((name, str(desc)) for name, desc in fields.items()), default_template
    )
    existing = _REGISTRY.get(key)
    if existing is not None and existing != doc:
        raise ImproperlyConfigured(f"文书 {key} 重复登记且内容不同")
    _REGISTRY[key] = doc
    return doc


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("documents")


def document_types() -> list[DocumentType]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda d: d.key)


def get_document_type(key: str) -> DocumentType:
    """The registered document, or a Chinese ValidationError."""
    _discover()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ValidationError(
            _("未登记的文书类型“%(key)s”。") % {"key": key}, code="unknown_document"
        ) from None


def document_label(key: str) -> str:
    _discover()
    doc = _REGISTRY.get(key)
    return str(doc.label) if doc else key


def document_choices() -> list[tuple[str, str]]:
    return [(d.key, f"{d.label}（{d.key}）") for d in document_types()]
