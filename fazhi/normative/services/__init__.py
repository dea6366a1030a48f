"""Writes of the normative-document module, one module per area: the lifecycle in ``documents``
(registration, edits, public comment), ``review`` (legality review, deliberation) and ``publication``
(publication, filing, end of force) over their shared ``_base``; ``campaigns`` (清理), ``filing`` (备案审查),
``validity`` (评估与失效). The most used are re-exported here (``from fazhi.normative import services``)."""

from fazhi.normative.services._base import (
    DELIBERATION_GATE,
    FULLTEXT_KIND,
    document_deadline,
    document_deadlines,
    document_index,
)
from fazhi.normative.services.documents import (
    comment_add,
    comment_respond,
    comments_open,
    document_create,
    document_update,
    document_upload_text,
)
from fazhi.normative.services.publication import (
    document_amend,
    document_expire,
    document_publish,
    document_repeal,
    filing_result_record,
    filing_submit,
)
from fazhi.normative.services.review import (
    clause_conclude,
    deliberation_record,
    deliberation_refusal,
    deliberation_submit,
    flags_refresh,
    review_record,
    review_return,
    review_submit,
)

__all__ = [
    "DELIBERATION_GATE",
    "FULLTEXT_KIND",
    "clause_conclude",
    "comment_add",
    "comment_respond",
    "comments_open",
    "deliberation_record",
    "deliberation_refusal",
    "deliberation_submit",
    "document_amend",
    "document_create",
    "document_deadline",
    "document_deadlines",
    "document_expire",
    "document_index",
    "document_publish",
    "document_repeal",
    "document_update",
    "document_upload_text",
    "filing_result_record",
    "filing_submit",
    "flags_refresh",
    "review_record",
    "review_return",
    "review_submit",
]
