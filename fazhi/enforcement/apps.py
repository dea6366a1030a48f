"""行政执法."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the home-page panel and the daily expiry task (jobs.py is also found by fazhi.jobs' autodiscovery)
        from fazhi.enforcement import home, jobs  # noqa: F401
