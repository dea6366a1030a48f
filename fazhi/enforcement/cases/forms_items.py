"""Forms of 执法事项 and 裁量基准: each form's fields are its service's arguments; the rules live in the
services (``item_problems`` / ``standard_problems``), so the page, the import and the API refuse alike."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import ScopedModelForm
from fazhi.enforcement.cases.choices import ItemKind, ItemStatus
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.services.items import fine_problems, item_problems
from fazhi.enforcement.models import EnforcementBody


class ItemForm(ScopedModelForm):
    class Meta:
        model = EnforcementItem
        fields = ["unit", "body", "code", "name", "kind", "legal_basis", "penalty_basis"]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "penalty_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            # an item stays with its unit (its cases and bands are scoped by it)
            self.fields["unit"].disabled = True

    def clean(self):
        data = super().clean()
        unit = data.get("unit") or (self.instance.unit if self.instance.unit_id else None)
        errors = item_problems(
            unit=unit,
            body=data.get("body"),
            code=data.get("code", ""),
            name=data.get("name", ""),
            legal_basis=data.get("legal_basis", ""),
            exclude=None if self.instance._state.adding else self.instance,
        )
        for field, messages in errors.items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data


class StandardForm(forms.ModelForm):
    class Meta:
        model = DiscretionStandard
        fields = ["code", "severity", "circumstance", "sanction", "fine_min", "fine_max", "active"]
        widgets = {
            "circumstance": forms.Textarea(attrs={"rows": 3}),
            "sanction": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "fine_min": _("不处罚款的留空；只有上限的（如“五千元以下”）下限留空。"),
            "active": _("停用后，新立案件不能再选用该基准；已适用的案件不受影响。"),
        }

    def __init__(self, *args, item: EnforcementItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.instance.item = item
        self.instance.unit_id = item.unit_id

    def clean(self):
        data = super().clean()
        errors = fine_problems(
            severity=data.get("severity", ""), fine_min=data.get("fine_min"), fine_max=data.get("fine_max")
        )
        for field, messages in errors.items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("编码、名称或依据"), required=False)
    body = forms.ModelChoiceField(
        label=_("执法主体"), queryset=EnforcementBody.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("事项类别"), choices=[("", "全部"), *ItemKind.choices], required=False)
    status = forms.ChoiceField(label=_("状态"), choices=[("", "全部"), *ItemStatus.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = EnforcementBody.objects.restrict(user, "view").order_by(
            "sort_order", "name"
        )


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("取消理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：法律依据已废止、职权已调整划转。"),
    )


class PublicItemFilterForm(forms.Form):
    """The public list's search: by body name (the public pages show no record ids) and by text."""

    q = forms.CharField(label=_("事项名称、编码或依据"), required=False, max_length=50)
    body = forms.ChoiceField(label=_("执法主体"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from fazhi.enforcement.choices import BodyStatus

        names = (
            EnforcementBody.objects.filter(status=BodyStatus.ACTIVE, items__status=ItemStatus.ACTIVE)
            .order_by("sort_order", "name")
            .values_list("name", flat=True)
            .distinct()
        )
        self.fields["body"].choices = [("", "全部"), *((n, n) for n in dict.fromkeys(names))]
