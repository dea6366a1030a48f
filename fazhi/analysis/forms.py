"""The upload form of published reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.analysis.models import ReportSource
from fazhi.core.forms.base import ScopedModelForm


class UploadForm(ScopedModelForm):
    file = forms.FileField(
        label=_("报告文件"),
        help_text=_("文本（UTF-8 或 GBK）、网页、RSS、Word（.docx）或带文字层的 PDF；一个文件可含多份报告。"),
    )

    class Meta:
        model = ReportSource
        fields = ["unit"]
        labels = {"unit": _("存入单位")}
