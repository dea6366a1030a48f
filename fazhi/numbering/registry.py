"""Document types that take numbers, declared in code by the module that owns them.

A module declares its types in a ``doc_types.py`` module of its app (found automatically)::

    register_doc_type("reconsideration_case", _("行政复议案号"), "{unit_short}复〔{year}〕{seq}号")

The default template applies to every unit until an administrator sets another one for a unit
(which then also applies to the units below it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from fazhi.numbering.formats import validate_template

_KEY_MAX_LENGTH = 40


@dataclass(frozen=True)
class DocType:
    key: str
    label: str
    default_template: str


_REGISTRY: dict[str, DocType] = {}
_discovered = False


def register_doc_type(key: str, label, default_template: str) -> DocType:
    """Declare a document type; registering the same key again with other values is an error."""
    if not key or len(key) > _KEY_MAX_LENGTH or not key.replace("_", "").isalnum() or not key.isascii():
        raise ImproperlyConfigured(
            f"文号类型标识 {key!r} 应为不超过 {_KEY_MAX_LENGTH} 位的字母、数字或下划线"
        )
    try:
        validate_template(default_template)
    except ValidationError as exc:
        raise ImproperlyConfigured(f"文号类型 {key} 的默认模板无效：{'；'.join(exc.messages)}") from exc
    doc_type = DocType(key, label, default_template)
    existing = _REGISTRY.get(key)
    if existing is not None and existing != doc_type:
        raise ImproperlyConfigured(f"文号类型 {key} 重复登记且内容不同")
    _REGISTRY[key] = doc_type
    return doc_type


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("doc_types")


def doc_types() -> list[DocType]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda d: (str(d.label), d.key))


def get_doc_type(key: str) -> DocType:
    """The registered type, or a Chinese ValidationError."""
    _discover()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ValidationError(
            _("未登记的文号类型“%(key)s”。") % {"key": key}, code="unknown_doc_type"
        ) from None


def doc_type_label(key: str) -> str:
    _discover()
    doc_type = _REGISTRY.get(key)
    return str(doc_type.label) if doc_type else key


def doc_type_choices() -> list[tuple[str, str]]:
    return [(d.key, str(d.label)) for d in doc_types()]
