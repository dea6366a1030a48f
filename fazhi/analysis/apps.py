"""Reading published 法治政府建设 reports: reports, sections, figures with quotes, checks, comparison."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "fazhi.analysis"
    label = "analysis"
    verbose_name = _("报告分析")
    default_auto_field = "django.db.models.BigAutoField"
