"""Reconsideration cases (行政复议案件), their applicants and the events of their procedure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.reconsideration.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    DecisionType,
    EventKind,
    IdType,
    MatterCategory,
    Procedure,
    SuspensionGround,
    TerminationGround,
)
from fazhi.reconsideration.workflows import CASE_WORKFLOW


class ReconsiderationCase(ScopedModel):
    """One application for reconsideration; ``unit`` is the reconsideration organ handling it."""

    #: the public status check's code is a secret of the applicant's: masked in audit snapshots
    sensitive_fields = ("verification_code",)

    case_number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REVIEW)
    verification_code = models.CharField(
        _("查询验证码"),
        max_length=12,
        blank=True,
        help_text=_("申请人凭案号和验证码在公开页面查询办理进度；登记时生成，印在受理通知书上。"),
    )
    workflow = CASE_WORKFLOW

    # --- 申请 -------------------------------------------------------------------------------------
    agent_name = models.CharField(_("委托代理人"), max_length=100, blank=True)
    agent_phone = models.CharField(_("代理人联系电话"), max_length=30, blank=True)
    respondent_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("被申请人（本平台单位）"),
    )
    respondent_name = models.CharField(_("被申请人名称"), max_length=200)
    contested_act = models.CharField(_("被申请复议的行政行为"), max_length=300)
    act_document_number = models.CharField(_("行政行为文书编号"), max_length=100, blank=True)
    category = models.CharField(_("案件类别"), max_length=20, choices=MatterCategory.choices)
    knew_on = models.DateField(_("知道该行政行为之日"), null=True, blank=True)
    requests = models.TextField(_("复议请求"))
    reasons = models.TextField(_("事实和理由"), blank=True)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收到申请日期"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    procedure = models.CharField(
        _("审理程序"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    committee_consulted = models.BooleanField(_("提请行政复议委员会咨询"), default=False)

    # --- 受理审查 ---------------------------------------------------------------------------------
    correction_requested_on = models.DateField(_("通知补正日期"), null=True, blank=True)
    correction_items = models.TextField(_("补正事项"), blank=True)
    correction_received_on = models.DateField(_("收到补正材料日期"), null=True, blank=True)
    abandoned_on = models.DateField(_("视为放弃日期"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("视为受理"), default=False)
    refused_on = models.DateField(_("不予受理日期"), null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)
    competent_organ = models.CharField(_("有权受理的行政复议机关"), max_length=200, blank=True)

    # --- 审理 ---------------------------------------------------------------------------------------
    copy_sent_on = models.DateField(_("发送申请书副本日期"), null=True, blank=True)
    answer_received_on = models.DateField(_("收到答复日期"), null=True, blank=True)
    suspension_ground = models.CharField(
        _("中止事由"), max_length=30, choices=SuspensionGround.choices, blank=True
    )
    suspended_on = models.DateField(_("中止日期"), null=True, blank=True)
    extended_days = models.PositiveIntegerField(_("延长审理期限（日）"), default=0)
    extension_approver = models.CharField(_("延期批准人"), max_length=100, blank=True)

    # --- 结案 ---------------------------------------------------------------------------------------
    decision_type = models.CharField(_("结案方式"), max_length=30, choices=DecisionType.choices, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_approver = models.CharField(_("决定批准人"), max_length=100, blank=True)
    decision_text = models.TextField(
        _("决定书正文"), blank=True, help_text=_("查明的事实、理由和依据、决定内容，填入行政复议决定书。")
    )
    termination_ground = models.CharField(
        _("终止事由"), max_length=30, choices=TerminationGround.choices, blank=True
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    closed_late = models.BooleanField(_("超过法定期限结案"), default=False)

    class Meta:
        verbose_name = _("行政复议案件")
        verbose_name_plural = _("行政复议案件")
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="recon_case_received"),
            models.Index(fields=["unit", "accepted_on", "procedure"], name="recon_case_accepted"),
            models.Index(fields=["unit", "refused_on"], name="recon_case_refused"),
            models.Index(fields=["unit", "abandoned_on"], name="recon_case_abandoned"),
            models.Index(
                fields=["unit", "closed_on", "decision_type", "termination_ground"], name="recon_case_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.case_number or f"{self.respondent_name}：{self.contested_act}"[:80]


class CaseApplicant(ScopedModel):
    """An applicant of a case (a case may have several); ``unit`` is the case's unit."""

    sensitive_fields = ("id_number", "phone")

    case = models.ForeignKey(
        ReconsiderationCase, on_delete=models.CASCADE, related_name="applicants", verbose_name=_("案件")
    )
    kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=200)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True, db_index=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("住所或地址"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("行政复议申请人")
        verbose_name_plural = _("行政复议申请人")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class CaseEvent(ScopedModel):
    """A step of the procedure: 补正, 副本与答复, 听证, 中止/恢复, 延期, 程序转换, 意见书; ``unit`` = the case's."""

    case = models.ForeignKey(
        ReconsiderationCase, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件")
    )
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    notice_on = models.DateField(_("通知日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    ground = models.CharField(_("事由"), max_length=30, blank=True)
    days = models.PositiveIntegerField(_("天数"), null=True, blank=True)
    approver = models.CharField(_("批准人"), max_length=100, blank=True)
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
        verbose_name = _("行政复议办案事项")
        verbose_name_plural = _("行政复议办案事项")
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["unit", "on", "kind"], name="recon_event_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on.isoformat()}"
