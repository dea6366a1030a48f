"""行政执法主体, 执法人员 (roster), their training and their 行政执法证件 (RULES.md §5.3)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.core.validators import validate_id_number
from fazhi.enforcement.choices import (
    CURRENT_STATES,
    BodyKind,
    BodyStatus,
    CertificateKind,
    CertificateStatus,
    EventKind,
    IssueReason,
    OfficerStatus,
    RevocationReason,
    TrainingKind,
)
from fazhi.enforcement.workflows import CERTIFICATE_WORKFLOW


def new_verify_token() -> str:
    """The secret in the card's QR code: 32 URL-safe characters (192 bits), neither the id nor the number."""
    return secrets.token_urlsafe(24)


class EnforcementBody(ScopedModel):
    """A body with 行政执法主体资格; ``unit`` is the platform unit that is the body or under which it sits."""

    name = models.CharField(_("执法主体名称"), max_length=200)
    kind = models.CharField(_("主体类别"), max_length=20, choices=BodyKind.choices)
    legal_basis = models.TextField(_("设立依据或法定授权"), help_text=_("法律、法规、规章的名称和条款。"))
    duties = models.TextField(_("职权范围"))
    entrusting_body = models.CharField(
        _("委托机关"), max_length=200, blank=True, help_text=_("受委托组织填写，以委托机关名义实施执法。")
    )
    enforcement_categories = models.CharField(
        _("执法类别"), max_length=200, blank=True, help_text=_("如：市场监管、生态环境、交通运输。")
    )
    region = models.CharField(_("执法区域"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=BodyStatus.choices, default=BodyStatus.ACTIVE)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("取消日期"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("行政执法主体")
        verbose_name_plural = _("行政执法主体")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="enf_body_unique_name")]

    def __str__(self) -> str:
        return self.name


class EnforcementOfficer(ScopedModel):
    """A person on the enforcement roster (执法人员名册); ``unit`` is the unit employing them."""

    sensitive_fields = ("id_number",)

    body = models.ForeignKey(
        EnforcementBody, on_delete=models.PROTECT, related_name="officers", verbose_name=_("执法主体")
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, validators=[validate_id_number])
    post = models.CharField(_("职务"), max_length=100, blank=True)
    enforcement_category = models.CharField(_("执法类别"), max_length=100, blank=True)
    region = models.CharField(_("执法区域"), max_length=100, blank=True)
    has_legal_qualification = models.BooleanField(_("具有法律职业资格"), default=False)
    legal_qualification_number = models.CharField(_("法律职业资格证书编号"), max_length=40, blank=True)
    status = models.CharField(
        _("人员状态"), max_length=20, choices=OfficerStatus.choices, default=OfficerStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("行政执法人员")
        verbose_name_plural = _("行政执法人员")
        ordering = ["body__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["id_number"], name="enf_officer_unique_id_number")]
        indexes = [models.Index(fields=["unit", "status"], name="enf_officer_status")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        unit, body = getattr(self, "unit", None), getattr(self, "body", None)
        if unit is not None and body is not None and not unit.path.startswith(body.unit.path):
            raise ValidationError(
                {
                    "body": _("执法主体“%(body)s”不属于“%(unit)s”或其上级单位。")
                    % {"body": body.name, "unit": unit.name}
                }
            )
        if self.has_legal_qualification and not self.legal_qualification_number.strip():
            raise ValidationError({"legal_qualification_number": _("具有法律职业资格的，请填写证书编号。")})
        if not self.has_legal_qualification and self.legal_qualification_number.strip():
            raise ValidationError(
                {"has_legal_qualification": _("填写了法律职业资格证书编号，请勾选“具有法律职业资格”。")}
            )


class TrainingRecord(ScopedModel):
    """Hours of training an officer attended (for the yearly total); ``unit`` is the officer's."""

    officer = models.ForeignKey(
        EnforcementOfficer, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("执法人员")
    )
    on = models.DateField(_("培训日期"))
    kind = models.CharField(_("培训内容类别"), max_length=20, choices=TrainingKind.choices)
    topic = models.CharField(_("培训主题"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("执法人员培训记录")
        verbose_name_plural = _("执法人员培训记录")
        ordering = ["-on", "created_at"]
        indexes = [models.Index(fields=["officer", "on"], name="enf_training_on")]

    def __str__(self) -> str:
        return f"{self.topic}（{self.hours} 学时）"


class EnforcementCertificate(ScopedModel):
    """One 行政执法证 or 行政执法监督证, from the application to the end of the card; ``unit`` = the officer's.

    A renewal (换证) or replacement (补证) is a new row pointing at the old one (``previous``); the old row
    ends as 已换发 or 已作废.
    """

    workflow = CERTIFICATE_WORKFLOW

    officer = models.ForeignKey(
        EnforcementOfficer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("执法人员")
    )
    kind = models.CharField(
        _("证件种类"), max_length=20, choices=CertificateKind.choices, default=CertificateKind.ENFORCEMENT
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.APPLIED
    )
    issue_reason = models.CharField(
        _("发证类型"), max_length=20, choices=IssueReason.choices, default=IssueReason.NEW
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("原证件"),
    )
    applied_on = models.DateField(_("申领日期"))
    approved_on = models.DateField(_("审核通过日期"), null=True, blank=True)
    exam_on = models.DateField(_("考试日期"), null=True, blank=True)
    exam_score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    number = models.CharField(_("证件编号"), max_length=60, blank=True, db_index=True)
    issued_number = models.ForeignKey(
        "numbering.IssuedNumber",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("编号登记"),
    )
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    review_due_on = models.DateField(_("年审截止日期"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("最近年审日期"), null=True, blank=True)
    suspended_on = models.DateField(_("暂扣日期"), null=True, blank=True)
    suspended_until = models.DateField(_("暂扣期限至"), null=True, blank=True)
    suspension_reason = models.TextField(_("暂扣事由"), blank=True)
    ended_on = models.DateField(
        _("失效日期"), null=True, blank=True, help_text=_("过期、换证、补证、注销或撤回之日。")
    )
    revocation_reason = models.CharField(
        _("注销原因"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    verify_token = models.CharField(
        _("核验码"), max_length=64, unique=True, default=new_verify_token, editable=False
    )

    class Meta:
        verbose_name = _("行政执法证件")
        verbose_name_plural = _("行政执法证件")
        ordering = ["-applied_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "kind"],
                condition=Q(status__in=CURRENT_STATES),
                name="enf_cert_one_current_per_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "kind"], name="enf_cert_status"),
            models.Index(fields=["status", "expires_on"], name="enf_cert_expiry"),
            models.Index(fields=["unit", "issued_on", "issue_reason"], name="enf_cert_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or '（未发证）'}"


class CertificateEvent(ScopedModel):
    """One step in a certificate's life, with its date and particulars; ``unit`` = the certificate's."""

    certificate = models.ForeignKey(
        EnforcementCertificate, on_delete=models.CASCADE, related_name="events", verbose_name=_("证件")
    )
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("考试合格"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("执法证件事项")
        verbose_name_plural = _("执法证件事项")
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["unit", "on", "kind", "passed"], name="enf_cert_event_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on.isoformat()}"
