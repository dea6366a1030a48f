"""Enumerations of 行政执法主体, 执法人员 and 行政执法证件 (RULES.md §5.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    STATUTORY = "statutory", _("法定行政机关")
    AUTHORIZED = "authorized", _("法律法规授权组织")
    ENTRUSTED = "entrusted", _("受委托组织")


class BodyStatus(models.TextChoices):
    ACTIVE = "active", _("具备执法主体资格")
    CANCELLED = "cancelled", _("已取消")


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    TRANSFERRED = "transferred", _("调离")
    RETIRED = "retired", _("退休")
    RESIGNED = "resigned", _("辞职")
    LEFT_ENFORCEMENT = "left_enforcement", _("不再从事执法工作")


class CertificateKind(models.TextChoices):
    ENFORCEMENT = "enforcement", _("行政执法证")
    SUPERVISION = "supervision", _("行政执法监督证")


class CertificateStatus(models.TextChoices):
    APPLIED = "applied", _("已申领")  # 单位资格审查后提交，待法制机构审核
    TRAINING = "training", _("培训中")  # 审核通过，参加公共法律知识、专业法律知识培训
    FAILED = "failed", _("考试未通过")
    PASSED = "passed", _("考试合格，待发证")
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    EXPIRED = "expired", _("已过期")
    SUPERSEDED = "superseded", _("已换发")  # 换证后的旧证
    VOID = "void", _("已作废")  # 补证后的旧证（遗失、损毁）
    REVOKED = "revoked", _("已注销")
    WITHDRAWN = "withdrawn", _("已撤回申领")


#: the states in which a certificate (or its application) is current: one per officer and kind
CURRENT_STATES = (
    CertificateStatus.APPLIED,
    CertificateStatus.TRAINING,
    CertificateStatus.FAILED,
    CertificateStatus.PASSED,
    CertificateStatus.VALID,
    CertificateStatus.SUSPENDED,
)
#: the states of an issued card still held by the officer (shown on the public roster)
HELD_STATES = (CertificateStatus.VALID, CertificateStatus.SUSPENDED)


class IssueReason(models.TextChoices):
    NEW = "new", _("新证申领")
    RENEWAL = "renewal", _("到期换证")
    REPLACEMENT = "replacement", _("遗失补证")


class RevocationReason(models.TextChoices):
    TRANSFERRED = "transferred", _("调离执法岗位")
    RETIRED = "retired", _("退休")
    RESIGNED = "resigned", _("辞职")
    LEFT_ENFORCEMENT = "left_enforcement", _("不再从事行政执法工作")
    DISCIPLINE = "discipline", _("违法违纪被收回")
    OTHER = "other", _("其他")


#: the officer's status a revocation for this reason implies (None: the officer stays in post)
OFFICER_STATUS_FOR_REVOCATION = {
    RevocationReason.TRANSFERRED: OfficerStatus.TRANSFERRED,
    RevocationReason.RETIRED: OfficerStatus.RETIRED,
    RevocationReason.RESIGNED: OfficerStatus.RESIGNED,
    RevocationReason.LEFT_ENFORCEMENT: OfficerStatus.LEFT_ENFORCEMENT,
}


class PublicState(models.TextChoices):
    """What the verification page says about a card on a given day (computed, never stored)."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("已注销")
    EXPIRED = "expired", _("已过期")
    REVIEW_OVERDUE = "review_overdue", _("未年审")
    VOID = "void", _("已作废")
    SUPERSEDED = "superseded", _("已换发新证")
    NOT_ISSUED = "not_issued", _("未发证")


class EventKind(models.TextChoices):
    APPLIED = "applied", _("申领")
    APPROVED = "approved", _("审核通过，参加培训")
    EXAM = "exam", _("执法资格考试")
    RETAKE = "retake", _("补考报名")
    ISSUED = "issued", _("发证")
    REVIEWED = "reviewed", _("年审")
    SUSPENDED = "suspended", _("暂扣")
    RESTORED = "restored", _("发还（解除暂扣）")
    EXPIRED = "expired", _("有效期届满")
    RENEWED = "renewed", _("换证")
    REPLACED = "replaced", _("补证")
    REVOKED = "revoked", _("注销")
    WITHDRAWN = "withdrawn", _("撤回申领")


class TrainingKind(models.TextChoices):
    PUBLIC_LAW = "public_law", _("公共法律知识")
    PROFESSIONAL = "professional", _("专业法律知识")
    OTHER = "other", _("其他")
