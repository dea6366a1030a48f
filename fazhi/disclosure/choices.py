"""Enumerations of the disclosure tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    CONFIRMED = "confirmed", _("已确认")
