"""Importing the roster from .xlsx (the ``enforcement.officers`` register, docs/excel.md): each row is an
officer as on the 新增执法人员 page, optionally with the 行政执法证 they already hold (its number, issue date
and last valid day — a card issued before the platform, kept as it is, not drawn again)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_create
from fazhi.enforcement import rules
from fazhi.enforcement.choices import (
    CertificateKind,
    CertificateStatus,
    EventKind,
    IssueReason,
    OfficerStatus,
)
from fazhi.enforcement.forms import OfficerForm
from fazhi.enforcement.models import (
    CertificateEvent,
    EnforcementBody,
    EnforcementCertificate,
    EnforcementOfficer,
)


class OfficerImportForm(OfficerForm):
    """The create page's form with the body named (not picked) and the optional card columns."""

    body_name = forms.CharField(label=gettext_lazy("执法主体"), max_length=200)
    card_number = forms.CharField(label=gettext_lazy("执法证号"), max_length=60, required=False)
    card_issued_on = forms.DateField(label=gettext_lazy("发证日期"), required=False)
    card_expires_on = forms.DateField(label=gettext_lazy("有效期至"), required=False)

    class Meta(OfficerForm.Meta):
        fields = [f for f in OfficerForm.Meta.fields if f != "body"]

    def clean(self):
        data = super().clean()
        unit, name = data.get("unit"), (data.get("body_name") or "").strip()
        if unit is not None and name:
            bodies = EnforcementBody.objects.restrict(self.user, "view").filter(
                name=name, unit__in=unit.lineage_ids(include_self=True)
            )
            body = bodies.select_related("unit").first()
            if body is None:
                self.add_error(
                    "body_name",
                    _("在“%(unit)s”及其上级单位中找不到名为“%(name)s”的执法主体，请先登记执法主体。")
                    % {"unit": unit.name, "name": name},
                )
            else:
                self.instance.body = body
                data["body"] = body
        number = (data.get("card_number") or "").strip()
        data["card_number"] = number
        if number:
            if not data.get("card_issued_on"):
                self.add_error("card_issued_on", _("填写了执法证号的，请填写发证日期。"))
            elif data.get("card_expires_on") and data["card_expires_on"] < data["card_issued_on"]:
                self.add_error("card_expires_on", _("有效期至不能早于发证日期。"))
            if EnforcementCertificate.objects.filter(number=number).exists():
                self.add_error("card_number", _("执法证号“%(n)s”已登记。") % {"n": number})
        elif data.get("card_issued_on") or data.get("card_expires_on"):
            self.add_error("card_number", _("填写了发证日期或有效期的，请填写执法证号。"))
        return data


def _review_due(issued_on: datetime.date, today: datetime.date) -> datetime.date:
    """A card brought in from before the platform is taken as reviewed: its next 年审 is the first
    anniversary of its issue on or after today."""
    due = rules.first_review_due(issued_on)
    while due < today:
        due = rules.next_review_due(due)
    return due


@transaction.atomic
def officer_import_row(*, actor, data: dict) -> EnforcementOfficer:
    officer = EnforcementOfficer(
        unit=data["unit"],
        body=data["body"],
        name=data["name"],
        id_number=data["id_number"],
        post=data.get("post", ""),
        enforcement_category=data.get("enforcement_category", ""),
        region=data.get("region", ""),
        has_legal_qualification=data.get("has_legal_qualification", False),
        legal_qualification_number=data.get("legal_qualification_number", ""),
        status=data.get("status") or OfficerStatus.ACTIVE,
    )
    record_create(actor=actor, instance=officer)
    number = data.get("card_number")
    if number:
        if officer.status != OfficerStatus.ACTIVE:
            raise ValidationError(_("人员状态不是“在岗”的，不能带入有效的执法证。"))
        issued_on = data["card_issued_on"]
        today = timezone.localdate()
        expires_on = data.get("card_expires_on") or rules.expiry_date(issued_on)
        card = EnforcementCertificate(
            unit=officer.unit,
            officer=officer,
            kind=CertificateKind.ENFORCEMENT,
            status=CertificateStatus.VALID if expires_on >= today else CertificateStatus.EXPIRED,
            issue_reason=IssueReason.NEW,
            applied_on=issued_on,
            issued_on=issued_on,
            number=number,
            expires_on=expires_on,
            review_due_on=_review_due(issued_on, today),
            ended_on=None if expires_on >= today else expires_on + datetime.timedelta(days=1),
        )
        card.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=card,
            changes=diff({}, snapshot(card)),
            note=_("导入已持有的执法证"),
        )
        CertificateEvent.objects.create(
            unit=officer.unit,
            certificate=card,
            kind=EventKind.ISSUED,
            on=issued_on,
            note=_("导入：平台启用前发证"),
            actor=actor,
        )
    return officer


def save_officer_row(*, actor, data):
    return officer_import_row(actor=actor, data=data)
