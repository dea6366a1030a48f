"""行政规范性文件: the documents, their public comments, the review assistant's flagged clauses, the
organ's cleanup campaigns and the upper government's filing reviews (RULES.md §4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.normative.choices import (
    IN_FORCE,
    CampaignStatus,
    ClauseCategory,
    ClauseConclusion,
    CleanupDecision,
    CommentAdoption,
    DocumentKind,
    DocumentStatus,
    EvaluationDecision,
    FilingResult,
    ReviewOpinion,
)
from fazhi.normative.workflows import DOCUMENT_WORKFLOW

_USER = settings.AUTH_USER_MODEL


class NormativeDocument(ScopedModel):
    """One normative document; ``unit`` is the issuing organ (制定机关), whose scope it lies in."""

    workflow = DOCUMENT_WORKFLOW

    title = models.CharField(_("文件名称"), max_length=300)
    kind = models.CharField(_("文件类别"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFTING
    )
    document_number = models.CharField(_("文号"), max_length=80, blank=True, db_index=True)
    drafting_unit = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("起草单位（本平台单位）"),
    )
    drafting_unit_name = models.CharField(_("起草单位"), max_length=200, blank=True)
    drafter = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("起草人")
    )

    # --- 文本 --------------------------------------------------------------------------------------
    body = models.TextField(
        _("正文"), blank=True, help_text=_("上传 .docx 或 PDF 时自动提取，用于全文检索。")
    )
    interpretation = models.TextField(_("政策解读"), blank=True)

    # --- 日期 --------------------------------------------------------------------------------------
    drafted_on = models.DateField(_("起草日期"), null=True, blank=True)
    comment_starts_on = models.DateField(_("征求意见开始日期"), null=True, blank=True)
    comment_ends_on = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    review_submitted_on = models.DateField(_("送审日期"), null=True, blank=True)
    review_due_on = models.DateField(_("审核期限"), null=True, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    deliberated_on = models.DateField(_("审议日期"), null=True, blank=True)
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("有效期（年）"),
        null=True,
        blank=True,
        help_text=_("留空时按设置：一般5年，标注“暂行”“试行”的2年。"),
    )
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, db_index=True)
    ended_on = models.DateField(_("修改、废止或失效日期"), null=True, blank=True)
    ended_reason = models.TextField(_("修改、废止或失效原因"), blank=True)

    # --- 合法性审核 ---------------------------------------------------------------------------------
    reviewer = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    review_opinion = models.CharField(_("审核意见"), max_length=30, choices=ReviewOpinion.choices, blank=True)
    review_note = models.TextField(_("审核意见书内容"), blank=True)

    # --- 集体审议 -----------------------------------------------------------------------------------
    meeting = models.CharField(
        _("审议会议"), max_length=200, blank=True, help_text=_("如：县政府第12次常务会议")
    )

    # --- 备案 --------------------------------------------------------------------------------------
    filing_due_on = models.DateField(_("报送备案期限"), null=True, blank=True)
    filed_on = models.DateField(_("报送备案日期"), null=True, blank=True)
    filing_organ = models.ForeignKey(
        "core.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("备案审查机关"),
    )
    filing_result = models.CharField(
        _("备案审查结果"), max_length=20, choices=FilingResult.choices, blank=True
    )
    filing_result_on = models.DateField(_("备案审查结果日期"), null=True, blank=True)

    # --- 有效期届满评估 -------------------------------------------------------------------------------
    evaluation_decision = models.CharField(
        _("评估结论"), max_length=20, choices=EvaluationDecision.choices, blank=True
    )
    evaluated_on = models.DateField(_("评估日期"), null=True, blank=True)
    evaluation_note = models.TextField(_("评估说明"), blank=True)

    # --- 修改关系 ----------------------------------------------------------------------------------
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("修改的原文件"),
    )

    class Meta:
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-published_on", "-created_at"]
        # (unit, date) first: the metrics count by unit and period from the index alone (docs/metrics.md)
        indexes = [
            models.Index(fields=["unit", "status"], name="normative_unit_status"),
            models.Index(fields=["unit", "published_on"], name="normative_unit_published"),
            models.Index(fields=["unit", "reviewed_on"], name="normative_unit_reviewed"),
            models.Index(fields=["unit", "filed_on"], name="normative_unit_filed"),
            models.Index(fields=["unit", "ended_on"], name="normative_unit_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）" if self.document_number else self.title

    @property
    def in_force(self) -> bool:
        """现行有效: published (and possibly filed), not amended, repealed or expired."""
        return self.status in IN_FORCE


class PublicComment(ScopedModel):
    """An opinion received during the public comment period, with the drafter's response."""

    sensitive_fields = ("commenter_contact",)

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="comments", verbose_name=_("文件")
    )
    received_on = models.DateField(_("收到日期"))
    commenter = models.CharField(_("意见人"), max_length=100, blank=True)
    commenter_contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    content = models.TextField(_("意见内容"))
    adoption = models.CharField(_("采纳情况"), max_length=20, choices=CommentAdoption.choices, blank=True)
    response = models.TextField(_("处理说明"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["received_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.document.title} · {self.received_on}"


class ClauseFlag(ScopedModel):
    """A sentence of the draft the review assistant flagged, with the reviewer's conclusion on it."""

    document = models.ForeignKey(
        NormativeDocument, on_delete=models.CASCADE, related_name="clause_flags", verbose_name=_("文件")
    )
    category = models.CharField(_("情形"), max_length=20, choices=ClauseCategory.choices)
    sentence = models.TextField(_("语句"))
    pattern = models.CharField(_("命中规则"), max_length=200)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    conclusion = models.CharField(_("审核结论"), max_length=20, choices=ClauseConclusion.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    concluded_by = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    concluded_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("审核提示条款")
        verbose_name_plural = _("审核提示条款")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.sentence[:40]


class CleanupCampaign(ScopedModel):
    """A 清理 over the documents matching a filter; ``unit`` is the organ running it."""

    name = models.CharField(_("清理名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    criteria = models.JSONField(_("清理范围"), default=dict, blank=True)
    criteria_text = models.CharField(_("清理范围说明"), max_length=300, blank=True)
    started_on = models.DateField(_("开始日期"))
    published_on = models.DateField(_("结果公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("清理工作")
        verbose_name_plural = _("清理工作")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.name


class CleanupItem(ScopedModel):
    """One document under a campaign and the decision on it; ``unit`` = the campaign's."""

    campaign = models.ForeignKey(
        CleanupCampaign, on_delete=models.CASCADE, related_name="items", verbose_name=_("清理工作")
    )
    document = models.ForeignKey(
        NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items", verbose_name=_("文件")
    )
    decision = models.CharField(_("清理结论"), max_length=20, choices=CleanupDecision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    reviewer = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审核人")
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("清理事项")
        verbose_name_plural = _("清理事项")
        ordering = ["document__published_on"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="normative_cleanup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.name} · {self.document.title}"


class FilingReview(ScopedModel):
    """备案审查 by the government above: a filing received from a lower body. ``unit`` is the reviewing
    organ. ``document`` links the filed document when the lower body works on this platform; otherwise the
    filing's particulars are typed in."""

    document = models.ForeignKey(
        NormativeDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filing_reviews",
        verbose_name=_("备案文件（本平台）"),
    )
    filer_name = models.CharField(_("报备机关"), max_length=200)
    title = models.CharField(_("文件名称"), max_length=300)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    received_on = models.DateField(_("收到备案日期"))
    due_on = models.DateField(_("审查期限"), null=True, blank=True)
    on_time = models.BooleanField(_("按时报备"), null=True, blank=True)
    result = models.CharField(
        _("审查结果"), max_length=20, choices=FilingResult.choices, default=FilingResult.PENDING
    )
    reviewed_on = models.DateField(_("审查完成日期"), null=True, blank=True)
    opinion = models.TextField(_("审查意见"), blank=True)
    reviewer = models.ForeignKey(
        _USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("审查人")
    )

    class Meta:
        verbose_name = _("备案审查")
        verbose_name_plural = _("备案审查")
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["unit", "reviewed_on"], name="normative_filing_unit_reviewed")]

    def __str__(self) -> str:
        return f"{self.filer_name} · {self.title}"
