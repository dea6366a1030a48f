"""Forms of the reporting pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fazhi.core.models import OrgUnit
from fazhi.core.scoping import units_with_permission
from fazhi.reporting.blocks import block_choices
from fazhi.reporting.choices import OutlinePeriod, ReportStatus
from fazhi.reporting.models import AnnualReport, OutlineTemplate


def last_year() -> int:
    return timezone.localdate().year - 1


class ReportCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label="报告单位", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(
        label="报告年度", min_value=2000, max_value=2100, help_text="报告所述的年度，通常为上一年。"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_permission(
            user, AnnualReport.scope_permission("add")
        ).order_by("path")
        self.fields["year"].initial = last_year()


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *ReportStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
        help_text="每行一段。数据标记：{{指标键}} 本年数值，{{指标键@上年}} 上年数值，{{指标键@比较}} 与上年比较，"
        "{{分子键/分母键}} 占比；定稿前随数据实时更新。",
    )
    note = forms.CharField(label="修改说明", required=False, max_length=200)


class StepForm(forms.Form):
    step = forms.CharField()
    reason = forms.CharField(required=False, max_length=2000)


class SupervisorForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none(), required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    keys = forms.CharField(label="对比指标", required=False, help_text="指标键，以逗号分隔。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_permission(
            user, AnnualReport.scope_permission("view")
        ).order_by("path")


class OutlineChooseForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=OrgUnit.objects.none())
    period = forms.ChoiceField(label="适用纲要", choices=OutlinePeriod.choices)

    def __init__(self, *args, user, action: str = "view", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_permission(
            user, OutlineTemplate.scope_permission(action)
        ).order_by("path")


class OutlineItemForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    level = forms.TypedChoiceField(label="层级", coerce=int, choices=[(1, "一级标题"), (2, "二级标题")])
    blocks = forms.MultipleChoiceField(label="起草模块", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blocks"].choices = block_choices()
