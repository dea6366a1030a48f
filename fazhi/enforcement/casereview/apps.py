"""案卷评查: review campaigns, reproducible samples of closed cases, rubrics, scores and results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseReviewConfig(AppConfig):
    name = "fazhi.enforcement.casereview"
    label = "casereview"
    verbose_name = _("案卷评查")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.enforcement.casereview import home  # noqa: F401  (the home-page panel)
