"""Reads of 行政执法: a card's state on a day, the assignability gate for cases (处罚法 第42条), reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.enforcement import rules
from fazhi.enforcement.choices import (
    CertificateKind,
    CertificateStatus,
    OfficerStatus,
    PublicState,
)
from fazhi.enforcement.models import EnforcementCertificate, EnforcementOfficer

S = CertificateStatus


def certificate_state(certificate: EnforcementCertificate, on: datetime.date) -> str:
    """What the card is worth on ``on`` (a PublicState value). A valid card past its last day reads 已过期
    before the daily job marks it; a valid card whose 年审 is overdue reads 未年审 and cannot be used."""
    status = certificate.status
    if status == S.VALID:
        if certificate.expires_on and certificate.expires_on < on:
            return PublicState.EXPIRED
        if certificate.review_due_on and certificate.review_due_on < on:
            return PublicState.REVIEW_OVERDUE
        return PublicState.VALID
    return {
        S.SUSPENDED: PublicState.SUSPENDED,
        S.EXPIRED: PublicState.EXPIRED,
        S.REVOKED: PublicState.REVOKED,
        S.VOID: PublicState.VOID,
        S.SUPERSEDED: PublicState.SUPERSEDED,
    }.get(status, PublicState.NOT_ISSUED)


def usable_q(on: datetime.date, prefix: str = "") -> Q:
    """The certificates that may be used on ``on``: 有效, within validity, 年审 not overdue."""
    return Q(
        **{
            f"{prefix}status": S.VALID,
            f"{prefix}issued_on__lte": on,
            f"{prefix}expires_on__gte": on,
            f"{prefix}review_due_on__gte": on,
        }
    )


def officers_assignable(*, on: datetime.date, within=None, queryset: QuerySet | None = None) -> QuerySet:
    """Officers in post holding a usable 行政执法证 on ``on`` (处罚法 第42条: 具有行政执法资格).

    ``within``: an OrgUnit — its officers and those of the units below it. ``queryset``: start from an
    already restricted queryset (pages pass ``EnforcementOfficer.objects.restrict(user)``).
    """
    qs = queryset if queryset is not None else EnforcementOfficer.objects.all()
    qs = qs.filter(status=OfficerStatus.ACTIVE)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    usable = EnforcementCertificate.objects.filter(usable_q(on), kind=CertificateKind.ENFORCEMENT)
    return qs.filter(pk__in=usable.values("officer_id"))


@dataclass(frozen=True)
class Unassignable:
    officer: EnforcementOfficer
    reason: str

    @property
    def message(self) -> str:
        return _("%(name)s：%(reason)s") % {"name": self.officer.name, "reason": self.reason}


def _why_not(
    officer: EnforcementOfficer, certificates: list[EnforcementCertificate], on: datetime.date
) -> str | None:
    """Why ``officer`` may not take part in a case on ``on``, or None when they may."""
    if officer.status != OfficerStatus.ACTIVE:
        return _("人员状态为“%(status)s”，不得从事行政执法") % {"status": officer.get_status_display()}
    cards = [
        c for c in certificates if c.kind == CertificateKind.ENFORCEMENT and c.issued_on and c.issued_on <= on
    ]
    if not cards:
        return _("未取得行政执法证")
    # the card that speaks for the officer: a usable one, else the most recently issued one
    cards.sort(key=lambda c: (c.issued_on, c.created_at), reverse=True)
    states = {c.pk: certificate_state(c, on) for c in cards}
    if any(state == PublicState.VALID for state in states.values()):
        return None
    card = next((c for c in cards if c.status in (S.VALID, S.SUSPENDED)), cards[0])
    state = states[card.pk]
    if state == PublicState.SUSPENDED:
        until = _("，暂扣期限至 %(d)s") % {"d": card.suspended_until} if card.suspended_until else ""
        return _("行政执法证（%(n)s）已被暂扣%(until)s") % {"n": card.number, "until": until}
    if state == PublicState.REVOKED:
        return _("行政执法证（%(n)s）已注销") % {"n": card.number}
    if state == PublicState.EXPIRED:
        return _("行政执法证（%(n)s）已于 %(d)s 过期") % {"n": card.number, "d": card.expires_on}
    if state == PublicState.REVIEW_OVERDUE:
        return _("行政执法证（%(n)s）应于 %(d)s 前年审而未年审") % {"n": card.number, "d": card.review_due_on}
    return _("行政执法证（%(n)s）%(state)s，无有效证件") % {
        "n": card.number,
        "state": PublicState(state).label,
    }


def unassignable(officers: Iterable[EnforcementOfficer], *, on: datetime.date) -> list[Unassignable]:
    """Each officer that may not be assigned on ``on`` with the reason (one query for all certificates)."""
    officers = list(officers)
    by_officer: dict = {o.pk: [] for o in officers}
    for card in EnforcementCertificate.objects.filter(officer_id__in=list(by_officer)):
        by_officer[card.officer_id].append(card)
    result = []
    for officer in officers:
        reason = _why_not(officer, by_officer[officer.pk], on)
        if reason:
            result.append(Unassignable(officer, reason))
    return result


def ensure_assignable(officers: Iterable[EnforcementOfficer], *, on: datetime.date) -> None:
    """The gate a case applies before assigning officers: each must hold a usable 行政执法证 on ``on`` and
    there must be at least two of them (《行政处罚法》第四十二条). Raises one ValidationError listing every
    reason (each naming the officer); each item's code is ``not_assignable`` or ``too_few_officers``."""
    officers = list({o.pk: o for o in officers}.values())
    problems = [ValidationError(p.message, code="not_assignable") for p in unassignable(officers, on=on)]
    if len(officers) < rules.MIN_OFFICERS_PER_CASE:
        problems.append(
            ValidationError(
                _(
                    "依照《中华人民共和国行政处罚法》第四十二条，行政处罚应当由具有行政执法资格的执法人员实施，"
                    "执法人员不得少于两人；现只指派了 %(n)d 人。"
                )
                % {"n": len(officers)},
                code="too_few_officers",
            )
        )
    if problems:
        raise ValidationError(problems)


