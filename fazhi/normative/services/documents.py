"""The normative document from draft to publication, filing and end (RULES.md §4.1; docs/normative.md).

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

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.normative import assistant, rules, validity
from fazhi.normative.choices import (
    PASSING_OPINIONS,
    UNPUBLISHED,
    ClauseConclusion,
    CommentAdoption,
    DocumentKind,
    DocumentStatus,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.doc_types import DOCUMENT_NUMBER
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.numbering.services import number_issue
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.services import deadline_close, deadline_open

S = DocumentStatus

#: 国办发〔2018〕37号 — the gate before collective deliberation, quoted in every refusal of it
DELIBERATION_GATE = "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕37号）。"

#: what document_update may change before publication; after it only the 政策解读
DRAFT_FIELDS = (
    "title",
    "kind",
    "drafting_unit",
    "drafting_unit_name",
    "drafter",
    "drafted_on",
    "body",
    "interpretation",
    "validity_years",
)
PUBLISHED_FIELDS = ("interpretation",)

FULLTEXT_KIND = "normative.document"


# --- helpers --------------------------------------------------------------------------------------


def _check_date(
    value, label: str, *, not_before: datetime.date | None = None, before_label: str = ""
) -> None:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(_("%(label)s无效。") % {"label": label})
    if value > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})
    if not_before is not None and value < not_before:
        raise ValidationError(
            _("%(label)s不能早于%(other)s（%(date)s）。")
            % {"label": label, "other": before_label, "date": not_before.isoformat()}
        )


def _locked(actor, document: NormativeDocument, action: str = "change") -> NormativeDocument:
    """The stored document, locked, inside the actor's scope (out of scope: DoesNotExist, like a missing
    one). ``actor=None`` is the system (a daily job, a campaign applying its decisions)."""
    qs = (
        NormativeDocument.objects.all()
        if actor is None
        else NormativeDocument.objects.restrict(actor, action)
    )
    return qs.select_for_update(of=("self",)).select_related("unit").get(pk=document.pk)


def _require_status(document: NormativeDocument, allowed, action: str) -> None:
    if document.status not in allowed:
        raise ValidationError(
            _("当前状态为“%(state)s”，不能%(action)s。")
            % {"state": document.get_status_display(), "action": action},
            code="invalid_transition",
        )


def _sync(target: NormativeDocument, source: NormativeDocument) -> NormativeDocument:
    """Copy the stored values onto the caller's instance, so it sees what the service wrote."""
    for f in NormativeDocument._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def document_deadline(document: NormativeDocument, rule_key: str) -> Deadline | None:
    """The open deadline ``rule_key`` of the document, if any."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(NormativeDocument),
        object_id=str(document.pk),
        rule_key=rule_key,
        status=DeadlineStatus.OPEN,
    ).first()


def document_deadlines(document: NormativeDocument):
    """Every deadline of the document (open and closed), oldest first."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(NormativeDocument), object_id=str(document.pk)
    ).order_by("created_at")


def _close(actor, document, rule_key: str, on: datetime.date, *, met: bool = True, reason: str = ""):
    deadline = document_deadline(document, rule_key)
    if deadline is not None:
        deadline = deadline_close(
            actor=actor, deadline=deadline, on=max(on, deadline.start_date), met=met, reason=reason
        )
    return deadline


def _audit_update(actor, document, before: dict, note: str) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=document,
        changes=diff(before, snapshot(document)),
        note=note,
    )


def _index(document: NormativeDocument) -> None:
    """Update the full-text index in the caller's transaction: it changes exactly when the record does."""
    document_index(NormativeDocument.objects.select_related("unit").get(pk=document.pk))


