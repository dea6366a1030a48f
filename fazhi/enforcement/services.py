"""Writes of 行政执法: the roster and one service per step of a certificate's life (workflows.py).

Every service is keyword-only, atomic and audited, with an explicit ``actor`` (``None`` only for the
system's daily expiry). A refusal raises ``ValidationError`` with a Chinese sentence and writes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_create
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.enforcement import rules
from fazhi.enforcement.choices import (
    CURRENT_STATES,
    OFFICER_STATUS_FOR_REVOCATION,
    CertificateKind,
    CertificateStatus,
    EventKind,
    IssueReason,
    OfficerStatus,
    RevocationReason,
)
from fazhi.enforcement.doc_types import CERTIFICATE_NUMBER, SUPERVISION_NUMBER
from fazhi.enforcement.models import (
    CertificateEvent,
    EnforcementCertificate,
    EnforcementOfficer,
    TrainingRecord,
)


def _refuse(message: str, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


def _event(*, actor, certificate, kind: str, on: datetime.date, note: str = "", **extra) -> CertificateEvent:
    return CertificateEvent.objects.create(
        unit_id=certificate.unit_id,
        certificate=certificate,
        kind=kind,
        on=on,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )


def _reload(certificate: EnforcementCertificate) -> EnforcementCertificate:
    """The stored row (the caller's copy may be stale); date checks read it, the transition re-checks."""
    return EnforcementCertificate.objects.select_related("officer", "unit").get(pk=certificate.pk)


def _check_date(on: datetime.date, *, after: datetime.date | None, label: str) -> None:
    if after is not None and on < after:
        raise _refuse(
            _("%(label)s日期（%(on)s）不能早于%(after)s。") % {"label": label, "on": on, "after": after},
            code="date_order",
        )


# --- the roster -----------------------------------------------------------------------------------


@transaction.atomic
def training_record_add(
    *, actor, officer: EnforcementOfficer, on: datetime.date, kind: str, topic: str, hours: Decimal
) -> TrainingRecord:
    if hours is None or Decimal(hours) <= 0:
        raise _refuse(_("培训学时应大于零。"), code="hours")
    record = TrainingRecord(
        unit_id=officer.unit_id, officer=officer, on=on, kind=kind, topic=topic, hours=hours
    )
    return record_create(actor=actor, instance=record)


# --- the certificate: 申领 → 审核 → 考试 → 发证 -----------------------------------------------------------


@transaction.atomic
def certificate_apply(
    *, actor, officer: EnforcementOfficer, applied_on: datetime.date, kind: str = CertificateKind.ENFORCEMENT
) -> EnforcementCertificate:
    """申领 (after the unit's 资格审查): refused for an officer not in post or one who already has a current
    certificate or application of this kind."""
    ensure_unit_allowed(user=actor, unit=officer.unit, model=EnforcementCertificate, action="add")
    officer = EnforcementOfficer.objects.select_for_update().get(pk=officer.pk)
    if officer.status != OfficerStatus.ACTIVE:
        raise _refuse(
            _("%(name)s的人员状态为“%(status)s”，不能申领执法证件。")
            % {"name": officer.name, "status": officer.get_status_display()}
        )
    current = (
        EnforcementCertificate.objects.filter(officer=officer, kind=kind, status__in=CURRENT_STATES)
        .only("status", "number")
        .first()
    )
    if current is not None:
        raise _refuse(
            _("%(name)s已有%(kind)s（%(state)s%(number)s），不能重复申领；到期请办理换证，遗失请办理补证。")
            % {
                "name": officer.name,
                "kind": CertificateKind(kind).label,
                "state": current.get_status_display(),
                "number": f"，{current.number}" if current.number else "",
            }
        )
    certificate = EnforcementCertificate(
        unit_id=officer.unit_id, officer=officer, kind=kind, applied_on=applied_on
    )
    record_create(actor=actor, instance=certificate)
    _event(actor=actor, certificate=certificate, kind=EventKind.APPLIED, on=applied_on)
    return certificate


@transaction.atomic
def certificate_approve(
    *, actor, certificate: EnforcementCertificate, on: datetime.date
) -> EnforcementCertificate:
    """法制机构审核通过: the applicant goes to training (公共法律知识、专业法律知识)."""
    stored = _reload(certificate)
    _check_date(on, after=stored.applied_on, label=_("审核"))
    transition(actor=actor, obj=certificate, name="approve", approved_on=on)
    _event(actor=actor, certificate=certificate, kind=EventKind.APPROVED, on=on)
    return certificate


@transaction.atomic
def certificate_record_exam(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, score: Decimal
) -> EnforcementCertificate:
    """考试: a score at or above FAZHI_ENFORCEMENT_PASS_SCORE passes; below it the application waits for a
    retake (补考)."""
    score = Decimal(str(score))
    if score < 0 or score > 100:
        raise _refuse(_("考试成绩应在 0 到 100 分之间。"), code="score")
    stored = _reload(certificate)
    _check_date(on, after=stored.approved_on, label=_("考试"))
    passed = score >= rules.pass_score()
    transition(
        actor=actor,
        obj=certificate,
        name="pass_exam" if passed else "fail_exam",
        exam_on=on,
        exam_score=score,
    )
    note = _("合格线 %(line)s 分") % {"line": rules.pass_score()}
    _event(
        actor=actor,
        certificate=certificate,
        kind=EventKind.EXAM,
        on=on,
        score=score,
        passed=passed,
        note=note,
    )
    return certificate


@transaction.atomic
def certificate_retake(
    *, actor, certificate: EnforcementCertificate, on: datetime.date
) -> EnforcementCertificate:
    stored = _reload(certificate)
    _check_date(on, after=stored.exam_on, label=_("补考报名"))
    transition(actor=actor, obj=certificate, name="retake")
    _event(actor=actor, certificate=certificate, kind=EventKind.RETAKE, on=on)
    return certificate


def _draw_number(*, actor, certificate: EnforcementCertificate, year: int):
    from fazhi.numbering.services import number_issue

    doc_type = SUPERVISION_NUMBER if certificate.kind == CertificateKind.SUPERVISION else CERTIFICATE_NUMBER
    unit = rules.issuing_unit(certificate.unit)
    try:
        return number_issue(actor=actor, unit=unit, doc_type=doc_type, year=year, record=certificate)
    except ScopeViolation:
        raise _refuse(
            _("证件编号由%(unit)s统一编制，您在该单位没有取号权限，请由其法制机构发证。")
            % {"unit": unit.name},
            code="numbering_scope",
        ) from None


@transaction.atomic
def certificate_issue(
    *, actor, certificate: EnforcementCertificate, on: datetime.date
) -> EnforcementCertificate:
    """发证: a number from the numbering engine, valid FAZHI_ENFORCEMENT_VALIDITY_YEARS years, 年审 yearly."""
    stored = _reload(certificate)
    _check_date(on, after=stored.exam_on, label=_("发证"))
    if stored.officer.status != OfficerStatus.ACTIVE:
        raise _refuse(
            _("%(name)s已%(status)s，不能发证。")
            % {"name": stored.officer.name, "status": stored.officer.get_status_display()}
        )
    if stored.status != CertificateStatus.PASSED:  # refuse before drawing a number
        transition(actor=actor, obj=certificate, name="issue")
    # drawn in this transaction: a refusal below rolls the number back, leaving no gap (docs/numbering.md)
    issued = _draw_number(actor=actor, certificate=certificate, year=on.year)
    transition(
        actor=actor,
        obj=certificate,
        name="issue",
        issued_on=on,
        expires_on=rules.expiry_date(on),
        review_due_on=rules.first_review_due(on),
        number=issued.text,
        issued_number=issued,
    )
    _event(actor=actor, certificate=certificate, kind=EventKind.ISSUED, on=on, note=issued.text)
    return certificate


# --- the card's life: 年审, 暂扣, 发还, 过期, 换证, 补证, 注销 ------------------------------------------------


@transaction.atomic
def certificate_review(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, note: str = ""
) -> EnforcementCertificate:
    """年度审验: possible from REVIEW_WINDOW_DAYS before the due date (an overdue card too, which is then usable
    again); not for an expired card, which is renewed instead."""
    stored = _reload(certificate)
    if stored.status == CertificateStatus.VALID:
        if stored.expires_on and on > stored.expires_on:
            raise _refuse(
                _("证件已于 %(date)s 到期，不能年审，请办理换证。") % {"date": stored.expires_on},
                code="expired",
            )
        opens = stored.review_due_on - datetime.timedelta(days=rules.REVIEW_WINDOW_DAYS)
        if on < opens:
            raise _refuse(
                _("本年度审验截止日期为 %(due)s，%(opens)s 起方可年审。")
                % {"due": stored.review_due_on, "opens": opens},
                code="too_early",
            )
    transition(
        actor=actor,
        obj=certificate,
        name="review",
        reason=note,
        last_reviewed_on=on,
        review_due_on=rules.next_review_due(stored.review_due_on) if stored.review_due_on else None,
    )
    _event(actor=actor, certificate=certificate, kind=EventKind.REVIEWED, on=on, note=note)
    return certificate


@transaction.atomic
def certificate_suspend(
    *,
    actor,
    certificate: EnforcementCertificate,
    on: datetime.date,
    reason: str,
    until: datetime.date | None = None,
) -> EnforcementCertificate:
    """暂扣 (违法违纪时): the card cannot be used until it is given back (发还)."""
    if until is not None and until < on:
        raise _refuse(_("暂扣期限（%(until)s）不能早于暂扣日期（%(on)s）。") % {"until": until, "on": on})
    reason = (reason or "").strip()
    transition(
        actor=actor,
        obj=certificate,
        name="suspend",
        reason=reason,
        suspended_on=on,
        suspended_until=until,
        suspension_reason=reason,
    )
    note = reason + (_("；暂扣至 %(until)s") % {"until": until} if until else "")
    _event(actor=actor, certificate=certificate, kind=EventKind.SUSPENDED, on=on, note=note)
    return certificate


@transaction.atomic
def certificate_restore(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, note: str = ""
) -> EnforcementCertificate:
    """发还: the suspension ends; a card that expired meanwhile is not given back but renewed."""
    stored = _reload(certificate)
    _check_date(on, after=stored.suspended_on, label=_("发还"))
    if stored.status == CertificateStatus.SUSPENDED and stored.expires_on and on > stored.expires_on:
        raise _refuse(
            _("证件已于 %(date)s 到期，不能发还，请办理换证或注销。") % {"date": stored.expires_on},
            code="expired",
        )
    transition(actor=actor, obj=certificate, name="restore", reason=note, suspended_until=None)
    _event(actor=actor, certificate=certificate, kind=EventKind.RESTORED, on=on, note=note)
    return certificate


@transaction.atomic
def certificate_expire(
    *, actor, certificate: EnforcementCertificate, on: datetime.date
) -> EnforcementCertificate:
    """有效期届满 (the daily job, actor None): only a card whose last valid day is before ``on``."""
    stored = _reload(certificate)
    if stored.expires_on is None:  # never issued: the workflow's refusal names the state
        transition(actor=actor, obj=certificate, name="expire")
    if stored.expires_on >= on:
        raise _refuse(
            _("证件有效期至 %(date)s，尚未届满。") % {"date": stored.expires_on}, code="not_expired"
        )
    transition(
        actor=actor, obj=certificate, name="expire", ended_on=stored.expires_on + datetime.timedelta(days=1)
    )
    _event(
        actor=actor,
        certificate=certificate,
        kind=EventKind.EXPIRED,
        on=stored.expires_on + datetime.timedelta(days=1),
    )
    return certificate


def _successor(
    *, actor, old: EnforcementCertificate, on: datetime.date, reason: str, expires_on, review_due_on
) -> EnforcementCertificate:
    new = EnforcementCertificate(
        unit_id=old.unit_id,
        officer_id=old.officer_id,
        kind=old.kind,
        status=CertificateStatus.VALID,
        issue_reason=reason,
        previous=old,
        applied_on=on,
        approved_on=on,
        exam_on=old.exam_on,
        exam_score=old.exam_score,
        issued_on=on,
        expires_on=expires_on,
        review_due_on=review_due_on,
        last_reviewed_on=old.last_reviewed_on if reason == IssueReason.REPLACEMENT else None,
    )
    ensure_unit_allowed(user=actor, unit=old.unit, model=EnforcementCertificate, action="add")
    new.save()
    issued = _draw_number(actor=actor, certificate=new, year=on.year)
    new.number, new.issued_number = issued.text, issued
    new.save(update_fields=["number", "issued_number", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CREATE, obj=new, changes=diff({}, snapshot(new)))
    ensure_in_scope(user=actor, obj=new, action="add")
    _event(actor=actor, certificate=new, kind=EventKind.ISSUED, on=on, note=issued.text)
    return new


@transaction.atomic
def certificate_renew(
    *, actor, certificate: EnforcementCertificate, on: datetime.date
) -> EnforcementCertificate:
    """换证 on expiry: from RENEWAL_WINDOW_DAYS before the last valid day (or after it); the old card ends as
    已换发 and a new one with a new number and a full validity is issued. Returns the new certificate."""
    stored = _reload(certificate)
    if stored.officer.status != OfficerStatus.ACTIVE:
        raise _refuse(
            _("%(name)s已%(status)s，不能换证，应当注销。")
            % {"name": stored.officer.name, "status": stored.officer.get_status_display()}
        )
    if stored.status == CertificateStatus.VALID and stored.expires_on:
        opens = stored.expires_on - datetime.timedelta(days=rules.RENEWAL_WINDOW_DAYS)
        if on < opens:
            raise _refuse(
                _("证件有效期至 %(date)s，%(opens)s 起方可换证；遗失请办理补证。")
                % {"date": stored.expires_on, "opens": opens},
                code="too_early",
            )
        if stored.review_due_on and stored.review_due_on < on and on <= stored.expires_on:
            raise _refuse(
                _("证件应于 %(due)s 前年审而未年审，请先年审再换证。") % {"due": stored.review_due_on},
                code="review_overdue",
            )
    transition(actor=actor, obj=certificate, name="renew", ended_on=on)
    _event(actor=actor, certificate=certificate, kind=EventKind.RENEWED, on=on)
    return _successor(
        actor=actor,
        old=stored,
        on=on,
        reason=IssueReason.RENEWAL,
        expires_on=rules.expiry_date(on),
        review_due_on=rules.first_review_due(on),
    )


@transaction.atomic
def certificate_replace(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, reason: str
) -> EnforcementCertificate:
    """补证 on loss or damage (遗失已登报声明作废): the old number is voided in the numbering register, the new
    card keeps the old one's validity and review cycle. Returns the new certificate."""
    from fazhi.numbering.services import number_void

    stored = _reload(certificate)
    reason = (reason or "").strip()
    if stored.expires_on and on > stored.expires_on:
        raise _refuse(
            _("证件已于 %(date)s 到期，应当换证而非补证。") % {"date": stored.expires_on}, code="expired"
        )
    transition(actor=actor, obj=certificate, name="replace", reason=reason, ended_on=on)
    if stored.issued_number_id:
        number_void(
            actor=actor, issued=stored.issued_number, reason=_("补证，原证作废：%(r)s") % {"r": reason}
        )
    _event(actor=actor, certificate=certificate, kind=EventKind.REPLACED, on=on, note=reason)
    return _successor(
        actor=actor,
        old=stored,
        on=on,
        reason=IssueReason.REPLACEMENT,
        expires_on=stored.expires_on,
        review_due_on=stored.review_due_on,
    )


@transaction.atomic
def certificate_revoke(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, reason: str, note: str = ""
) -> EnforcementCertificate:
    """注销 (调离、退休、辞职、不再从事执法 …): the card ends; for a reason that means the officer left, the
    roster's status follows (audited as an update of the officer)."""
    if reason not in RevocationReason.values:
        raise _refuse(_("请选择注销原因。"), code="reason")
    if reason == RevocationReason.OTHER and not (note or "").strip():
        raise _refuse(_("注销原因为“其他”时须说明具体情况。"), code="reason")
    label = RevocationReason(reason).label
    transition(
        actor=actor,
        obj=certificate,
        name="revoke",
        reason=f"{label}{('：' + note.strip()) if note.strip() else ''}",
        revocation_reason=reason,
        ended_on=on,
    )
    _event(
        actor=actor, certificate=certificate, kind=EventKind.REVOKED, on=on, note=f"{label} {note}".strip()
    )
    officer_status = OFFICER_STATUS_FOR_REVOCATION.get(reason)
    if officer_status:
        officer = EnforcementOfficer.objects.get(pk=certificate.officer_id)
        if officer.status != officer_status:
            before = snapshot(officer, ["status"])
            officer.status = officer_status
            officer.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=officer,
                changes=diff(before, snapshot(officer, ["status"])),
            )
            if actor is not None:
                ensure_in_scope(user=actor, obj=officer, action="change")
    return certificate


@transaction.atomic
def certificate_withdraw(
    *, actor, certificate: EnforcementCertificate, on: datetime.date, reason: str
) -> EnforcementCertificate:
    """撤回申领 before a card is issued (e.g. the applicant changed post)."""
    transition(actor=actor, obj=certificate, name="withdraw", reason=reason, ended_on=on)
    _event(actor=actor, certificate=certificate, kind=EventKind.WITHDRAWN, on=on, note=reason)
    return certificate
