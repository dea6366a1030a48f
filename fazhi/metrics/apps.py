"""The metric catalog (METRICS.md): computed, typed-in and extracted figures in one vocabulary."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "fazhi.metrics"
    label = "metrics"
    verbose_name = _("指标")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.metrics import checks  # noqa: F401  (registers the catalog checks)
