"""执法事项与裁量基准, 行政执法案件 and their officers, 全过程记录, 法制审核 and 两法衔接 (RULES.md §5.1, §5.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.enforcement.cases.choices import (
    CaseSource,
    CaseStatus,
    DecisionKind,
    ExecutionManner,
    ItemKind,
    ItemStatus,
    OfficerRole,
    PartyKind,
    Procedure,
    RecordForm,
    ReviewResult,
    Severity,
    Stage,
    TransferStatus,
    TransferTarget,
)
from fazhi.enforcement.cases.workflows import CASE_WORKFLOW, OPEN_STATES


class EnforcementItem(ScopedModel):
    """One entry of the 权责清单 a body enforces (执法事项); ``unit`` is the department that owns it."""

    body = models.ForeignKey(
        "enforcement.EnforcementBody",
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("执法主体"),
    )
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=300)
    kind = models.CharField(_("事项类别"), max_length=20, choices=ItemKind.choices, default=ItemKind.PENALTY)
    legal_basis = models.TextField(_("设定依据"), help_text=_("违反的法律、法规、规章条款。"))
    penalty_basis = models.TextField(_("处罚依据"), blank=True, help_text=_("据以处罚的条款及其处罚幅度。"))
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)

    class Meta:
        verbose_name = _("执法事项")
        verbose_name_plural = _("执法事项")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="enf_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DiscretionStandard(ScopedModel):
    """One band of an item's 行政处罚裁量基准 (违法情形 → 处罚标准); ``unit`` is the item's."""

    item = models.ForeignKey(
        EnforcementItem, on_delete=models.CASCADE, related_name="standards", verbose_name=_("执法事项")
    )
    code = models.CharField(_("基准编码"), max_length=60)
    severity = models.CharField(_("裁量阶次"), max_length=20, choices=Severity.choices)
    circumstance = models.TextField(_("违法情形"))
    sanction = models.TextField(_("处罚标准"))
    fine_min = models.DecimalField(
        _("罚款下限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("罚款上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        ordering = ["item__code", "code"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="enf_standard_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_severity_display()}）"


class EnforcementCase(ScopedModel):
    """One 行政处罚 case from 立案 to 结案; ``unit`` is the department handling it."""

    sensitive_fields = ("party_id_number", "party_phone")
    workflow = CASE_WORKFLOW

    body = models.ForeignKey(
        "enforcement.EnforcementBody",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("执法主体"),
    )
    number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.FILED)
    procedure = models.CharField(
        _("程序"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY
    )
    source = models.CharField(_("案件来源"), max_length=20, choices=CaseSource.choices)
    item = models.ForeignKey(
        EnforcementItem, on_delete=models.PROTECT, related_name="cases", verbose_name=_("执法事项")
    )
    standard = models.ForeignKey(
        DiscretionStandard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("适用裁量基准"),
    )
    title = models.CharField(_("案由"), max_length=300)
    facts = models.TextField(_("违法事实"), blank=True)

    # --- 当事人 -------------------------------------------------------------------------------------
    party_kind = models.CharField(_("当事人类型"), max_length=20, choices=PartyKind.choices)
    party_name = models.CharField(_("当事人"), max_length=200, db_index=True)
    party_id_number = models.CharField(
        _("证件号码或统一社会信用代码"), max_length=40, blank=True, db_index=True
    )
    party_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    party_address = models.CharField(_("住所或地址"), max_length=300, blank=True)

    # --- 立案、调查、告知、听证 -------------------------------------------------------------------------
    found_on = models.DateField(_("发现日期"), null=True, blank=True)
    filed_on = models.DateField(_("立案日期"))
    decision_due_on = models.DateField(
        _("决定期限"), null=True, blank=True, help_text=_("立案之日起九十日（第60条）。")
    )
    extension_days = models.PositiveIntegerField(_("延长期限（日）"), default=0)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_approver = models.CharField(_("延期批准人"), max_length=100, blank=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    hearing_request_until = models.DateField(
        _("听证申请截止日期"), null=True, blank=True, help_text=_("告知后五个工作日内（第64条）。")
    )
    hearing_requested_on = models.DateField(_("申请听证日期"), null=True, blank=True)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True)
    statement_received = models.BooleanField(_("当事人进行了陈述、申辩"), default=False)

    # --- 法制审核 ---------------------------------------------------------------------------------------
    is_major = models.BooleanField(_("重大执法决定"), default=False)
    major_grounds = models.JSONField(
        _("法制审核情形"), default=list, blank=True, help_text=_("处罚法第58条第一款所列情形（可多选）。")
    )

    # --- 决定、送达、执行、结案 ----------------------------------------------------------------------------
    decision_kind = models.CharField(_("处理决定"), max_length=20, choices=DecisionKind.choices, blank=True)
    penalty_kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_amount = models.DecimalField(
        _("罚没金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_number = models.CharField(_("决定书文号"), max_length=80, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_approver = models.CharField(_("负责人"), max_length=100, blank=True)
    decided_late = models.BooleanField(_("超过决定期限"), default=False)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    execution_manner = models.CharField(
        _("执行方式"), max_length=20, choices=ExecutionManner.choices, blank=True
    )
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    dropped_reason = models.TextField(_("撤销立案理由"), blank=True)

    # --- 公示 (RULES.md §5.1) ----------------------------------------------------------------------------
    publication_due_on = models.DateField(_("公示期限"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    public_summary = models.TextField(
        _("公示内容"), blank=True, help_text=_("向社会公开的处罚决定摘要，不含个人身份证号码、联系方式。")
    )
    withdrawal_due_on = models.DateField(_("撤回公示期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回公示日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        verbose_name = _("行政执法案件")
        verbose_name_plural = _("行政执法案件")
        ordering = ["-filed_on", "-created_at"]
        indexes = [
            models.Index(fields=["unit", "filed_on"], name="enf_case_filed"),
            models.Index(fields=["unit", "status", "filed_on"], name="enf_case_status"),
            models.Index(fields=["unit", "decided_on"], name="enf_case_decided"),
            models.Index(fields=["unit", "closed_on"], name="enf_case_closed"),
            models.Index(fields=["published_on", "withdrawn_on"], name="enf_case_published"),
            models.Index(fields=["unit", "publication_due_on", "published_on"], name="enf_case_pub_due"),
            models.Index(fields=["-filed_on", "-created_at"], name="enf_case_order"),
            # the list's filters, each walking its index in the list's order (bench enforcement_cases_1m)
            models.Index(fields=["status", "-filed_on", "-created_at"], name="enf_case_status_order"),
            models.Index(fields=["procedure", "-filed_on", "-created_at"], name="enf_case_proc_order"),
            models.Index(fields=["body", "-filed_on", "-created_at"], name="enf_case_body_order"),
            models.Index(fields=["item", "-filed_on", "-created_at"], name="enf_case_item_order"),
            # 超期未决定 (第六十条): the few open cases past their decision period
            models.Index(
                fields=["decision_due_on"],
                condition=models.Q(status__in=OPEN_STATES),
                name="enf_case_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.party_name}：{self.title}"[:80]


class CaseOfficer(ScopedModel):
    """An officer assigned to a case (处罚法 第42条: at least two with a valid card); ``unit`` = the case's."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("案件")
    )
    officer = models.ForeignKey(
        "enforcement.EnforcementOfficer",
        on_delete=models.PROTECT,
        related_name="case_assignments",
        verbose_name=_("执法人员"),
    )
    role = models.CharField(_("分工"), max_length=20, choices=OfficerRole.choices, default=OfficerRole.ASSIST)
    certificate_number = models.CharField(
        _("执法证号"), max_length=60, help_text=_("指派时有效的行政执法证编号，随案记录。")
    )

    class Meta:
        verbose_name = _("办案人员")
        verbose_name_plural = _("办案人员")
        ordering = ["role", "created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="enf_case_officer_once")]

    def __str__(self) -> str:
        return f"{self.officer}（{self.get_role_display()}）"


class CaseRecord(ScopedModel):
    """全过程记录: one text or audio-visual record of a stage, with the file's hash; ``unit`` = the case's."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="records", verbose_name=_("案件")
    )
    stage = models.CharField(_("环节"), max_length=20, choices=Stage.choices)
    kind = models.CharField(_("记录名称"), max_length=40, help_text=_("如：立案审批表、现场检查笔录。"))
    form = models.CharField(_("记录形式"), max_length=20, choices=RecordForm.choices, default=RecordForm.TEXT)
    title = models.CharField(_("说明"), max_length=300, blank=True)
    made_on = models.DateField(_("制作日期"))
    attachment = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("文件"),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, help_text=_("上传文件时自动计算；音像资料另存时填写其摘要。")
    )
    storage_ref = models.CharField(_("存储位置"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("执法全过程记录")
        verbose_name_plural = _("执法全过程记录")
        ordering = ["made_on", "created_at"]
        indexes = [models.Index(fields=["case", "stage"], name="enf_record_stage")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}：{self.kind}"


class LegalReview(ScopedModel):
    """One round of 重大执法决定法制审核 (处罚法 第58条); ``unit`` = the case's."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="legal_reviews", verbose_name=_("案件")
    )
    submitted_on = models.DateField(_("送审日期"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人员"),
    )
    reviewer_name = models.CharField(_("审核人员姓名"), max_length=50, blank=True)
    reviewer_qualified = models.BooleanField(_("审核人员具有法律职业资格"), default=False)
    result = models.CharField(
        _("审核结论"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    opinion = models.TextField(_("审核意见"), blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["submitted_on", "created_at"]
        indexes = [models.Index(fields=["unit", "reviewed_on", "result"], name="enf_review_on")]

    def __str__(self) -> str:
        return f"法制审核 {self.submitted_on.isoformat()}（{self.get_result_display()}）"


class JudicialTransfer(ScopedModel):
    """两法衔接: a case transferred to public security, the procuratorate or supervision; ``unit`` = sender."""

    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("执法案件"),
    )
    target = models.CharField(_("移送对象"), max_length=20, choices=TransferTarget.choices)
    receiving_organ = models.CharField(_("接收机关"), max_length=200)
    suspected_offence = models.CharField(_("涉嫌罪名"), max_length=200)
    party_name = models.CharField(_("当事人"), max_length=200)
    transferred_on = models.DateField(_("移送日期"))
    status = models.CharField(
        _("办理状态"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.TRANSFERRED
    )
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    feedback = models.TextField(_("反馈情况"), blank=True)

    class Meta:
        verbose_name = _("两法衔接移送")
        verbose_name_plural = _("两法衔接移送")
        ordering = ["-transferred_on", "-created_at"]
        indexes = [models.Index(fields=["unit", "transferred_on"], name="enf_transfer_on")]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.suspected_offence}）"
