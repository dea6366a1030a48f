"""政府信息公开."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = _("政府信息公开")
    default_auto_field = "django.db.models.BigAutoField"
