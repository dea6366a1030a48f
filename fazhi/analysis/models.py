"""Stored analyses of published reports: the uploaded file, each report found in it (one per
government and year and unit), its figures with their quotes and offsets, and its findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel


class ReportSource(ScopedModel):
    """An uploaded file (text, web page, RSS feed, .docx or PDF) holding one or more reports."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待分析")
        DONE = "done", _("已分析")
        FAILED = "failed", _("无法分析")

    name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("大小（字节）"), editable=False)
    content = models.BinaryField(_("文件内容"), editable=False)
    format = models.CharField(_("格式"), max_length=20, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("错误原因"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人"),
        null=True, blank=True, editable=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("报告文件")
        verbose_name_plural = _("报告文件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class AnalysedReport(ScopedModel):
    """One report found in a file: a government's report on one year."""

    source = models.ForeignKey(
        ReportSource, on_delete=models.CASCADE, related_name="reports", verbose_name=_("来源文件")
    )
    title = models.CharField(_("标题"), max_length=300)
    title_inferred = models.BooleanField(_("标题系推断"), default=False)
    government = models.CharField(_("报告单位"), max_length=120)
    level = models.CharField(_("层级"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    published = models.DateField(_("发布日期"), null=True, blank=True)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    text = models.TextField(_("报告原文"))
    sections = models.JSONField(_("章节结构"), default=list)
    parts = models.JSONField(_("五项必备内容"), default=list)
    commitments = models.JSONField(_("下一年度工作安排"), default=list)

    class Meta:
        verbose_name = _("已分析报告")
        verbose_name_plural = _("已分析报告")
        ordering = ["government", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "government", "year"], name="analysis_report_unit_gov_year"
            )
        ]
        indexes = [models.Index(fields=["unit", "year"], name="analysis_report_unit_year")]

    def __str__(self) -> str:
        return self.title


class ReportFigure(ScopedModel):
    """A number of a report: its value and unit as written, the metric it states (catalog key or
    ``other:<label>``), the quote and the offsets into the report's text (``AnalysedReport.text``)."""

    report = models.ForeignKey(
        AnalysedReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("报告")
    )
    metric = models.CharField(_("指标"), max_length=120, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit_of_measure = models.CharField(_("计量单位"), max_length=10, blank=True)
    qualifier = models.CharField(_("限定词"), max_length=10, blank=True)
    period = models.CharField(_("期间类型"), max_length=20, default="year")
    period_text = models.CharField(_("期间原文"), max_length=60, blank=True)
    subject = models.CharField(_("主语"), max_length=200, blank=True)
    quote = models.TextField(_("原文引文"))
    start = models.PositiveIntegerField(_("数字起始位置"))
    end = models.PositiveIntegerField(_("数字结束位置"))
    quote_start = models.PositiveIntegerField(_("引文起始位置"))
    quote_end = models.PositiveIntegerField(_("引文结束位置"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    keyed = models.BooleanField(_("指标库数字"), default=False)

    class Meta:
        verbose_name = _("报告数字")
        verbose_name_plural = _("报告数字")
        ordering = ["report", "start"]
        indexes = [models.Index(fields=["unit", "metric"], name="analysis_figure_unit_metric")]

    def __str__(self) -> str:
        return f"{self.metric} {self.value_display}{self.unit_of_measure}"

    @property
    def value_display(self) -> str:
        """27.8, 100, 1090 — as written, without trailing zeros or an exponent."""
        return format(self.value.normalize(), "f")


class ReportFinding(ScopedModel):
    """A check of a report's figures (sums, stated rates, restated figures, implausible values)."""

    report = models.ForeignKey(
        AnalysedReport, on_delete=models.CASCADE, related_name="findings", verbose_name=_("报告")
    )
    kind = models.CharField(_("类型"), max_length=20)
    severity = models.CharField(_("结论"), max_length=10)
    message = models.TextField(_("说明"))
    metric = models.CharField(_("指标"), max_length=120, blank=True)
    formula = models.CharField(_("口径"), max_length=200, blank=True)
    quotes = models.JSONField(_("原文引文"), default=list)

    class Meta:
        verbose_name = _("核对结果")
        verbose_name_plural = _("核对结果")
        ordering = ["report", "kind"]

    def __str__(self) -> str:
        return self.message[:40]
