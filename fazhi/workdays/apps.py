"""Working-day calendar (official holidays and 调休) and statutory deadlines."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "fazhi.workdays"
    label = "workdays"
    verbose_name = _("工作日与期限")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every app's rules.py declares its deadline rules (fazhi.workdays.rules.register_rule).
        from importlib import import_module

        from django.apps import apps
        from django.utils.module_loading import module_has_submodule

        for config in apps.get_app_configs():
            if config.name.startswith("fazhi.") and module_has_submodule(config.module, "rules"):
                import_module(f"{config.name}.rules")
        from fazhi.workdays import home  # noqa: F401  (registers the home-page panel)
