"""全文检索."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulltextConfig(AppConfig):
    name = "fazhi.fulltext"
    label = "fulltext"
    verbose_name = _("全文检索")
    default_auto_field = "django.db.models.BigAutoField"
