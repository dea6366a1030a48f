"""Typed-in metric values (指标填报值): figures of work done in other systems, with their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import ScopedModel
from fazhi.metrics.periods import Period


class MetricEntry(ScopedModel):
    """One typed-in figure: a metric, for one unit and one period, entered by a person with evidence.

    The figure covers the unit and every unit below it (METRICS.md), so a county's entry is the
    county's total; where a unit has no entry of its own, its figure is the sum of those below it.
    """

    key = models.CharField(_("指标"), max_length=100)
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    evidence = models.TextField(
        _("依据与说明"),
        help_text=_("数据来源与依据，如“12345 热线系统 2025 年度统计报表”；附件上传后在此注明文件名。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("填报人"),
        editable=False,
    )

    class Meta:
        verbose_name = _("指标填报值")
        verbose_name_plural = _("指标填报值")
        ordering = ["-period_start", "key", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "unit", "period_start", "period_end"],
                name="metrics_entry_unique_key_unit_period",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="metrics_entry_period_order"
            ),
        ]
        indexes = [
            models.Index(fields=["key", "period_start", "period_end"], name="metrics_entry_key_period")
        ]

    def __str__(self) -> str:
        metric = self.metric
        label = metric.label if metric else self.key
        return f"{label} · {self.unit.name} · {self.period.label}"

    @property
    def period(self) -> Period:
        return Period.for_range(self.period_start, self.period_end)

    @property
    def metric(self):
        from fazhi.metrics.registry import UnknownMetric, get_metric

        try:
            return get_metric(self.key)
        except UnknownMetric:
            return None

    @property
    def value_display(self) -> str:
        from fazhi.metrics.values import format_typed_value

        metric = self.metric
        return format_typed_value(metric, self.value) if metric else str(self.value)
