"""The yearly 政府信息公开工作年度报告 tables of a unit: the report and its figures, one row per cell.

Only the typed cells are stored; totals (三（七）, the 总计 column, 表四's 总计) are computed from them
(tables.py), so a stored table always satisfies its sums. Each cell remembers who last entered it;
every save is in the audit log with the cells it changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.disclosure.choices import ReportStatus
from fazhi.disclosure.tables import DEFAULT_LAYOUT, LAYOUT_CHOICES, get_layout
from fazhi.disclosure.workflows import REPORT_WORKFLOW


class DisclosureReport(ScopedModel):
    """A unit's tables for one year (表二 主动公开, 表三 依申请公开, 表四 复议诉讼)."""

    Status = ReportStatus

    year = models.PositiveSmallIntegerField(_("报告年度"))
    layout = models.CharField(_("表格格式"), max_length=10, choices=LAYOUT_CHOICES, default=DEFAULT_LAYOUT)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人"),
        null=True, blank=True, editable=False,
    )  # fmt: skip
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("确认人"),
        null=True, blank=True, editable=False,
    )  # fmt: skip
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)

    workflow = REPORT_WORKFLOW

    class Meta:
        verbose_name = _("政府信息公开年报表")
        verbose_name_plural = _("政府信息公开年报表")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="disclosure_report_unit_year")]
        indexes = [models.Index(fields=["year", "unit"], name="disclosure_report_year_unit")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年政府信息公开工作年度报告统计表"

    @property
    def table_layout(self):
        return get_layout(self.layout)

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class DisclosureCell(ScopedModel):
    """One typed figure of a report: table, row and column as in tables.py (``t3.new.natural``)."""

    report = models.ForeignKey(
        DisclosureReport, on_delete=models.CASCADE, related_name="cells", verbose_name=_("年报表")
    )
    table = models.CharField(_("表"), max_length=4)
    row = models.CharField(_("行"), max_length=30)
    column = models.CharField(_("列"), max_length=30)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4, default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("填报人"),
        null=True, blank=True, editable=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("年报表单元格")
        verbose_name_plural = _("年报表单元格")
        ordering = ["report", "table", "row", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "table", "row", "column"], name="disclosure_cell_unique"
            )
        ]
        indexes = [models.Index(fields=["table", "row", "report"], name="disclosure_cell_table_row")]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"

    @property
    def code(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"
