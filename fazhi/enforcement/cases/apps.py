"""行政执法案件: 执法事项与裁量基准, cases under the three systems (公示, 全过程记录, 法制审核), 两法衔接."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementCasesConfig(AppConfig):
    name = "fazhi.enforcement.cases"
    label = "enforcement_cases"
    verbose_name = _("行政执法案件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the home-page panel of cases and the export register of the case list
        from fazhi.enforcement.cases import excel_cases, home  # noqa: F401
