"""Forms of 两法衔接: registering a transfer (from a case or standalone) and recording an answer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import narrow_choice_fields
from fazhi.core.models import OrgUnit
from fazhi.enforcement.cases.choices import TransferStatus, TransferTarget
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class TransferForm(forms.Form):
    """The fields of ``transfer_register``; with a case the unit and party come from it."""

    case = forms.ModelChoiceField(
        label=_("执法案件"),
        queryset=EnforcementCase.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    unit = forms.ModelChoiceField(label=_("移送单位"), queryset=OrgUnit.objects.none(), required=False)
    target = forms.ChoiceField(label=_("移送对象"), choices=TransferTarget.choices)
    receiving_organ = forms.CharField(label=_("接收机关"), max_length=200, help_text=_("如：清河县公安局。"))
    suspected_offence = forms.CharField(label=_("涉嫌罪名"), max_length=200)
    party_name = forms.CharField(
        label=_("当事人"), max_length=200, required=False, help_text=_("从案件移送的，留空即为案件当事人。")
    )
    transferred_on = forms.DateField(label=_("移送日期"), widget=DATE, initial=_today)
    feedback = forms.CharField(
        label=_("备注"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如移送材料清单。"),
    )

    def __init__(self, *args, user, case: EnforcementCase | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["case"].queryset = EnforcementCase.objects.restrict(user, "view")
        narrow_choice_fields({"unit": self.fields["unit"]}, user, JudicialTransfer, "add")
        self.case = case
        if case is not None:
            self.fields["case"].initial = case.pk
            del self.fields["unit"]
            self.fields["party_name"].initial = case.party_name

    def clean(self):
        data = super().clean()
        if (
            self.case is None
            and "unit" in self.fields
            and not data.get("unit")
            and not self.errors.get("unit")
        ):
            self.add_error("unit", _("请选择移送单位。"))
        if self.case is None and not (data.get("party_name") or "").strip():
            self.add_error("party_name", _("请填写当事人。"))
        return data


class TransferStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("办理状态"), choices=TransferStatus.choices)
    on = forms.DateField(label=_("日期"), widget=DATE, initial=_today)
    feedback = forms.CharField(
        label=_("反馈情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("接收机关的决定及理由；不予立案、退回和判决须填写。"),
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["status"].choices = choices


class TransferFilterForm(forms.Form):
    q = forms.CharField(label=_("当事人、罪名或接收机关"), required=False)
    target = forms.ChoiceField(
        label=_("移送对象"), choices=[("", "全部"), *TransferTarget.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("办理状态"), choices=[("", "全部"), *TransferStatus.choices], required=False
    )
    year = forms.IntegerField(label=_("移送年度"), required=False, min_value=1990, max_value=2100)
