"""Publication (文号, dates in force), filing with the organ above and the end of force (修改、废止、失效)
of a normative document (RULES.md §4.1; docs/normative.md)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.workflow import transition
from fazhi.normative import rules, validity
from fazhi.normative.choices import (
    FilingResult,
)
from fazhi.normative.doc_types import DOCUMENT_NUMBER
from fazhi.normative.models import NormativeDocument
from fazhi.normative.services._base import (
    S,
    _audit_update,
    _check_date,
    _close,
    _index,
    _locked,
    _require_status,
    _sync,
)
from fazhi.numbering.services import number_issue
from fazhi.workdays.services import deadline_open

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
