"""Enumerations of the yearly report: its status and the outline periods (纲要)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    REVIEW = "review", _("法治办审核中")
    APPROVAL = "approval", _("领导审批中")
    APPROVED = "approved", _("已审批待定稿")
    FROZEN = "frozen", _("已定稿")
    PUBLISHED = "published", _("已公布")


class OutlinePeriod(models.TextChoices):
    """The 纲要 whose structure part 一 follows (RULES.md §7.1)."""

    GANGYAO_2015 = "2015-2020", _("《法治政府建设实施纲要（2015－2020年）》结构")
    GANGYAO_2021 = "2021-2025", _("《法治政府建设实施纲要（2021－2025年）》结构")


def period_for_year(year: int) -> str:
    """The outline for a report year: the 2015–2020 纲要 up to 2020, the 2021–2025 one from 2021 (and
    after 2025 until a successor 纲要 is added here)."""
    return OutlinePeriod.GANGYAO_2015 if year <= 2020 else OutlinePeriod.GANGYAO_2021
