"""有效期: the pre-expiry evaluation and the automatic 失效 of documents whose validity ran out
(RULES.md §4.2; fazhi/normative/validity.py computes the dates).

An evaluation deciding 继续实施 renews the document for another period (the province's rule: 评估后需要继续
执行的，重新公布 — recorded here as a new last day in force, the audit event keeping the old one); 修改 and
废止 are recorded as the organ's conclusion and carried out through the document's own services. A
document whose last day in force has passed without such a renewal is 已失效 from the next day:
:func:`expire_due` does that every morning as the system (jobs.py).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope
from fazhi.normative import validity
from fazhi.normative.choices import IN_FORCE, EvaluationDecision
from fazhi.normative.models import NormativeDocument

logger = logging.getLogger(__name__)

_EVALUATION_FIELDS = ["evaluation_decision", "evaluated_on", "evaluation_note", "expires_on"]


def _index_later(document: NormativeDocument) -> None:
    """Push the document to the full-text index after commit (H5's document_index)."""
    from fazhi.normative.services import _base as documents

    transaction.on_commit(lambda: documents.document_index(document))


@transaction.atomic
def evaluation_record(
    *,
    actor,
    document: NormativeDocument,
    decision: str,
    on: datetime.date,
    note: str = "",
) -> NormativeDocument:
    """Record the 有效期届满前评估 of a document in force: 继续实施 (renewed for another period from the
    day after its last day), 修改 or 废止 (the conclusion; the amendment or repeal itself follows through
    the document's services). Out of the actor's scope: DoesNotExist, as for a missing document."""
    document = (
        NormativeDocument.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .get(pk=document.pk)
    )
    if decision not in EvaluationDecision.values:
        raise ValidationError(_("评估结论无效：请选择继续实施、修改或废止。"))
    if document.status not in IN_FORCE:
        raise ValidationError(
            _("“%(title)s”当前状态为“%(status)s”，只有现行有效的文件才进行有效期届满评估。")
            % {"title": document.title, "status": document.get_status_display()}
        )
    if not isinstance(on, datetime.date) or on > timezone.localdate():
        raise ValidationError(_("评估日期不能晚于今天。"))
    if document.published_on and on < document.published_on:
        raise ValidationError(
            _("评估日期不能早于文件公布日期（%(date)s）。") % {"date": document.published_on.isoformat()}
        )
    note = (note or "").strip()
    if decision != EvaluationDecision.CONTINUE and not note:
        raise ValidationError(_("评估结论为修改或废止时，应写明评估说明（理由和后续安排）。"))
    if decision == EvaluationDecision.CONTINUE and document.expires_on is None:
        raise ValidationError(_("该文件未登记有效期，无需评估延续；请先在文件信息中填写有效期。"))

    before = snapshot(document, _EVALUATION_FIELDS)
    document.evaluation_decision = decision
    document.evaluated_on = on
    document.evaluation_note = note
    renewal = ""
    if decision == EvaluationDecision.CONTINUE:
        years = document.validity_years or validity.default_validity_years(document.title)
        old = document.expires_on
        document.expires_on = validity.renewed_expiry(old, years)
        renewal = _("；有效期由%(old)s延续至%(new)s") % {"old": old, "new": document.expires_on}
    document.save(update_fields=[*_EVALUATION_FIELDS, "updated_at"])
    ensure_in_scope(user=actor, obj=document, action="change")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=document,
        changes=diff(before, snapshot(document, _EVALUATION_FIELDS)),
        note=_("有效期届满评估：%(decision)s%(renewal)s")
        % {"decision": EvaluationDecision(decision).label, "renewal": renewal},
    )
    if renewal:
        _index_later(document)
    return document


def expire_due(*, on: datetime.date) -> int:
    """Make 已失效 every document in force whose last day in force is before ``on`` (no renewal came).

    The system acts (``actor=None``, shown as 系统 in the audit log) through the document's own
    ``document_expire``; each document is its own transaction and audit event, dated the day after its
    last day in force. Idempotent: an expired document is no longer in force. Returns how many expired."""
    from fazhi.normative.services.publication import document_expire

    due = NormativeDocument.objects.filter(status__in=IN_FORCE, expires_on__lt=on).order_by("expires_on")
    expired = 0
    for document in due:
        reason = _("有效期至%(date)s，届满前未经评估延续，自动失效。") % {
            "date": document.expires_on.isoformat()
        }
        try:
            document_expire(
                actor=None,
                document=document,
                on=document.expires_on + datetime.timedelta(days=1),
                reason=reason,
            )
        except ValidationError:
            logger.warning("expiry skipped for normative document %s", document.pk, exc_info=True)
            continue
        expired += 1
    if expired:
        logger.info("%s: %s normative documents expired", on.isoformat(), expired)
    return expired
