"""Forms of the metric pages: choosing a metric, a unit and a period; entering a typed-in value."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import metrics_by_domain, typed_in_metrics

QUARTER_CHOICES = [
    ("", _("全年")),
    *((str(q), _("第%(q)s季度") % {"q": n}) for q, n in ((1, "一"), (2, "二"), (3, "三"), (4, "四"))),
]
MONTH_CHOICES = [("", _("不限")), *((str(m), _("%(m)d月") % {"m": m}) for m in range(1, 13))]


def metric_choices(metrics=None) -> list:
    """Grouped by domain, each shown as 中文名（key）."""
    allowed = None if metrics is None else {m.key for m in metrics}
    groups = []
    for _domain, heading, items in metrics_by_domain():
        options = [(m.key, f"{m.label}（{m.key}）") for m in items if allowed is None or m.key in allowed]
        if options:
            groups.append((heading, options))
    return groups


class PeriodFieldsMixin(forms.Form):
    """年份 with an optional 季度 or 月份, or a custom 起止日期 — one :class:`Period`."""

    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    quarter = forms.ChoiceField(label=_("季度"), required=False, choices=QUARTER_CHOICES)
    month = forms.ChoiceField(label=_("月份"), required=False, choices=MONTH_CHOICES)
    start = forms.DateField(
        label=_("自定义起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("自定义截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    period_required = True

    def clean(self):
        data = super().clean()
        params = {name: data.get(name) for name in ("year", "quarter", "month", "start", "end")}
        try:
            default = None if self.period_required else Period.current_year()
            data["period"] = Period.from_params(params, default=default)
        except PeriodError as exc:
            self.add_error(None, str(exc))
        return data


class MetricQueryForm(BootstrapFormMixin, PeriodFieldsMixin):
    """The chooser of the metric and drill-down pages (GET)."""

    key = forms.ChoiceField(label=_("指标"))
    unit = UnitChoiceField(label=_("单位（含下级）"), queryset=OrgUnit.objects.none(), empty_label=None)

    period_required = False
    field_order = ["key", "unit", "year", "quarter", "month", "start", "end"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = metric_choices()
        unit_field_for(self.fields["unit"], user, Permission.VIEW)


class MetricEntryForm(BootstrapFormMixin, PeriodFieldsMixin, ScopedModelForm):
    """A new typed-in value. The unit is narrowed to the units where the user may add records."""

    key = forms.ChoiceField(label=_("指标"))

    field_order = ["key", "unit", "year", "quarter", "month", "start", "end", "value", "evidence"]

    class Meta:
        model = MetricEntry
        fields = ("key", "unit", "value", "evidence")
        field_classes = {"unit": UnitChoiceField}
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, scope_action: str = "add", **kwargs):
        super().__init__(*args, user=user, scope_action=scope_action, **kwargs)
        self.fields["key"].choices = [("", _("请选择指标")), *metric_choices(typed_in_metrics())]
        unit_field_for(self.fields["unit"], user, Permission.ADD)
        self.fields["unit"].empty_label = _("请选择单位")
        self.fields["year"].required = False
        self.fields["year"].help_text = _("只填年份为全年；再选季度或月份；或改填自定义起止日期。")
        self.fields["value"].help_text = _("计数填整数；比率填百分数（97.5 表示 97.5%）。")


class MetricEntryUpdateForm(BootstrapFormMixin, ScopedModelForm):
    """Correcting a typed-in value: only the figure and its evidence change."""

    class Meta:
        model = MetricEntry
        fields = ("value", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}
