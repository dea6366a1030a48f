"""Numbers the normative-document module issues (found by the numbering registry; docs/numbering.md).

"三统一" (统一登记、统一编号、统一印发, RULES.md §4.1): every published document takes the next number of its
issuing organ, e.g. 清河规〔2025〕3号. An administrator may set another template per unit.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.numbering.registry import register_doc_type

DOCUMENT_NUMBER = register_doc_type(
    "normative_document", _("行政规范性文件文号"), "{unit_short}规〔{year}〕{seq}号"
).key
