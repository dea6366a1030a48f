"""The engine's own document: a generic 通知书 any module may render (and a worked example)."""

from django.utils.translation import gettext_lazy as _

from fazhi.docgen.defaults import NOTICE_FIELDS, generic_notice_template
from fazhi.docgen.registry import register_document

GENERIC_NOTICE = register_document(
    "docgen.notice",
    label=_("通知书（通用）"),
    fields=NOTICE_FIELDS,
    default_template=generic_notice_template,
).key
