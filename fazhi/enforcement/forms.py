"""Forms of 行政执法: bodies, the roster (also the import's row form), training, filters and the steps of a
certificate's life (each step form's fields are the arguments of its service)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import ScopedModelForm
from fazhi.enforcement import rules
from fazhi.enforcement.choices import (
    BodyKind,
    BodyStatus,
    CertificateKind,
    CertificateStatus,
    OfficerStatus,
    RevocationReason,
)
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer, TrainingRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(ScopedModelForm):
    class Meta:
        model = EnforcementBody
        fields = [
            "unit",
            "name",
            "kind",
            "legal_basis",
            "duties",
            "entrusting_body",
            "enforcement_categories",
            "region",
            "status",
            "confirmed_on",
            "cancelled_on",
            "sort_order",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 3}),
            "confirmed_on": DATE,
            "cancelled_on": DATE,
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == BodyKind.ENTRUSTED and not (data.get("entrusting_body") or "").strip():
            self.add_error("entrusting_body", _("受委托组织须填写委托机关。"))
        if data.get("status") == BodyStatus.CANCELLED and not data.get("cancelled_on"):
            self.add_error("cancelled_on", _("已取消执法主体资格的，请填写取消日期。"))
        return data


class OfficerForm(ScopedModelForm):
    class Meta:
        model = EnforcementOfficer
        fields = [
            "unit",
            "body",
            "name",
            "id_number",
            "post",
            "enforcement_category",
            "region",
            "has_legal_qualification",
            "legal_qualification_number",
            "status",
        ]

    def clean_id_number(self):
        return (self.cleaned_data.get("id_number") or "").strip().upper()


class TrainingForm(forms.Form):
    on = forms.DateField(label=_("培训日期"), widget=DATE)
    kind = TrainingRecord._meta.get_field("kind").formfield()
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1, min_value=0.5)


class OfficerFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或证件编号"), required=False)
    body = forms.ModelChoiceField(
        label=_("执法主体"), queryset=EnforcementBody.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("人员状态"), choices=[("", "全部"), *OfficerStatus.choices], required=False
    )
    certified = forms.ChoiceField(
        label=_("持证情况"),
        choices=[("", "全部"), ("yes", _("持有可用的行政执法证")), ("no", _("无可用的行政执法证"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = EnforcementBody.objects.restrict(user, "view")


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或证件编号"), required=False)
    kind = forms.ChoiceField(
        label=_("证件种类"), choices=[("", "全部"), *CertificateKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", "全部"), *CertificateStatus.choices], required=False
    )


def _today():
    return timezone.localdate()


class ApplyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("证件种类"), choices=CertificateKind.choices, initial=CertificateKind.ENFORCEMENT
    )
    applied_on = forms.DateField(label=_("申领日期"), widget=DATE, initial=_today)


class OnForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE, initial=_today)


class NoteForm(OnForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExamForm(OnForm):
    score = forms.DecimalField(
        label=_("考试成绩"), max_digits=5, decimal_places=1, min_value=0, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].help_text = _("%(line)s 分及以上为合格。") % {"line": rules.pass_score()}


class SuspendForm(OnForm):
    reason = forms.CharField(label=_("暂扣事由"), widget=forms.Textarea(attrs={"rows": 2}))
    until = forms.DateField(label=_("暂扣期限至"), widget=DATE, required=False)


class ReasonForm(OnForm):
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(OnForm):
    reason = forms.ChoiceField(label=_("注销原因"), choices=RevocationReason.choices)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
