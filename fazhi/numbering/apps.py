from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NumberingConfig(AppConfig):
    name = "fazhi.numbering"
    label = "numbering"
    verbose_name = _("文号与案号")
    default_auto_field = "django.db.models.BigAutoField"
