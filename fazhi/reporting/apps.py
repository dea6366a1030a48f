"""法治政府建设年度报告."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "fazhi.reporting"
    label = "reporting"
    verbose_name = _("法治政府建设年度报告")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.reporting import home  # noqa: F401  (the reporting calendar panel)
