"""行政规范性文件."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = _("行政规范性文件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the home-page panel (jobs.py is found by fazhi.jobs' autodiscovery)
        from fazhi.normative import home  # noqa: F401
