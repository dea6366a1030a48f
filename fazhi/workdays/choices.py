"""Enumerations of the working-day calendar and the deadline engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class YearSource(models.TextChoices):
    PACKAGE = "package", _("chinesecalendar 数据包")
    MANUAL = "manual", _("人工录入")


class PeriodKind(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("日")
    WORKING_DAYS = "working_days", _("个工作日")
    MONTHS = "months", _("个月")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    MET = "met", _("已办结")
    CLOSED = "closed", _("已终止")


class EventKind(models.TextChoices):
    PAUSE = "pause", _("中止")
    RESUME = "resume", _("恢复")
    EXTEND = "extend", _("延长")
    RESTART = "restart", _("重新起算")
