"""Forms of the numbering pages; unit choices are narrowed to the units the user may manage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.numbering.choices import NumberStatus
from fazhi.numbering.formats import PLACEHOLDERS, TEMPLATE_MAX_LENGTH, validate_template
from fazhi.numbering.registry import doc_type_choices
from fazhi.numbering.services import VOID_REASON_MAX_LENGTH


def _placeholder_help() -> str:
    return "；".join(f"{{{name}}}：{label}" for name, label in PLACEHOLDERS.items())


class NumberFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("文号"), required=False, max_length=100)
    doc_type = forms.ChoiceField(label=_("类型"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=9999)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *NumberStatus.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = [("", _("全部")), *doc_type_choices()]


class TemplateTextField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("文号模板"),
            max_length=TEMPLATE_MAX_LENGTH,
            validators=[validate_template],
            help_text=_("可用占位符——%(help)s。") % {"help": _placeholder_help()},
            **kwargs,
        )


class TemplateCreateForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), empty_label=None)
    doc_type = forms.ChoiceField(label=_("文号类型"))
    template = TemplateTextField()

    def __init__(self, *args, user, **kwargs):
        kwargs.pop("instance", None)
        kwargs.pop("scope_action", None)
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.MANAGE)
        self.fields["unit"].help_text = _("该单位及其下级单位（未另行设置的）都使用此模板。")
        self.fields["doc_type"].choices = doc_type_choices()


class TemplateUpdateForm(BootstrapFormMixin, forms.Form):
    template = TemplateTextField()

    def __init__(self, *args, user, **kwargs):
        instance = kwargs.pop("instance", None)
        kwargs.pop("scope_action", None)
        if instance is not None:
            kwargs.setdefault("initial", {"template": instance.template})
        super().__init__(*args, **kwargs)


class VoidForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("作废理由"),
        max_length=VOID_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如“文件未印发，号码作废”。作废后该号码保留在登记簿中，不再使用。"),
        error_messages={"required": _("请填写作废理由。")},
    )
