"""案卷评查: rubrics (评查标准), campaigns (评查活动) that draw a reproducible sample of closed cases per unit,
the sampled files and their item-by-item scores.

Scoping: a campaign belongs to the unit that organises it (usually the county government, where the
法治办 and the 司法局's reviewers hold their membership) and reaches only units inside its subtree. The
rows of one participating unit — its stratum (CampaignUnit), its sampled files and their scores — belong
to that unit, so the organiser sees every file below it and a department sees its own files and results.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.core.scoping import under_any
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus, Grade, SampleRule, Section
from fazhi.enforcement.casereview.workflows import CAMPAIGN_WORKFLOW


class Rubric(ScopedModel):
    """A 行政执法案卷评查标准: items worth points, a pass line and an excellence line."""

    name = models.CharField(_("标准名称"), max_length=200)
    year = models.PositiveIntegerField(_("适用年度"))
    pass_line = models.DecimalField(_("合格线（分）"), max_digits=5, decimal_places=1, default=Decimal("60"))
    excellent_line = models.DecimalField(
        _("优秀线（分）"), max_digits=5, decimal_places=1, default=Decimal("90")
    )
    description = models.TextField(_("说明"), blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("复制自"),
    )

    class Meta:
        verbose_name = _("评查标准")
        verbose_name_plural = _("评查标准")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"


class RubricItem(ScopedModel):
    """One 评查项目 with its points and typical deductions; a veto item (否决项) failed makes the file 不合格
    whatever its points. ``unit`` = the rubric's."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="items", verbose_name=_("评查标准")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    section = models.CharField(_("评查类别"), max_length=20, choices=Section.choices)
    text = models.CharField(_("评查内容"), max_length=300)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    #: [{"text": "未附执法人员证件号", "points": "2"}, ...]: the deductions a reviewer picks from
    deductions = models.JSONField(_("常见扣分情形"), default=list, blank=True)
    veto = models.BooleanField(_("否决项"), default=False, help_text=_("该项不符合的，案卷直接评为不合格。"))

    class Meta:
        verbose_name = _("评查项目")
        verbose_name_plural = _("评查项目")
        ordering = ["rubric", "number"]
        constraints = [models.UniqueConstraint(fields=["rubric", "number"], name="review_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class ReviewCampaign(ScopedModel):
    """A 评查活动: the units that take part, the period of closed cases, the sample rule and the draw.

    The organiser (``unit``) runs it; a participating unit, and a unit whose case was drawn, **sees** it —
    and, on every page and in the API, only its own rows of it (strata, files, scores, results), since
    those are read through ``restrict`` too."""

    scope_needs_distinct = True

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        if permission != Permission.VIEW:
            return None
        return under_any(prefixes, "strata__unit__path", "files__unit__path")

    name = models.CharField(_("活动名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("评查标准")
    )
    period_from = models.DateField(_("结案日期自"))
    period_to = models.DateField(_("结案日期至"))
    sample_rule = models.CharField(
        _("抽取规则"), max_length=20, choices=SampleRule.choices, default=SampleRule.FIXED
    )
    sample_size = models.PositiveIntegerField(_("每单位抽取宗数"), default=10)
    sample_percent = models.DecimalField(
        _("抽取比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sample_minimum = models.PositiveIntegerField(_("每单位最少宗数"), default=0)
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    algorithm = models.CharField(_("抽取算法"), max_length=40, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("抽取人"),
    )
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    workflow = CAMPAIGN_WORKFLOW

    class Meta:
        verbose_name = _("评查活动")
        verbose_name_plural = _("评查活动")
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(ScopedModel):
    """A participating unit (its subtree) and what the draw found there; ``unit`` = that unit."""

    campaign = models.ForeignKey(
        ReviewCampaign, on_delete=models.CASCADE, related_name="strata", verbose_name=_("评查活动")
    )
    candidate_count = models.PositiveIntegerField(_("期内已结案件数"), null=True, blank=True)
    candidate_digest = models.CharField(
        _("候选案件清单摘要"),
        max_length=64,
        blank=True,
        help_text=_("按编号排序的候选案件编号清单的 SHA-256。"),
    )
    required = models.PositiveIntegerField(_("应抽宗数"), null=True, blank=True)
    drawn = models.PositiveIntegerField(_("实抽宗数"), null=True, blank=True)

    class Meta:
        verbose_name = _("参评单位")
        verbose_name_plural = _("参评单位")
        ordering = ["campaign", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="review_stratum_once")]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.unit}"


class SampledCase(ScopedModel):
    """One case file drawn for review (抽查案卷); ``unit`` = the case's."""

    campaign = models.ForeignKey(
        ReviewCampaign, on_delete=models.CASCADE, related_name="files", verbose_name=_("评查活动")
    )
    stratum = models.ForeignKey(
        CampaignUnit, on_delete=models.CASCADE, related_name="files", verbose_name=_("参评单位")
    )
    case = models.ForeignKey(
        "enforcement_cases.EnforcementCase",
        on_delete=models.PROTECT,
        related_name="review_samples",
        verbose_name=_("执法案件"),
    )
    rank = models.CharField(_("排序值"), max_length=64, help_text=_("SHA-256(种子:案件编号)，最小者入选。"))
    position = models.PositiveIntegerField(_("抽取顺序"))
    status = models.CharField(
        _("状态"), max_length=20, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评查人"),
    )
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("评定等次"), max_length=20, choices=Grade.choices, blank=True)
    vetoed = models.BooleanField(_("触及否决项"), default=False)
    finished_on = models.DateField(_("评定日期"), null=True, blank=True)
    summary = models.TextField(_("评查意见"), blank=True)

    class Meta:
        verbose_name = _("抽查案卷")
        verbose_name_plural = _("抽查案卷")
        ordering = ["stratum__unit__path", "position"]
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="review_case_once")]
        indexes = [models.Index(fields=["unit", "finished_on"], name="review_file_finished")]

    def __str__(self) -> str:
        return str(self.case)


class FileScore(ScopedModel):
    """A reviewer's verdict on one rubric item of one file; ``unit`` = the file's."""

    sampled = models.ForeignKey(
        SampledCase, on_delete=models.CASCADE, related_name="scores", verbose_name=_("抽查案卷")
    )
    item = models.ForeignKey(
        RubricItem, on_delete=models.PROTECT, related_name="scores", verbose_name=_("评查项目")
    )
    deducted = models.DecimalField(_("扣分"), max_digits=5, decimal_places=1, default=Decimal("0"))
    #: [{"text": "...", "points": "2", "custom": false}, ...]: the problems found
    deductions = models.JSONField(_("发现的问题"), default=list, blank=True)
    failed = models.BooleanField(_("否决项不符合"), default=False)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("评查得分")
        verbose_name_plural = _("评查得分")
        ordering = ["sampled", "item__number"]
        constraints = [models.UniqueConstraint(fields=["sampled", "item"], name="review_score_once")]

    def __str__(self) -> str:
        return f"{self.item}：扣{self.deducted}分"
