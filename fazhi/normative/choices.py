"""Choices of the normative-document module (RULES.md §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """Who issues the document (the counts by kind are normative.issued_government / _department)."""

    GOVERNMENT = "government", _("政府规范性文件")
    DEPARTMENT = "department", _("部门规范性文件")
    TOWN = "town", _("镇街规范性文件")


class DocumentStatus(models.TextChoices):
    DRAFTING = "drafting", _("起草")
    CONSULTING = "consulting", _("征求意见")
    REVIEWING = "reviewing", _("合法性审核")
    DELIBERATING = "deliberating", _("集体审议")
    PUBLISHED = "published", _("已公布")
    FILED = "filed", _("已备案")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


#: states in which a document is in force (公布后、未被修改/废止/失效): shown as 现行有效
IN_FORCE = (DocumentStatus.PUBLISHED, DocumentStatus.FILED)
#: states before publication: never shown to the public, never counted as in force
UNPUBLISHED = (
    DocumentStatus.DRAFTING,
    DocumentStatus.CONSULTING,
    DocumentStatus.REVIEWING,
    DocumentStatus.DELIBERATING,
)


class ReviewOpinion(models.TextChoices):
    """合法性审核意见 (国办发〔2018〕115号)."""

    LAWFUL = "lawful", _("合法")
    LAWFUL_AFTER_CHANGES = "lawful_after_changes", _("修改后合法")
    UNLAWFUL = "unlawful", _("不合法")


#: opinions that let a draft go to collective deliberation (国办发〔2018〕37号: 未经合法性审核或者经审核不合法的，不得提交集体审议)
PASSING_OPINIONS = (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES)


class FilingResult(models.TextChoices):
    PENDING = "pending", _("审查中")
    PASSED = "passed", _("审查通过")
    CORRECTION = "correction", _("要求纠正")


class CommentAdoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class ClauseCategory(models.TextChoices):
    """What a clause of a draft may create only with a basis in law (review assistant)."""

    LICENSING = "licensing", _("设定行政许可")
    PENALTY = "penalty", _("设定行政处罚")
    COERCION = "coercion", _("设定行政强制")
    FEE = "fee", _("设定收费")
    OBLIGATION = "obligation", _("减损权利或增加义务")


class ClauseConclusion(models.TextChoices):
    HAS_BASIS = "has_basis", _("有法律法规依据，保留")
    AMEND = "amend", _("应修改")
    DELETE = "delete", _("应删除")
    NOT_APPLICABLE = "not_applicable", _("不属于此类情形")


class CleanupDecision(models.TextChoices):
    KEEP = "keep", _("继续有效")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
    EXPIRE = "expire", _("宣布失效")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("清理中")
    PUBLISHED = "published", _("已公布结果")


class EvaluationDecision(models.TextChoices):
    """有效期届满前的评估结论 (RULES.md §4.2)."""

    CONTINUE = "continue", _("继续实施")
    AMEND = "amend", _("修改")
    REPEAL = "repeal", _("废止")
