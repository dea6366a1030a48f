"""Enumerations of the numbering engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberStatus(models.TextChoices):
    ISSUED = "issued", _("有效")
    VOIDED = "voided", _("已作废")
