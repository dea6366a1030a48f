"""Forms of the metric pages: choosing a metric, a unit and a period; entering a typed-in value."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period, PeriodError
from fazhi.metrics.registry import all_metrics, metrics_by_domain, typed_in_metrics
from fazhi.metrics.services import EVIDENCE_REQUIRED, clean_value, typed_in_metric

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
    #: the field a period that cannot exist is reported on; None: the form as a whole
    period_error_field: str | None = None

    def clean(self):
        data = super().clean()
        if self.period_error_field and self.period_error_field in self._errors:
            return data  # already reported (e.g. left empty)
        # ``period`` (a token such as 2025Q3) is a field only of forms that declare one (the import's)
        params = {name: data.get(name) for name in ("period", "year", "quarter", "month", "start", "end")}
        try:
            default = None if self.period_required else Period.current_year()
            data["period"] = Period.from_params(params, default=default)
        except PeriodError as exc:
            self.add_error(self.period_error_field, str(exc))
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
    """A new typed-in value. The unit is narrowed to the units where the user may add records; the
    metric must be one a value may be typed in for, and the value must fit its kind (the rules of
    ``metric_entry_create``, checked here so that every row of an Excel import is checked too)."""

    key = forms.ChoiceField(label=_("指标"), error_messages={"required": _("请选择指标。")})

    field_order = ["key", "unit", "year", "quarter", "month", "start", "end", "value", "evidence"]

    class Meta:
        model = MetricEntry
        fields = ("key", "unit", "value", "evidence")
        field_classes = {"unit": UnitChoiceField}
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "unit": {"required": _("请选择单位。")},
            "value": {
                "required": _("请填写数值。"),
                "invalid": _("请输入数字。"),
                "max_decimal_places": _("最多保留 4 位小数。"),
                "max_digits": _("数值过大。"),
                "max_whole_digits": _("数值过大。"),
            },
            "evidence": {"required": EVIDENCE_REQUIRED},
        }

    def __init__(self, *args, user, scope_action: str = "add", **kwargs):
        super().__init__(*args, user=user, scope_action=scope_action, **kwargs)
        self.fields["key"].choices = [("", _("请选择指标")), *metric_choices(typed_in_metrics())]
        unit_field_for(self.fields["unit"], user, Permission.ADD)
        self.fields["unit"].empty_label = _("请选择单位")
        self.fields["year"].required = False
        self.fields["year"].help_text = _("只填年份为全年；再选季度或月份；或改填自定义起止日期。")
        self.fields["value"].help_text = _("计数填整数；比率填百分数（97.5 表示 97.5%）。")

    def clean(self):
        data = super().clean()
        metric = None
        if data.get("key"):
            try:
                metric = typed_in_metric(data["key"])
            except ValidationError as exc:
                self.add_error(None, exc)
        if metric is not None and data.get("value") is not None:
            try:
                data["value"] = clean_value(metric, data["value"])
            except ValidationError as exc:
                self.add_error(None, exc)
        data["metric"] = metric
        return data


class EntryFilterForm(forms.Form):
    """The filters of the entries list, as the export's audit note names them (“指标=法律援助案件；…”)."""

    key = forms.ChoiceField(label=_("指标"), required=False)
    year = forms.IntegerField(label=_("期间起始年份"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", ""), *((m.key, f"{m.label}（{m.key}）") for m in all_metrics())]


class MetricEntryUpdateForm(BootstrapFormMixin, ScopedModelForm):
    """Correcting a typed-in value: only the figure and its evidence change."""

    class Meta:
        model = MetricEntry
        fields = ("value", "evidence")
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}


# --- Excel import (fazhi/metrics/excel_registers.py) ---------------------------------------------------

_LABEL_WITH_KEY = re.compile(r"^.*[（(]\s*([A-Za-z0-9_.]+)\s*[)）]$")


class MetricKeyField(forms.CharField):
    """A metric written as its key (``mediation.legal_aid_cases``), as its Chinese label when exactly one
    typed-in metric bears it (法律援助案件), or as the page's list shows it (法律援助案件（mediation.legal_aid_cases）).

    The field's value is the key; a key or label that cannot be typed in is refused with the reason.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"required": _("请填写指标键（如 mediation.legal_aid_cases）或指标名称。")}
        )
        super().__init__(**kwargs)
        self.typed_in = {m.key for m in typed_in_metrics()}
        self.known = {m.key for m in all_metrics()}
        self.by_label: dict[str, list[str]] = {}
        for metric in all_metrics():
            self.by_label.setdefault(_fold(metric.label), []).append(metric.key)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return text
        text = re.sub(r"\s+", "", text)
        if match := _LABEL_WITH_KEY.match(text):
            text = match[1]
        key = text.casefold()
        if key in self.typed_in:
            return key
        if key in self.known:
            typed_in_metric(key)  # the reason it cannot be typed in: an alias, or only computed
        keys = self.by_label.get(_fold(text), [])
        if len(keys) > 1:
            typed = [key for key in keys if key in self.typed_in]
            if len(typed) == 1:
                return typed[0]
            raise ValidationError(
                _("指标名称“%(label)s”对应多个指标（%(keys)s），请填写指标键。")
                % {"label": text, "keys": "、".join(keys)}
            )
        if not keys:
            raise ValidationError(
                _("“%(text)s”既不是指标键，也不是指标名称。指标键和名称见“指标目录”页面。") % {"text": text}
            )
        typed_in_metric(keys[0])  # the reason it cannot be typed in
        return keys[0]

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # typed_in_metric's {"key": …}
                raise ValidationError(exc.message_dict["key"]) from None
            raise


def _fold(text) -> str:
    return re.sub(r"\s+", "", str(text)).casefold()


class ExistingEntries:
    """Which (metric, period) a unit already has a typed-in value for, read once per unit.

    One import checks every row against the entries already saved; reading each unit's entries once
    (a file names a few hundred units at most) replaces one query per row.
    """

    def __init__(self):
        self._by_unit: dict = {}

    def has(self, *, key: str, unit, period: Period) -> bool:
        known = self._by_unit.get(unit.pk)
        if known is None:
            rows = (
                MetricEntry.objects.filter(unit=unit)
                .order_by()
                .values_list("key", "period_start", "period_end")
            )
            known = self._by_unit[unit.pk] = set(rows)
        return (key, period.start, period.end) in known


class MetricEntryImportForm(MetricEntryForm):
    """One row of an Excel import: :class:`MetricEntryForm` — the same unit narrowing, metric, value and
    evidence rules — with the period written as one token (2025, 2025Q3, 2025-10,
    2025-01-01~2025-06-30) and the metric also by its label. A row for a metric, unit and period that
    already has a value is refused: an import only adds, it never overwrites a figure someone entered.
    """

    period = forms.CharField(
        label=_("期间"),
        error_messages={"required": _("请填写期间，如 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。")},
    )

    period_error_field = "period"
    field_order = ["unit", "key", "period", "value", "evidence"]

    def __init__(self, *args, existing: ExistingEntries | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("year", "quarter", "month", "start", "end"):
            del self.fields[name]
        self.fields["key"] = MetricKeyField(label=_("指标"))
        self.fields["unit"].error_messages["required"] = _("请填写单位代码（机构代码）。")
        for field in self.fields.values():
            field.help_text = ""  # the template's 填写说明 says it; a row's fields are never rendered
        self.existing = existing if existing is not None else ExistingEntries()

    def _post_clean(self):
        """No second, model-level pass over the row (ModelForm's ``construct_instance`` and
        ``full_clean``): here it would only repeat the fields' own checks — the value's digits and
        decimals (the form's DecimalField carries the model field's validator), the evidence required,
        the key (only catalog keys get through :class:`MetricKeyField`) — and add three that are settled
        already, at the cost of a query or an expression compile on every row of a 50,000-row import:
        that the unit exists (it was found in the form's narrowed list), that the period does not end
        before it starts (a :class:`Period` never does) and uniqueness (``existing``, and the database's
        constraint at insert). The model has no ``clean()`` of its own; the test suite checks that the
        page's form and this one refuse the same values with the same messages."""

    def clean(self):
        data = super().clean()
        metric, unit, period = data.get("metric"), data.get("unit"), data.get("period")
        if metric is not None and unit is not None and isinstance(period, Period):
            if self.existing.has(key=metric.key, unit=unit, period=period):
                self.add_error(
                    None,
                    _(
                        "%(unit)s %(period)s 的“%(label)s”已有填报值。导入只新增、不覆盖；如需更正，"
                        "请在“指标填报值”页面上修改原记录。"
                    )
                    % {"unit": unit.name, "period": period.label, "label": metric.label},
                )
        return data
