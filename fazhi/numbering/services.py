"""Writes of the numbering engine: issue and void numbers, set and clear a unit's templates.

Gap-free, duplicate-free numbers on SQLite and PostgreSQL alike: the sequence row is advanced with
``F("last") + 1`` inside the caller's transaction, so a rolled-back caller gives its number back and
two callers never read the same value (PostgreSQL: the row is locked with SELECT … FOR UPDATE first;
SQLite: the IMMEDIATE transaction mode configured in settings already admits one writer at a time).
The unique constraint on (unit, type, year, seq) of issued numbers is the last line of defence.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.numbering.formats import NUMBER_MAX_LENGTH, render_number, validate_template
from fazhi.numbering.models import IssuedNumber, NumberSequence, NumberTemplate
from fazhi.numbering.registry import get_doc_type
from fazhi.numbering.selectors import current_year, effective_template

VOID_REASON_MAX_LENGTH = 200
_SEQUENCE_ATTEMPTS = 5


def _check_year(year: int) -> None:
    if not 1949 <= year <= 9999:
        raise ValidationError(_("年度 %(year)s 不正确。") % {"year": year}, code="bad_year")


def _next_seq(*, unit: OrgUnit, doc_type: str, year: int) -> int:
    """Advance the sequence by one and return the new value; runs inside the caller's transaction.

    The row is read under its lock (PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock
    already), then advanced with a compare-and-set ``UPDATE … SET last = last + 1 WHERE last = <read>``:
    should the read ever be stale (a database without either lock), the update touches no row and the
    value is read again rather than issued twice.
    """
    for _attempt in range(_SEQUENCE_ATTEMPTS):
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
            unit=unit, doc_type=doc_type, year=year
        )
        advanced = NumberSequence.objects.filter(pk=sequence.pk, last=sequence.last).update(
            last=F("last") + 1, updated_at=timezone.now()
        )
        if advanced == 1:
            return sequence.last + 1
    raise RuntimeError("文号序列持续被并发修改，取号失败，请重试。")


@transaction.atomic
def number_issue(
    *, actor, unit: OrgUnit, doc_type: str, year: int | None = None, record: models.Model | None = None
) -> IssuedNumber:
    """Draw the next number of ``doc_type`` for ``unit`` and ``year`` (default: this year, Beijing time).

    Call it inside the service that creates or advances ``record``: if that transaction rolls back,
    the number is given back and the sequence stays without a gap.
    """
    get_doc_type(doc_type)
    if record is not None and record.pk is None:
        raise ValueError("取号关联的记录须先保存")
    ensure_unit_allowed(user=actor, unit=unit, model=IssuedNumber, action="add")
    if not unit.is_active:
        raise ValidationError(_("“%(unit)s”已停用，不能取号。") % {"unit": unit.name}, code="inactive_unit")
    year = year or current_year()
    _check_year(year)
    template = effective_template(unit=unit, doc_type=doc_type).template
    seq = _next_seq(unit=unit, doc_type=doc_type, year=year)
    text = render_number(template, unit=unit, year=year, seq=seq)
    if len(text) > NUMBER_MAX_LENGTH:
        raise ValidationError(
            _("生成的文号超过 %(n)d 个字符，请缩短文号模板或单位简称。") % {"n": NUMBER_MAX_LENGTH}
        )
    issued = IssuedNumber(
        unit=unit,
        doc_type=doc_type,
        year=year,
        seq=seq,
        text=text,
        template=template,
        issued_by=actor,
    )
    if record is not None:
        issued.content_type = ContentType.objects.get_for_model(record)
        issued.object_id = str(record.pk)
    issued.save(force_insert=True)
    fields = ["doc_type", "year", "seq", "text"] + (
        ["content_type", "object_id"] if record is not None else []
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=issued, changes=diff({}, snapshot(issued, fields))
    )
    return issued


@transaction.atomic
def number_void(*, actor, issued: IssuedNumber, reason: str) -> IssuedNumber:
    """Void a number (the ``void`` transition): it stays recorded with the reason and is never reused."""
    reason = (reason or "").strip()
    if len(reason) > VOID_REASON_MAX_LENGTH:
        raise ValidationError(
            _("作废理由不能超过 %(n)d 个字符。") % {"n": VOID_REASON_MAX_LENGTH}, code="max_length"
        )
    return transition(
        actor=actor,
        obj=issued,
        name="void",
        reason=reason,
        voided_at=timezone.now(),
        voided_by=actor,
        void_reason=reason,
    )


@transaction.atomic
def template_set(*, actor, unit: OrgUnit, doc_type: str, template: str) -> NumberTemplate:
    """Set ``unit``'s own template for ``doc_type`` (creating or replacing it); administrators only."""
    get_doc_type(doc_type)
    ensure_unit_allowed(user=actor, unit=unit, model=NumberTemplate, action="change")
    template = (template or "").strip()
    try:
        validate_template(template)
    except ValidationError as exc:
        raise ValidationError({"template": exc.messages}) from exc
    existing = NumberTemplate.objects.select_for_update().filter(unit=unit, doc_type=doc_type).first()
    if existing is None:
        record = NumberTemplate.objects.create(
            unit=unit, doc_type=doc_type, template=template, updated_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            changes=diff({}, snapshot(record, ["doc_type", "template"])),
        )
        return record
    if existing.template != template:
        before = snapshot(existing, ["template"])
        existing.template = template
        existing.updated_by = actor
        existing.save(update_fields=["template", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=existing,
            changes=diff(before, snapshot(existing, ["template"])),
        )
    return existing


@transaction.atomic
def template_clear(*, actor, template: NumberTemplate) -> None:
    """Remove a unit's own template: the unit falls back to its ancestor's template or the default."""
    record = (
        NumberTemplate.objects.restrict(actor, "delete").select_for_update().filter(pk=template.pk).first()
    )
    if record is None:
        raise ScopeViolation()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=record,
        changes=diff(snapshot(record, ["doc_type", "template"]), {}),
    )
    record.delete()
