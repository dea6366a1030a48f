"""Numbers the 行政执法案件 module issues (found by the numbering registry, docs/numbering.md)."""

from django.utils.translation import gettext_lazy as _

from fazhi.numbering.registry import register_doc_type

CASE_NUMBER = register_doc_type(
    "enforcement_case", _("行政处罚立案编号"), "{unit_short}罚立〔{year}〕{seq}号"
).key
