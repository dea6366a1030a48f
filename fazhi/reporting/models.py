"""The yearly 法治政府建设情况报告: outline templates, reports, their sections and versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.models import ScopedModel
from fazhi.core.models.base import ScopedManager, ScopedMixin
from fazhi.reporting.choices import OutlinePeriod, ReportStatus
from fazhi.reporting.workflows import REPORT_WORKFLOW

#: outlines are adjusted by administrators only (Permission.MANAGE), read by anyone in scope
OUTLINE_SCOPE_ACTIONS = {
    "view": Permission.VIEW,
    "add": Permission.MANAGE,
    "change": Permission.MANAGE,
    "delete": Permission.MANAGE,
}


class OutlineTemplate(ScopedModel):
    """A unit's own outline for one period; units below it inherit it (the nearest template wins)."""

    period = models.CharField(_("适用纲要"), max_length=20, choices=OutlinePeriod.choices)
    name = models.CharField(_("名称"), max_length=100)

    scope_actions = OUTLINE_SCOPE_ACTIONS

    class Meta:
        verbose_name = _("报告提纲")
        verbose_name_plural = _("报告提纲")
        ordering = ["unit__path", "period"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="reporting_outline_unique_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.name}）"


class OutlineItem(ScopedMixin, models.Model):
    """One heading of an outline: level 1 = “一、”, level 2 = “（一）”, with the drafting blocks that fill it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    template = models.ForeignKey(
        OutlineTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("提纲")
    )
    order = models.PositiveIntegerField(_("顺序"))
    level = models.PositiveSmallIntegerField(_("层级"), choices=[(1, _("一级标题")), (2, _("二级标题"))])
    title = models.CharField(_("标题"), max_length=200)
    blocks = models.JSONField(_("起草模块"), default=list, blank=True)

    objects = ScopedManager()
    scope_path_field = "template__unit__path"
    scope_unit_attr = None
    scope_actions = OUTLINE_SCOPE_ACTIONS

    class Meta:
        verbose_name = _("提纲条目")
        verbose_name_plural = _("提纲条目")
        ordering = ["template", "order"]

    def __str__(self) -> str:
        return self.title


class AnnualReport(ScopedModel):
    """A unit's 法治政府建设情况报告 for one year."""

    year = models.PositiveSmallIntegerField(_("报告年度"))
    title = models.CharField(_("标题"), max_length=200)
    outline_period = models.CharField(_("适用纲要"), max_length=20, choices=OutlinePeriod.choices)
    outline_name = models.CharField(_("所用提纲"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    signature = models.CharField(_("落款单位"), max_length=100, blank=True)
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    #: token → {"text", "value", "url", "label", "missing"}: every figure as it stood when frozen
    frozen_figures = models.JSONField(_("定稿数据快照"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("起草人"),
        null=True,
        editable=False,
    )

    workflow = REPORT_WORKFLOW

    class Meta:
        verbose_name = _("法治政府建设年度报告")
        verbose_name_plural = _("法治政府建设年度报告")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="reporting_report_unique_unit_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status in (ReportStatus.FROZEN, ReportStatus.PUBLISHED)


class ReportSection(ScopedMixin, models.Model):
    """A heading of one report (copied from the outline when the report was created) and its narrative.

    The narrative is the text staff edit; figure tokens in it (``{{reconsideration.received}}``) stay live
    until the report is frozen (docs/reporting.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("报告")
    )
    order = models.PositiveIntegerField(_("顺序"))
    level = models.PositiveSmallIntegerField(_("层级"))
    title = models.CharField(_("标题"), max_length=200)
    blocks = models.JSONField(_("起草模块"), default=list, blank=True)
    narrative = models.TextField(_("正文"), blank=True)

    objects = ScopedManager()
    scope_path_field = "report__unit__path"
    scope_unit_attr = None

    class Meta:
        verbose_name = _("报告章节")
        verbose_name_plural = _("报告章节")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.title


class ReportVersion(ScopedMixin, models.Model):
    """A saved state of every section's narrative: who saved it, when, and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="versions", verbose_name=_("报告")
    )
    number = models.PositiveIntegerField(_("版本号"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("保存人"),
    )
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    #: [{"section": id, "title": …, "text": …}, …] in outline order
    texts = models.JSONField(_("各章节正文"), default=list)

    objects = ScopedManager()
    scope_path_field = "report__unit__path"
    scope_unit_attr = None

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reporting_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"第{self.number}版"
