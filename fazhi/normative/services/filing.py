"""备案审查 by the government above (RULES.md §4.1–4.2: 规范性文件的备案审查 is provincial law, modelled on
《法规规章备案审查条例》; provinces commonly give the reviewing organ 30 days).

A filing arrives either from a document on this platform (the lower organ's ``filing_submit`` calls
:func:`filing_review_create` with the document) or is typed in by the reviewing organ's staff for bodies
not on the platform. The review period runs from receipt in calendar days (setting
FAZHI_NORMATIVE_FILING_REVIEW_DAYS) counted by the workdays engine: the start day is not counted and a last
day that is a rest day moves to the next working day. The result (审查通过, 要求纠正 with the opinion)
flows back to the platform document's ``filing_result``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.normative import rules
from fazhi.normative.choices import UNPUBLISHED, FilingResult
from fazhi.normative.models import FilingReview, NormativeDocument
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.choices import DeadlineStatus, PeriodKind
from fazhi.workdays.counting import compute
from fazhi.workdays.models import Deadline
from fazhi.workdays.services import deadline_close, deadline_open


def review_due(received_on: datetime.date, calendar=None) -> datetime.date:
    """The last day of the review: received_on + N days, shifted past rest days (what the deadline the
    review opens computes; for forms and the demo)."""
    result = compute(
        kind=PeriodKind.CALENDAR_DAYS,
        count=settings.FAZHI_NORMATIVE_FILING_REVIEW_DAYS,
        start=received_on,
        calendar=calendar or load_calendar(),
    )
    return result.due


def filing_due(published_on: datetime.date, calendar=None) -> datetime.date:
    """The last day for the lower organ to file (自公布之日起 N 日内, setting FAZHI_NORMATIVE_FILING_DAYS)."""
    result = compute(
        kind=PeriodKind.CALENDAR_DAYS,
        count=settings.FAZHI_NORMATIVE_FILING_DAYS,
        start=published_on,
        calendar=calendar or load_calendar(),
    )
    return result.due


def is_overdue(review: FilingReview, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return review.result == FilingResult.PENDING and review.due_on is not None and review.due_on < today


def _check_day(on, label: str) -> None:
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise ValidationError(_("%(label)s无效。") % {"label": label})
    if on > timezone.localdate():
        raise ValidationError(_("%(label)s不能晚于今天。") % {"label": label})


@transaction.atomic
def filing_review_create(
    *,
    actor,
    unit: OrgUnit,
    received_on: datetime.date,
    document: NormativeDocument | None = None,
    filer_name: str = "",
    title: str = "",
    document_number: str = "",
    published_on: datetime.date | None = None,
) -> FilingReview:
    """Register a filing received by ``unit`` (the reviewing organ).

    With ``document`` (a platform document, called by the lower organ's ``filing_submit``) the actor is
    the filer, who need not work at the reviewing organ: the particulars are the document's. Without it
    the actor types the filing in and must be allowed to add records at ``unit``."""
    _check_day(received_on, _("收到备案日期"))
    calendar = load_calendar()
    if document is not None:
        if document.status in UNPUBLISHED:
            raise ValidationError(_("“%(title)s”尚未公布，不能报送备案。") % {"title": document.title})
        if FilingReview.objects.filter(document=document, result=FilingResult.PENDING).exists():
            raise ValidationError(_("“%(title)s”已报送备案，正在审查中。") % {"title": document.title})
        filer_name = document.unit.name
        title, document_number, published_on = document.title, document.document_number, document.published_on
        deadline = document.filing_due_on or (filing_due(published_on, calendar) if published_on else None)
    else:
        if actor is not None:
            ensure_unit_allowed(user=actor, unit=unit, model=FilingReview, action="add")
        filer_name, title, document_number = filer_name.strip(), title.strip(), document_number.strip()
        if not filer_name or not title:
            raise ValidationError(_("请填写报备机关和文件名称。"))
        deadline = filing_due(published_on, calendar) if published_on else None
    if published_on and received_on < published_on:
        raise ValidationError(
            _("收到备案日期不能早于文件公布日期（%(date)s）。") % {"date": published_on.isoformat()}
        )
    review = FilingReview.objects.create(
        unit=unit,
        document=document,
        filer_name=filer_name[:200],
        title=title[:300],
        document_number=document_number[:80],
        published_on=published_on,
        received_on=received_on,
        on_time=None if deadline is None else received_on <= deadline,
    )
    # the period on the deadline board and in the reminders; the system opens it (the filer may work
    # at the lower organ), the reviewing organ's staff close it with the result
    clock = deadline_open(
        actor=None, record=review, rule_key=rules.FILING_REVIEW, start=received_on, unit=unit
    )
    review.due_on = clock.due_date
    review.save(update_fields=["due_on"])
    if document is None and actor is not None:
        ensure_in_scope(user=actor, obj=review, action="add")
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=review,
        changes=diff({}, snapshot(review)),
        note=_("收到%(filer)s报送备案的“%(title)s”，审查期限至%(due)s")
        % {"filer": review.filer_name, "title": review.title, "due": review.due_on.isoformat()},
    )
    return review


_RESULT_FIELDS = ["result", "reviewed_on", "opinion", "reviewer"]


@transaction.atomic
def filing_review_decide(
    *, actor, review: FilingReview, result: str, opinion: str = "", on: datetime.date | None = None
) -> FilingReview:
    """Record the result of a pending review (审查通过, or 要求纠正 with the opinion saying what must be
    corrected); a platform document takes the result as its ``filing_result``."""
    review = (
        FilingReview.objects.restrict(actor, "change")
        .select_for_update(of=("self",))
        .select_related("document")
        .get(pk=review.pk)
    )
    if review.result != FilingResult.PENDING:
        raise ValidationError(
            _("该备案已于%(date)s审查完毕（%(result)s），不能再次作出结果。")
            % {
                "date": review.reviewed_on.isoformat() if review.reviewed_on else "",
                "result": review.get_result_display(),
            }
        )
    if result not in (FilingResult.PASSED, FilingResult.CORRECTION):
        raise ValidationError(_("审查结果无效：请选择审查通过或要求纠正。"))
    opinion = (opinion or "").strip()
    if result == FilingResult.CORRECTION and not opinion:
        raise ValidationError(_("要求纠正的，应写明审查意见（存在的问题和纠正要求）。"))
    on = on or timezone.localdate()
    _check_day(on, _("审查完成日期"))
    if on < review.received_on:
        raise ValidationError(
            _("审查完成日期不能早于收到备案日期（%(date)s）。") % {"date": review.received_on.isoformat()}
        )
    before = snapshot(review, _RESULT_FIELDS)
    review.result, review.reviewed_on, review.opinion, review.reviewer = result, on, opinion, actor
    review.save(update_fields=[*_RESULT_FIELDS, "updated_at"])
    ensure_in_scope(user=actor, obj=review, action="change")
    late = on > review.due_on if review.due_on else False
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=review,
        changes=diff(before, snapshot(review, _RESULT_FIELDS)),
        note=_("备案审查结果：%(result)s%(late)s")
        % {"result": FilingResult(result).label, "late": _("（超过审查期限）") if late else ""},
    )
    clock = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(FilingReview),
        object_id=str(review.pk),
        rule_key=rules.FILING_REVIEW,
        status=DeadlineStatus.OPEN,
    ).first()
    if clock is not None:
        deadline_close(actor=actor, deadline=clock, on=on, met=True)
    document = review.document
    if document is not None:
        fields = ["filing_result", "filing_result_on"]
        doc_before = snapshot(document, fields)
        document.filing_result, document.filing_result_on = result, on
        document.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=document,
            changes=diff(doc_before, snapshot(document, fields)),
            note=_("上级机关备案审查结果：%(result)s") % {"result": FilingResult(result).label},
        )
    return review