# --- reminders ------------------------------------------------------------------------------------


@dataclass
class Attention:
    review_soon: list
    review_overdue: list
    expiring: list
    expired_unmarked: list
    horizon: datetime.date

    @property
    def empty(self) -> bool:
        return not (self.review_soon or self.review_overdue or self.expiring or self.expired_unmarked)


def home_attention(*, user, today: datetime.date, limit: int = 10) -> Attention:
    """Valid cards in the user's scope whose 年审 or expiry falls within FAZHI_ENFORCEMENT_REMINDER_DAYS, and
    those already overdue; the lists are capped at ``limit`` (the panel links to the full list)."""
    horizon = today + datetime.timedelta(days=rules.reminder_days())
    valid = (
        EnforcementCertificate.objects.restrict(user, "view")
        .filter(status=S.VALID)
        .select_related("officer", "unit")
    )
    expired = valid.filter(expires_on__lt=today).order_by("expires_on")
    live = valid.filter(expires_on__gte=today)
    expiring = live.filter(expires_on__lte=horizon).order_by("expires_on")
    overdue = live.filter(review_due_on__lt=today).order_by("review_due_on")
    soon = (
        live.filter(review_due_on__gte=today, review_due_on__lte=horizon)
        .exclude(expires_on__lte=horizon)
        .order_by("review_due_on")
    )
    return Attention(
        review_soon=list(soon[:limit]),
        review_overdue=list(overdue[:limit]),
        expiring=list(expiring[:limit]),
        expired_unmarked=list(expired[:limit]),
        horizon=horizon,
    )


def expired_everywhere(*, today: datetime.date) -> QuerySet:
    """Unscoped, for the system's daily job: valid cards whose last day is before ``today``."""
    return EnforcementCertificate.objects.filter(status=S.VALID, expires_on__lt=today).order_by("expires_on")
