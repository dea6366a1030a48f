"""The normative document from draft to publication, filing and end — this module: registration, edits
and the public comment; ``review`` holds the legality review and deliberation, ``publication`` the
publication, filing and end of force (RULES.md §4.1; docs/normative.md).

Every service is keyword-only, atomic and audited; status changes go through
``fazhi.core.workflow.transition`` and the periods of ``fazhi/normative/rules.py`` are opened and closed
through the deadline engine in the same transaction. The gates of 国办发〔2018〕37号 are checked here and
refused with a Chinese sentence that says why:

- the public comment period runs its full length, and every comment has a response, before review;
- 未经合法性审核或者经审核不合法的，不得提交集体审议;
- a passing review opinion needs a conclusion on every clause the review assistant flagged;
- publication needs a recorded collective deliberation; it draws the document number (三统一), sets the
  dates in force and opens the filing period.

An unpublished document is never indexed for the public and never counted as in force
(``choices.IN_FORCE``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.normative import rules
from fazhi.normative.choices import (
    UNPUBLISHED,
    CommentAdoption,
)
from fazhi.normative.models import NormativeDocument, PublicComment
from fazhi.normative.services._base import (
    DRAFT_FIELDS,
    PUBLISHED_FIELDS,
    S,
    _audit_update,
    _check_date,
    _check_fields,
    _clean_text,
    _index,
    _locked,
    _require_status,
    _sync,
)
from fazhi.normative.services.review import flags_refresh
from fazhi.workdays.services import deadline_open

# --- register and edit ----------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    actor,
    unit: OrgUnit,
    title: str,
    kind: str,
    drafting_unit: OrgUnit | None = None,
    drafting_unit_name: str = "",
    drafter=None,
    drafted_on: datetime.date | None = None,
    body: str = "",
    interpretation: str = "",
    validity_years: int | None = None,
) -> NormativeDocument:
    """Register a draft (起草). ``unit`` is the issuing organ (制定机关), in whose scope the document lies."""
    ensure_unit_allowed(user=actor, unit=unit, model=NormativeDocument, action="add")
    values = _check_fields(
        {
            "title": title,
            "kind": kind,
            "drafting_unit": drafting_unit,
            "drafting_unit_name": drafting_unit_name,
            "drafter": drafter,
            "drafted_on": drafted_on,
            "body": body,
            "interpretation": interpretation,
            "validity_years": validity_years,
        }
    )
    document = NormativeDocument.objects.create(unit=unit, status=S.DRAFTING, **values)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        changes=diff({}, snapshot(document)),
        note=_("登记行政规范性文件草案“%(title)s”") % {"title": document.title},
    )
    ensure_in_scope(user=actor, obj=document, action="add")
    return document


@transaction.atomic
def document_update(*, actor, document: NormativeDocument, **changes) -> NormativeDocument:
    """Edit a document. Before publication: its particulars and text (a text changed during the legality
    review refreshes the review assistant's flags). After publication only the 政策解读: a published text
    changes through the amendment procedure, never in place."""
    stored = _locked(actor, document)
    allowed = DRAFT_FIELDS if stored.status in UNPUBLISHED else PUBLISHED_FIELDS
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"document_update 不能修改字段：{sorted(unknown)}")
    refused = [
        str(NormativeDocument._meta.get_field(name).verbose_name)
        for name, value in changes.items()
        if name not in allowed and value != getattr(stored, name)
    ]
    if refused:
        raise ValidationError(
            _("文件已公布，不能修改%(fields)s；修改已公布的文件须按程序另行制定（修改）。")
            % {"fields": "、".join(refused)}
        )
    values = _check_fields({k: v for k, v in changes.items() if k in allowed})
    before = snapshot(stored)
    body_changed = "body" in values and values["body"] != stored.body
    if body_changed and (stored.review_opinion or stored.status == S.DELIBERATING):
        # what goes to deliberation is the text the reviewer passed
        raise ValidationError(_("已作出合法性审核意见，正文不能再修改；如需修改，请退回修改后重新送审。"))
    for name, value in values.items():
        setattr(stored, name, value)
    stored.save()
    ensure_in_scope(user=actor, obj=stored, action="change")
    _audit_update(actor, stored, before, _("修改文件信息"))
    if body_changed and stored.status == S.REVIEWING:
        flags_refresh(actor=actor, document=stored)
    if stored.status not in UNPUBLISHED and "interpretation" in values:
        _index(stored)
    return _sync(document, stored)


@transaction.atomic
def document_upload_text(*, actor, document: NormativeDocument, upload) -> NormativeDocument:
    """Take the document's text from an uploaded .docx or PDF: the text is extracted into ``body`` (for
    the review assistant and full-text search) and the file kept as an attachment of the document."""
    from fazhi.analysis.engine.textio import UnreadableInput, read_bytes
    from fazhi.attachments.services import attachment_add

    stored = _locked(actor, document)
    if stored.status not in UNPUBLISHED:
        raise ValidationError(_("文件已公布，不能替换正文；修改已公布的文件须按程序另行制定（修改）。"))
    upload.seek(0)
    data = upload.read()
    name = getattr(upload, "name", "") or ""
    try:
        read = read_bytes(data, name)
    except UnreadableInput as exc:
        raise ValidationError(_("无法读取正文文件“%(name)s”：%(why)s") % {"name": name, "why": exc}) from exc
    if read.format not in ("docx", "pdf"):
        raise ValidationError(
            _("正文请上传 .docx 或带文字层的 PDF 文件（“%(name)s”不是）。") % {"name": name}
        )
    text = read.text.strip()
    if not text:
        raise ValidationError(_("“%(name)s”中没有可提取的文字。") % {"name": name})
    upload.seek(0)
    attachment_add(actor=actor, record=stored, file=upload, description=_("正文（已提取文字）"))
    return document_update(actor=actor, document=document, body=text)


# --- public comment -------------------------------------------------------------------------------


@transaction.atomic
def comments_open(*, actor, document: NormativeDocument, on: datetime.date) -> NormativeDocument:
    """公开征求意见 from ``on``: the period (FAZHI_NORMATIVE_COMMENT_DAYS days) is tracked as a deadline
    and its last day stored as ``comment_ends_on``."""
    stored = _locked(actor, document)
    _check_date(on, _("征求意见开始日期"), not_before=stored.drafted_on, before_label=_("起草日期"))
    deadline = deadline_open(actor=actor, record=stored, rule_key=rules.COMMENT, start=on)
    transition(
        actor=actor,
        obj=stored,
        name="open_comments",
        comment_starts_on=on,
        comment_ends_on=deadline.due_date,
    )
    return _sync(document, stored)


@transaction.atomic
def comment_add(
    *,
    actor,
    document: NormativeDocument,
    received_on: datetime.date,
    content: str,
    commenter: str = "",
    commenter_contact: str = "",
) -> PublicComment:
    """Record an opinion received on the draft during the comment period."""
    stored = _locked(actor, document)
    if stored.comment_starts_on is None:
        raise ValidationError(_("该文件未公开征求意见，不能登记征求意见。"))
    _require_status(stored, UNPUBLISHED, _("登记征求意见"))
    _check_date(
        received_on, _("收到日期"), not_before=stored.comment_starts_on, before_label=_("征求意见开始日期")
    )
    comment = PublicComment.objects.create(
        unit=stored.unit,
        document=stored,
        received_on=received_on,
        content=_clean_text(content, _("意见内容")),
        commenter=_clean_text(commenter, _("意见人"), required=False, max_length=100),
        commenter_contact=_clean_text(commenter_contact, _("联系方式"), required=False, max_length=100),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=comment,
        changes=diff({}, snapshot(comment)),
        note=_("登记对“%(title)s”的征求意见") % {"title": stored.title},
    )
    ensure_in_scope(user=actor, obj=comment, action="add")
    return comment


@transaction.atomic
def comment_respond(*, actor, comment: PublicComment, adoption: str, response: str) -> PublicComment:
    """Record whether an opinion was adopted and why (对公众意见的采纳情况作出说明)."""
    stored = (
        PublicComment.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .select_related("document")
        .get(pk=comment.pk)
    )
    _require_status(stored.document, UNPUBLISHED, _("登记意见处理情况"))
    if adoption not in CommentAdoption.values:
        raise ValidationError(_("请选择采纳情况：采纳、部分采纳或未采纳。"))
    response = _clean_text(response, _("处理说明"))
    before = snapshot(stored)
    stored.adoption, stored.response = adoption, response
    stored.save(update_fields=["adoption", "response", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stored,
        changes=diff(before, snapshot(stored)),
        note=_("登记意见处理情况：%(adoption)s") % {"adoption": CommentAdoption(adoption).label},
    )
    comment.adoption, comment.response = stored.adoption, stored.response
    return stored
