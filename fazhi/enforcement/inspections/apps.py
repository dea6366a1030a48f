"""双随机一公开: inspected-entity and inspector pools, reproducible draws, tasks and published results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "fazhi.enforcement.inspections"
    label = "inspections"
    verbose_name = _("双随机一公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the home-page panel of results awaiting publication
        from fazhi.enforcement.inspections import home  # noqa: F401
