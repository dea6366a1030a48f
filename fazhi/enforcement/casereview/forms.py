"""Forms of 案卷评查. The fields of each form are the arguments of its service (services.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.forms.units import BootstrapFormMixin
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import units_with_permission
from fazhi.enforcement.casereview.choices import CampaignStatus, SampleRule, Section
from fazhi.enforcement.casereview.models import ReviewCampaign, Rubric

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _this_year() -> int:
    return timezone.localdate().year


class CampaignFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *list(CampaignStatus.choices)]
    )
    q = forms.CharField(label=_("名称"), required=False)


class CampaignForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("组织单位"),
        queryset=OrgUnit.objects.none(),
        help_text=_("组织评查的单位；参评单位须是它本身或其下属单位。"),
    )
    name = forms.CharField(label=_("活动名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=_this_year)
    rubric = forms.ModelChoiceField(label=_("评查标准"), queryset=Rubric.objects.none())
    period_from = forms.DateField(label=_("结案日期自"), widget=DATE)
    period_to = forms.DateField(label=_("结案日期至"), widget=DATE)
    units = forms.ModelMultipleChoiceField(
        label=_("参评单位"),
        queryset=OrgUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("从每个参评单位（含其下属单位）期内已结案件中分别抽取。"),
    )
    sample_rule = forms.ChoiceField(label=_("抽取规则"), choices=SampleRule.choices, initial=SampleRule.FIXED)
    sample_size = forms.IntegerField(label=_("每单位抽取宗数"), min_value=1, initial=10, required=False)
    sample_percent = forms.DecimalField(
        label=_("抽取比例（%）"), min_value=Decimal("0.01"), max_value=Decimal("100"), required=False
    )
    sample_minimum = forms.IntegerField(label=_("每单位最少宗数"), min_value=0, initial=0, required=False)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_permission(user, ReviewCampaign.scope_permission("add"))
        self.fields["rubric"].queryset = Rubric.objects.restrict(user, "view").order_by("-year", "name")
        self.fields["units"].queryset = OrgUnit.objects.restrict(user, "view").filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("sample_rule") == SampleRule.FIXED and not data.get("sample_size"):
            self.add_error("sample_size", _("请填写每单位抽取宗数。"))
        if data.get("sample_rule") == SampleRule.PERCENT and data.get("sample_percent") is None:
            self.add_error("sample_percent", _("请填写抽取比例。"))
        data["sample_size"] = data.get("sample_size") or 0
        data["sample_minimum"] = data.get("sample_minimum") or 0
        return data


class CampaignEditForm(CampaignForm):
    """The same fields without the organiser, which a campaign keeps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["unit"]


class DateForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)


class FinishForm(DateForm):
    summary = forms.CharField(label=_("评查意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RubricForm(BootstrapFormMixin, ScopedModelForm):
    class Meta:
        model = Rubric
        fields = ["unit", "name", "year", "pass_line", "excellent_line", "description"]

    def clean(self):
        data = super().clean()
        low, high = data.get("pass_line"), data.get("excellent_line")
        if low is not None and high is not None and not (0 < low < high):
            raise forms.ValidationError(_("优秀线应高于合格线，且两者均应大于零。"))
        if self.instance.pk:
            from fazhi.enforcement.casereview.services import rubric_in_use

            if rubric_in_use(self.instance):
                raise forms.ValidationError(
                    _("该评查标准已用于已抽取案卷的评查活动，不能再改；请复制一份后修改。")
                )
        return data


class RubricNewForm(BootstrapFormMixin, forms.Form):
    """For 由默认标准创建 and 复制: the owner, the name and the year of the new rubric."""

    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("标准名称"), max_length=200, required=False)
    year = forms.IntegerField(label=_("适用年度"), min_value=2000, max_value=2100, initial=_this_year)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_with_permission(user, Rubric.scope_permission("add"))


def parse_deductions(text: str) -> list[dict]:
    """One deduction a line, ``问题描述｜扣分`` (a full-width or ASCII bar, or a tab)."""
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for bar in ("｜", "|", "\t"):
            if bar in line:
                text_part, _sep, points = line.rpartition(bar)
                break
        else:
            raise forms.ValidationError(_("第%(n)s行缺少扣分：请按“问题描述｜扣分”填写。") % {"n": number})
        try:
            value = Decimal(points.strip())
        except InvalidOperation:
            raise forms.ValidationError(_("第%(n)s行的扣分不是数字。") % {"n": number}) from None
        result.append({"text": text_part.strip(), "points": str(value)})
    return result


class RubricItemForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(label=_("序号"), min_value=1)
    section = forms.ChoiceField(label=_("评查类别"), choices=Section.choices)
    text = forms.CharField(label=_("评查内容"), max_length=300)
    points = forms.DecimalField(label=_("分值"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1)
    veto = forms.BooleanField(label=_("否决项（不符合的，案卷直接评为不合格）"), required=False)
    deductions = forms.CharField(
        label=_("常见扣分情形"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一条，格式：问题描述｜扣分，如“执法文书未载明执法人员证件号｜2”。"),
    )

    def clean_deductions(self):
        return parse_deductions(self.cleaned_data.get("deductions") or "")

    @staticmethod
    def initial_for(item) -> dict:
        return {
            "number": item.number,
            "section": item.section,
            "text": item.text,
            "points": item.points,
            "veto": item.veto,
            "deductions": "\n".join(f"{d['text']}｜{d['points']}" for d in item.deductions),
        }
