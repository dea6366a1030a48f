"""Upload form of the template pages; unit choices are narrowed to the units the user may manage."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.docgen.registry import document_choices


class TemplateUploadForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), empty_label=None)
    doc_key = forms.ChoiceField(label=_("文书类型"))
    file = forms.FileField(
        label=_("模板文件（.docx）"),
        error_messages={"required": _("请选择要上传的 .docx 文件。"), "empty": _("文件是空的。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.pop("instance", None)
        kwargs.pop("scope_action", None)
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.MANAGE)
        self.fields["unit"].help_text = _("该单位及其下级单位（未另行上传的）都使用此模板。")
        self.fields["doc_key"].choices = document_choices()
