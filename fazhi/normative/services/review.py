"""Legality review (with the review assistant's flags) and collective deliberation of a normative
document (国办发〔2018〕37号; docs/normative.md)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.workflow import transition
from fazhi.normative import assistant, rules
from fazhi.normative.choices import (
    PASSING_OPINIONS,
    ClauseConclusion,
    ReviewOpinion,
)
from fazhi.normative.models import ClauseFlag, NormativeDocument, PublicComment
from fazhi.normative.services._base import (
    DELIBERATION_GATE,
    S,
    _audit_update,
    _check_date,
    _clean_text,
    _close,
    _locked,
    _require_status,
    _sync,
)
from fazhi.workdays.services import deadline_open

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
