"""What the lifecycle services of a normative document share: the constants, the row lock and state
checks, the deadline helpers, the audit of an edit and the full-text entry (docs/normative.md)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.normative.choices import (
    UNPUBLISHED,
    DocumentKind,
    DocumentStatus,
)
from fazhi.normative.models import NormativeDocument
from fazhi.workdays.choices import DeadlineStatus
from fazhi.workdays.models import Deadline
from fazhi.workdays.services import deadline_close

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
