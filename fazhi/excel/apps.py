"""Registers declare their columns once; export of scoped lists and all-or-nothing imports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExcelConfig(AppConfig):
    name = "fazhi.excel"
    label = "excel"
    verbose_name = _("Excel 导入导出")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Load the foundation's registers, then every app's ``excel_registers`` module (before URLs load)."""
        from django.utils.module_loading import autodiscover_modules

        from fazhi.excel import builtin  # noqa: F401

        autodiscover_modules("excel_registers")
