"""Background jobs with a row the UI can show: in-process worker or Celery."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "fazhi.jobs"
    label = "jobs"
    verbose_name = _("后台任务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every process that runs jobs (web, embedded worker, Celery worker) knows every handler.
        from fazhi.jobs.registry import discover

        discover()
