"""Forms of the disclosure tables. The figures themselves are checked by the services (tables.py):
the entry form only carries the typed cells, by code, to :func:`services.report_save`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.forms.base import ScopedModelForm
from fazhi.disclosure.models import DisclosureReport
from fazhi.disclosure.tables import Layout


class ReportCreateForm(ScopedModelForm):
    class Meta:
        model = DisclosureReport
        fields = ["unit", "year", "layout"]
        labels = {"unit": _("填报单位")}
        help_texts = {"year": _("报告所统计的年度，通常为上一年。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def validate_unique(self):
        """The service refuses a second table for the same unit and year, with its own sentence."""


class TableForm(forms.Form):
    """One text input per typed cell, named by its code (``t3.new.natural``); blank is 0."""

    def __init__(self, *args, layout: Layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        for cell in layout.input_cells:
            self.fields[cell.code] = forms.CharField(required=False, max_length=30, label=cell.where)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"), help_text=_("请使用本表“导出 Excel”得到的文件填写后上传。")
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明需要更正的内容，记入审计日志。"),
    )  # fmt: skip