def _clean_text(value: str, label: str, *, required: bool = True, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(_("请填写%(label)s。") % {"label": label})
    if max_length and len(value) > max_length:
        raise ValidationError(
            _("%(label)s不能超过%(n)s个字（现有%(len)s个）。")
            % {"label": label, "n": max_length, "len": len(value)}
        )
    return value


def _check_fields(values: dict) -> dict:
    """Validate and normalise the editable fields present in ``values``."""
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = _clean_text(cleaned["title"], _("文件名称"), max_length=300)
    if "kind" in cleaned and cleaned["kind"] not in DocumentKind.values:
        raise ValidationError(_("文件类别无效：请选择政府、部门或镇街规范性文件。"))
    for name, label in (("drafting_unit_name", _("起草单位")),):
        if name in cleaned:
            cleaned[name] = _clean_text(cleaned[name], label, required=False, max_length=200)
    for name in ("body", "interpretation"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "drafted_on" in cleaned and cleaned["drafted_on"] is not None:
        _check_date(cleaned["drafted_on"], _("起草日期"))
    if cleaned.get("validity_years") is not None and not 1 <= int(cleaned["validity_years"]) <= 10:
        raise ValidationError(_("有效期应为1至10年；留空时按设置（一般5年，暂行、试行2年）。"))
    if cleaned.get("drafting_unit") is not None and not cleaned.get("drafting_unit_name"):
        cleaned["drafting_unit_name"] = cleaned["drafting_unit"].name
    return cleaned


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


# --- legality review ------------------------------------------------------------------------------


@transaction.atomic
def review_submit(
    *, actor, document: NormativeDocument, on: datetime.date, reviewer=None
) -> NormativeDocument:
    """送合法性审核: the review period (FAZHI_NORMATIVE_REVIEW_WORKDAYS working days) starts, and the
    review assistant marks the clauses to check. After a comment period: only once it has ended and every
    comment has its response."""
    stored = _locked(actor, document)
    _check_date(on, _("送审日期"), not_before=stored.drafted_on, before_label=_("起草日期"))
    if not stored.body.strip():
        raise ValidationError(_("请先填写或上传文件正文，再送合法性审核。"))
    if stored.status == S.CONSULTING:
        if stored.comment_ends_on and on <= stored.comment_ends_on:
            raise ValidationError(
                _("征求意见期间至%(date)s届满，期满后方可送合法性审核。") % {"date": stored.comment_ends_on}
            )
        pending = PublicComment.objects.filter(document=stored, response="").count()
        if pending:
            raise ValidationError(
                _("尚有%(n)s条征求意见未登记处理情况，请逐条说明采纳情况后再送合法性审核。") % {"n": pending}
            )
        _close(actor, stored, rules.COMMENT, stored.comment_ends_on or on)
    deadline = deadline_open(
        actor=actor, record=stored, rule_key=rules.REVIEW, start=on, responsible=reviewer
    )
    transition(
        actor=actor,
        obj=stored,
        name="submit_review",
        review_submitted_on=on,
        review_due_on=deadline.due_date,
        reviewer=reviewer,
        review_opinion="",
        review_note="",
        reviewed_on=None,
    )
    flags_refresh(actor=actor, document=stored)
    return _sync(document, stored)


def flags_refresh(*, actor, document: NormativeDocument) -> tuple[int, int]:
    """Run the review assistant over the document's text (in the caller's transaction).

    A flag whose sentence and category are still found keeps the reviewer's conclusion (its offsets
    follow the text); the others go, and new ones come. Returns (added, removed)."""
    findings = assistant.analyse(document.body)
    existing = {(f.category, f.sentence): f for f in ClauseFlag.objects.filter(document=document)}
    found_keys = set()
    added = []
    for finding in findings:
        key = (finding.category, finding.sentence)
        if key in found_keys:
            continue
        found_keys.add(key)
        flag = existing.get(key)
        if flag is not None:
            if (flag.start, flag.end, flag.pattern) != (finding.start, finding.end, finding.pattern):
                flag.start, flag.end, flag.pattern = finding.start, finding.end, finding.pattern
                flag.save(update_fields=["start", "end", "pattern", "updated_at"])
            continue
        added.append(
            ClauseFlag(
                unit_id=document.unit_id,
                document=document,
                category=finding.category,
                sentence=finding.sentence,
                pattern=finding.pattern,
                start=finding.start,
                end=finding.end,
            )
        )
    stale = [f.pk for key, f in existing.items() if key not in found_keys]
    if stale:
        ClauseFlag.objects.filter(pk__in=stale).delete()
    ClauseFlag.objects.bulk_create(added)
    if added or stale:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=document,
            changes={"clause_flags": [len(existing), len(existing) - len(stale) + len(added)]},
            note=_("审核提示：新增%(added)s条，移除%(removed)s条")
            % {"added": len(added), "removed": len(stale)},
        )
    return len(added), len(stale)


@transaction.atomic
def clause_conclude(*, actor, flag: ClauseFlag, conclusion: str, note: str = "") -> ClauseFlag:
    """The reviewer's conclusion on one flagged clause (has a basis in law, amend, delete, not such a
    clause). Only while the document is under legality review and no opinion has been given."""
    stored = (
        ClauseFlag.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .select_related("document")
        .get(pk=flag.pk)
    )
    document = stored.document
    _require_status(document, (S.REVIEWING,), _("登记审核提示结论"))
    if document.review_opinion:
        raise ValidationError(
            _("已作出合法性审核意见，审核提示结论不能再修改；如需重新审核，请退回修改后重新送审。")
        )
    if conclusion not in ClauseConclusion.values:
        raise ValidationError(_("请选择审核结论。"))
    note = (note or "").strip()
    if (
        conclusion in (ClauseConclusion.HAS_BASIS, ClauseConclusion.AMEND, ClauseConclusion.DELETE)
        and not note
    ):
        raise ValidationError(
            _("结论为“%(c)s”时请写明说明（依据的法律法规条款，或修改、删除的意见）。")
            % {"c": ClauseConclusion(conclusion).label}
        )
    before = snapshot(stored)
    stored.conclusion, stored.note = conclusion, note
    stored.concluded_by, stored.concluded_at = actor, timezone.now()
    stored.save(update_fields=["conclusion", "note", "concluded_by", "concluded_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=stored,
        changes=diff(before, snapshot(stored)),
        note=_("审核提示结论：%(c)s") % {"c": ClauseConclusion(conclusion).label},
    )
    return stored


@transaction.atomic
def review_record(
    *,
    actor,
    document: NormativeDocument,
    opinion: str,
    on: datetime.date,
    note: str = "",
    reviewer=None,
) -> NormativeDocument:
    """合法性审核意见 (合法, 修改后合法, 不合法; 国办发〔2018〕115号). A passing opinion is refused while a
    flagged clause has no conclusion. Closes the review period (late when given after its last day)."""
    stored = _locked(actor, document)
    _require_status(stored, (S.REVIEWING,), _("作出合法性审核意见"))
    if stored.review_opinion:
        raise ValidationError(
            _("本次送审已作出审核意见（%(o)s）；如需重新审核，请退回修改后重新送审。")
            % {"o": stored.get_review_opinion_display()}
        )
    if opinion not in ReviewOpinion.values:
        raise ValidationError(_("请选择审核意见：合法、修改后合法或不合法。"))
    _check_date(on, _("审核日期"), not_before=stored.review_submitted_on, before_label=_("送审日期"))
    note = (note or "").strip()
    if opinion != ReviewOpinion.LAWFUL and not note:
        raise ValidationError(
            _("审核意见为“%(o)s”时，请写明修改意见或不合法的理由。") % {"o": ReviewOpinion(opinion).label}
        )
    if opinion in PASSING_OPINIONS:
        open_flags = ClauseFlag.objects.filter(document=stored, conclusion="").count()
        if open_flags:
            raise ValidationError(
                _("尚有%(n)s条审核提示条款未作结论，请逐条作出结论后再出具“%(o)s”的审核意见。")
                % {"n": open_flags, "o": ReviewOpinion(opinion).label}
            )
    reviewer = reviewer or actor
    before = snapshot(stored)
    stored.review_opinion, stored.review_note, stored.reviewed_on = opinion, note, on
    stored.reviewer = reviewer
    stored.save(update_fields=["review_opinion", "review_note", "reviewed_on", "reviewer", "updated_at"])
    _close(actor, stored, rules.REVIEW, on)  # 办结; a late opinion shows as met_late
    _audit_update(actor, stored, before, _("合法性审核意见：%(o)s") % {"o": ReviewOpinion(opinion).label})
    return _sync(document, stored)


@transaction.atomic
def review_return(*, actor, document: NormativeDocument, on: datetime.date, reason: str) -> NormativeDocument:
    """退回修改 (from review or deliberation): the opinion and the deliberation of this round no longer
    count; a new submission starts a new review."""
    stored = _locked(actor, document)
    _check_date(on, _("退回日期"))
    _close(actor, stored, rules.REVIEW, on, met=False, reason=_("退回修改"))
    transition(
        actor=actor,
        obj=stored,
        name="return_to_drafting",
        reason=reason,
        review_opinion="",
        deliberated_on=None,
        meeting="",
    )
    return _sync(document, stored)


# --- collective deliberation ----------------------------------------------------------------------


def deliberation_refusal(document: NormativeDocument) -> str:
    """Why the document cannot go to collective deliberation (the 37号 gate), or "" when it can."""
    if document.status in (S.DRAFTING, S.CONSULTING):
        return DELIBERATION_GATE + _("本文件尚未送合法性审核。")
    if document.status == S.REVIEWING:
        if not document.review_opinion:
            return DELIBERATION_GATE + _("本文件的合法性审核尚未作出审核意见。")
        if document.review_opinion not in PASSING_OPINIONS:
            return DELIBERATION_GATE + _("本文件经审核不合法，请退回修改后重新送审。")
    return ""


@transaction.atomic
def deliberation_submit(*, actor, document: NormativeDocument) -> NormativeDocument:
    """提交集体审议 — only after a passed legality review (国办发〔2018〕37号)."""
    stored = _locked(actor, document)
    refusal = deliberation_refusal(stored)
    if refusal:
        raise ValidationError(refusal, code="review_required")
    transition(actor=actor, obj=stored, name="to_deliberation")
    return _sync(document, stored)


@transaction.atomic
def deliberation_record(
    *, actor, document: NormativeDocument, meeting: str, on: datetime.date
) -> NormativeDocument:
    """集体审议决定: the meeting (如：县政府第12次常务会议) and its date."""
    stored = _locked(actor, document)
    _require_status(stored, (S.DELIBERATING,), _("登记集体审议"))
    meeting = _clean_text(meeting, _("审议会议"), max_length=200)
    _check_date(on, _("审议日期"), not_before=stored.reviewed_on, before_label=_("审核日期"))
    before = snapshot(stored)
    stored.meeting, stored.deliberated_on = meeting, on
    stored.save(update_fields=["meeting", "deliberated_on", "updated_at"])
    _audit_update(actor, stored, before, _("集体审议：%(m)s") % {"m": meeting})
    return _sync(document, stored)


# --- publication, filing --------------------------------------------------------------------------


@transaction.atomic
def document_publish(
    *,
    actor,
    document: NormativeDocument,
    signed_on: datetime.date,
    published_on: datetime.date,
    effective_on: datetime.date | None = None,
    validity_years: int | None = None,
) -> NormativeDocument:
    """签发并公布: the next document number of the issuing organ, the dates in force (有效期 by setting:
    5 years, 暂行/试行 2), the filing period; then the public library shows it as 现行有效."""
    stored = _locked(actor, document, "approve")
    _require_status(stored, (S.DELIBERATING,), _("签发并公布"))
    if stored.deliberated_on is None:
        raise ValidationError(_("尚未登记集体审议决定，不能公布（国办发〔2018〕37号：集体审议决定）。"))
    _check_date(signed_on, _("签发日期"), not_before=stored.deliberated_on, before_label=_("审议日期"))
    _check_date(published_on, _("公布日期"), not_before=signed_on, before_label=_("签发日期"))
    effective_on = effective_on or published_on
    if not isinstance(effective_on, datetime.date) or effective_on < published_on:
        raise ValidationError(_("施行日期不能早于公布日期（%(d)s）。") % {"d": published_on.isoformat()})
    if validity_years is not None and not 1 <= int(validity_years) <= 10:
        raise ValidationError(_("有效期应为1至10年；留空时按设置（一般5年，暂行、试行2年）。"))
    validity_years = validity_years or stored.validity_years
    years = validity_years or validity.default_validity_years(stored.title)
    issued = number_issue(
        actor=actor, unit=stored.unit, doc_type=DOCUMENT_NUMBER, year=published_on.year, record=stored
    )
    filing = deadline_open(actor=actor, record=stored, rule_key=rules.FILING, start=published_on)
    transition(
        actor=actor,
        obj=stored,
        name="publish",
        document_number=issued.text,
        signed_on=signed_on,
        published_on=published_on,
        effective_on=effective_on,
        validity_years=validity_years,
        expires_on=validity.expiry_date(effective_on, years),
        filing_due_on=filing.due_date,
    )
    _index(stored)
    return _sync(document, stored)


@transaction.atomic
def filing_submit(
    *, actor, document: NormativeDocument, on: datetime.date, filing_organ: OrgUnit | None = None
) -> NormativeDocument:
    """报送备案 to the government above. When that government works on this platform (``filing_organ``)
    the filing arrives there as a 备案审查 to decide; otherwise its result is typed in later
    (:func:`filing_result_record`). Closes the filing period (late when filed after its last day)."""
    stored = _locked(actor, document)
    _require_status(stored, (S.PUBLISHED,), _("报送备案"))
    _check_date(on, _("报送备案日期"), not_before=stored.published_on, before_label=_("公布日期"))
    if filing_organ is not None and not stored.unit.is_descendant_of(filing_organ):
        raise ValidationError(
            _("备案审查机关应为制定机关的上级机关（部门文件报本级人民政府，政府文件报上一级人民政府）。")
        )
    _close(actor, stored, rules.FILING, on)  # 办结; a late filing shows as met_late (报备及时率)
    transition(
        actor=actor,
        obj=stored,
        name="file",
        filed_on=on,
        filing_organ=filing_organ,
        filing_result=FilingResult.PENDING,
        filing_result_on=None,
    )
    if filing_organ is not None:
        from fazhi.normative.services.filing import filing_review_create

        filing_review_create(actor=actor, document=stored, unit=filing_organ, received_on=on)
    _index(stored)
    return _sync(document, stored)


@transaction.atomic
def filing_result_record(
    *, actor, document: NormativeDocument, result: str, on: datetime.date
) -> NormativeDocument:
    """The filing review's result (审查通过, 要求纠正) as told by a government above that does not work on
    this platform. When it does, it records the result itself through its 备案审查."""
    stored = _locked(actor, document)
    _require_status(stored, (S.FILED,), _("登记备案审查结果"))
    if stored.filing_organ_id is not None:
        raise ValidationError(
            _("备案审查机关“%(organ)s”在本平台办理备案审查，审查结果由其登记。")
            % {"organ": stored.filing_organ.name}
        )
    if result not in (FilingResult.PASSED, FilingResult.CORRECTION):
        raise ValidationError(_("请选择备案审查结果：审查通过或要求纠正。"))
    _check_date(on, _("备案审查结果日期"), not_before=stored.filed_on, before_label=_("报送备案日期"))
    before = snapshot(stored)
    stored.filing_result, stored.filing_result_on = result, on
    stored.save(update_fields=["filing_result", "filing_result_on", "updated_at"])
    _audit_update(actor, stored, before, _("备案审查结果：%(r)s") % {"r": FilingResult(result).label})
    return _sync(document, stored)


# --- end of force: amended, repealed, expired -----------------------------------------------------


def _end(actor, document: NormativeDocument, name: str, on: datetime.date, reason: str, label: str):
    stored = _locked(actor, document, NormativeDocument.workflow[name].action)
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise ValidationError(_("%(label)s日期无效。") % {"label": label})
    if on > timezone.localdate():
        raise ValidationError(_("%(label)s日期不能晚于今天。") % {"label": label})
    if stored.published_on and on < stored.published_on:
        raise ValidationError(
            _("%(label)s日期不能早于公布日期（%(d)s）。")
            % {"label": label, "d": stored.published_on.isoformat()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请写明%(label)s的原因。") % {"label": label})
    _close(actor, stored, rules.FILING, on, met=False, reason=_("文件已%(label)s") % {"label": label})
    transition(actor=actor, obj=stored, name=name, reason=reason, ended_on=on, ended_reason=reason)
    _index(stored)
    return _sync(document, stored)


@transaction.atomic
def document_amend(
    *, actor, document: NormativeDocument, on: datetime.date, reason: str, replaced_by=None
) -> NormativeDocument:
    """已修改: the document is replaced by an amended text (``replaced_by``, a document registered for it,
    whose ``replaces`` then points here). ``actor=None``: the system (a cleanup campaign's decision)."""
    result = _end(actor, document, "amend", on, reason, _("修改"))
    if replaced_by is not None:
        qs = (
            NormativeDocument.objects.all()
            if actor is None
            else NormativeDocument.objects.restrict(actor, "change")
        )
        successor = qs.filter(pk=getattr(replaced_by, "pk", replaced_by)).first()
        if successor is None:
            raise ValidationError(_("修改后的文件不存在，或不在您可以修改的范围内。"))
        if successor.pk == result.pk:
            raise ValidationError(_("修改后的文件不能是原文件本身。"))
        before = snapshot(successor, ["replaces"])
        successor.replaces = result
        successor.save(update_fields=["replaces", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=successor,
            changes=diff(before, snapshot(successor, ["replaces"])),
            note=_("修改“%(title)s”") % {"title": result.title},
        )
    return result


@transaction.atomic
def document_repeal(
    *, actor, document: NormativeDocument, on: datetime.date, reason: str
) -> NormativeDocument:
    """已废止, with its reason. ``actor=None``: the system (a cleanup campaign's decision)."""
    return _end(actor, document, "repeal", on, reason, _("废止"))


@transaction.atomic
def document_expire(
    *, actor, document: NormativeDocument, on: datetime.date, reason: str
) -> NormativeDocument:
    """已失效 (validity ran out, or declared so by a cleanup). ``actor=None``: the system."""
    return _end(actor, document, "expire", on, reason, _("失效"))


# --- full-text index ------------------------------------------------------------------------------


def document_index(document: NormativeDocument) -> None:
    """Bring the document's full-text entry (kind ``normative.document``) in line with its state: a
    published document is indexed as public, with its organ, year and status as filters (what the public
    library searches by); an unpublished one is removed, so it can never be found in the library.
    Called by the services on publication and on every later change of status or 政策解读."""
    from fazhi.fulltext import services as fulltext

    if document.status in UNPUBLISHED or document.published_on is None:
        fulltext.remove(kind=FULLTEXT_KIND, obj_id=document.pk)
        return
    fulltext.index(
        kind=FULLTEXT_KIND,
        obj_id=document.pk,
        unit=document.unit_id,
        title=document.title,
        body="\n".join(p for p in (document.document_number, document.body, document.interpretation) if p),
        filters={
            "status": document.status,
            "year": document.published_on.year,
            "organ": str(document.unit_id),
            "organ_name": document.unit.name,
        },
        public=True,
        date=document.published_on,
    )
