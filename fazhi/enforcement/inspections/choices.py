"""Enumerations of 双随机一公开 (RULES.md §5.1; issue 8 item 6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class ConflictReason(models.TextChoices):
    RELATIVE = "relative", _("近亲属在该单位任职或为其股东")
    FORMER_EMPLOYEE = "former_employee", _("曾在该单位任职")
    INTEREST = "interest", _("其他利害关系")
    RECENT_CASE = "recent_case", _("正在办理涉及该单位的案件")


class SampleMode(models.TextChoices):
    RATIO = "ratio", _("按比例抽取")
    COUNT = "count", _("按户数抽取")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    DRAWN = "drawn", _("已抽取")
    INSPECTING = "inspecting", _("检查中")
    AWAITING_PUBLICATION = "awaiting", _("结果待公示")
    PUBLISHED = "published", _("已公示")


class ResultKind(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    RECTIFY = "rectify", _("发现问题，已责令整改")
    CASE_FILED = "case_filed", _("发现问题，已立案查处")
    TRANSFERRED = "transferred", _("发现问题，已移交有关部门")
    NOT_FOUND = "not_found", _("未发现（通过登记的住所无法联系）")
    CLOSED = "closed", _("已注销或停业")


#: results that count as "a problem found"
PROBLEM_RESULTS = (ResultKind.RECTIFY, ResultKind.CASE_FILED, ResultKind.TRANSFERRED)
