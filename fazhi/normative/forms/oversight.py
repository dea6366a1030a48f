"""Forms of the oversight pages: cleanup campaigns and decisions, filing reviews, evaluations, the import
upload and the list filters. The forms only collect input; the services decide and refuse."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.normative.choices import CleanupDecision, DocumentKind, EvaluationDecision, FilingResult

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class CampaignForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("清理名称"), max_length=200, help_text=_("如：2026年度行政规范性文件清理"))
    unit = UnitChoiceField(label=_("开展清理的机关"), queryset=OrgUnit.objects.none(), empty_label=None)
    organ = UnitChoiceField(
        label=_("制定机关（含下级单位）"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("留空时为开展清理的机关及其全部下级单位。"),
    )
    kinds = forms.MultipleChoiceField(
        label=_("文件类别"),
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选为全部类别。"),
    )
    issued_after = forms.DateField(label=_("公布日期自（含）"), required=False, widget=_DATE)
    issued_before = forms.DateField(label=_("公布日期早于"), required=False, widget=_DATE)
    started_on = forms.DateField(label=_("开始日期"), initial=_today, widget=_DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.ADD)
        unit_field_for(self.fields["organ"], user, Permission.VIEW)


class CleanupDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("清理结论"), choices=CleanupDecision.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("决定日期"), initial=_today, widget=_DATE)


class CampaignPublishForm(BootstrapFormMixin, forms.Form):
    published_on = forms.DateField(label=_("结果公布日期"), initial=_today, widget=_DATE)


class FilingReviewForm(BootstrapFormMixin, forms.Form):
    """A filing typed in by the reviewing organ (bodies not on the platform)."""

    unit = UnitChoiceField(label=_("备案审查机关"), queryset=OrgUnit.objects.none(), empty_label=None)
    filer_name = forms.CharField(label=_("报备机关"), max_length=200)
    title = forms.CharField(label=_("文件名称"), max_length=300)
    document_number = forms.CharField(label=_("文号"), max_length=80, required=False)
    published_on = forms.DateField(label=_("公布日期"), required=False, widget=_DATE)
    received_on = forms.DateField(label=_("收到备案日期"), initial=_today, widget=_DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.ADD)


class FilingDecisionForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("审查结果"),
        choices=[
            (FilingResult.PASSED, FilingResult.PASSED.label),
            (FilingResult.CORRECTION, FilingResult.CORRECTION.label),
        ],
    )
    opinion = forms.CharField(
        label=_("审查意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("要求纠正的必须填写：存在的问题和纠正要求。"),
    )
    reviewed_on = forms.DateField(label=_("审查完成日期"), initial=_today, widget=_DATE)


class FilingFilterForm(BootstrapFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("审查结果"), choices=[("", _("全部")), *FilingResult.choices], required=False
    )
    overdue = forms.BooleanField(label=_("只看超期未审查"), required=False)
    q = forms.CharField(label=_("文件名称或报备机关"), required=False)


class EvaluationForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("评估结论"), choices=EvaluationDecision.choices)
    note = forms.CharField(
        label=_("评估说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("修改或废止的，写明理由和后续安排；继续实施的，有效期自届满次日起重新计算。"),
    )
    evaluated_on = forms.DateField(label=_("评估日期"), initial=_today, widget=_DATE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportForm(BootstrapFormMixin, forms.Form):
    """One .zip (the register .xlsx and the files it names), or the .xlsx plus the files."""

    upload = forms.FileField(
        label=_("登记表或压缩包"),
        help_text=_("上传按模板填写的 .xlsx；或把登记表和正文文件一起打包成 .zip 上传。"),
    )
    files = MultipleFileField(
        label=_("正文文件（可多选）"),
        required=False,
        help_text=_("上传 .xlsx 时，在此一并选择登记表“正文文件”列中列出的 .docx、.pdf 或 .txt 文件。"),
    )
