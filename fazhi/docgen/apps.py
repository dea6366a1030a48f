from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocgenConfig(AppConfig):
    name = "fazhi.docgen"
    label = "docgen"
    verbose_name = _("文书模板")
    default_auto_field = "django.db.models.BigAutoField"
