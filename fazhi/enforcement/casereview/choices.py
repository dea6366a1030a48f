"""Enumerations of 案卷评查 (issue 8 item 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    """The parts of a 行政执法案卷评查标准, in the order a reviewer reads a file."""

    SUBJECT = "subject", _("主体合法")
    FACTS = "facts", _("事实证据")
    LAW = "law", _("法律适用")
    PROCEDURE = "procedure", _("程序合法")
    DOCUMENTS = "documents", _("文书规范")
    RECORDING = "recording", _("全过程记录")
    LEGAL_REVIEW = "legal_review", _("法制审核")
    ARCHIVE = "archive", _("立卷归档")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    DRAWN = "drawn", _("已抽取")
    REVIEWING = "reviewing", _("评查中")
    COMPLETED = "completed", _("已完成")


class SampleRule(models.TextChoices):
    """How many files a participating unit gives up."""

    FIXED = "fixed", _("每单位固定宗数")
    PERCENT = "percent", _("按比例（设最低宗数）")


class FileStatus(models.TextChoices):
    PENDING = "pending", _("待评查")
    SCORING = "scoring", _("评查中")
    FINISHED = "finished", _("已评定")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
