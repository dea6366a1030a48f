from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = _("行政复议")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the 纠错率 口径 check, the home-page panel and the daily 视为受理 task (jobs.py is also found by
        # fazhi.jobs' autodiscovery; importing it here registers the task in every process)
        from fazhi.reconsideration import checks, home, jobs  # noqa: F401
