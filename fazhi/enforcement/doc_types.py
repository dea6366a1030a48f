"""Certificate numbers drawn from the numbering engine (docs/numbering.md). The issuing unit is the
officer's people's government (rules.issuing_unit); a province sets its own pattern once on the province's
unit and every government below inherits it."""

from django.utils.translation import gettext_lazy as _

from fazhi.numbering.registry import register_doc_type

CERTIFICATE_NUMBER = register_doc_type(
    "enforcement_certificate", _("行政执法证编号"), "{unit_short}执{year}{seq:05d}"
).key
SUPERVISION_NUMBER = register_doc_type(
    "enforcement_supervision", _("行政执法监督证编号"), "{unit_short}执监{year}{seq:04d}"
).key
