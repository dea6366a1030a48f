"""Numbers the reconsideration module issues (found by the numbering registry)."""

from django.utils.translation import gettext_lazy as _

from fazhi.numbering.registry import register_doc_type

CASE_NUMBER = register_doc_type(
    "reconsideration_case", _("行政复议案号"), "{unit_short}复〔{year}〕{seq}号"
).key
