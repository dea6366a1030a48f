"""Enumerations of the reconsideration case (《行政复议法》2023, RULES.md §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REVIEW = "review", _("待审查")  # 登记后，受理审查期内（第三十条）
    CORRECTION = "correction", _("补正中")  # 已通知补正，等待申请人补正材料（第三十一条）
    ACCEPTED = "accepted", _("审理中")  # 已受理或视为受理
    SUSPENDED = "suspended", _("中止")  # 第三十九条
    REFUSED = "refused", _("不予受理")  # 第三十条第二款
    ABANDONED = "abandoned", _("视为放弃申请")  # 第三十一条第二款：无正当理由逾期不补正
    CLOSED = "closed", _("已结案")  # 作出复议决定、调解或终止


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人")
    ORGANIZATION = "organization", _("其他组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MO_PERMIT = "hk_mo_permit", _("港澳居民来往内地通行证")
    TW_PERMIT = "tw_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件")


class MatterCategory(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    COMPLAINT = "complaint", _("举报投诉处理")
    DISCLOSURE = "disclosure", _("政府信息公开")
    EXPROPRIATION = "expropriation", _("行政征收")
    CONFIRMATION = "confirmation", _("行政确认")
    COERCION = "coercion", _("行政强制")
    INACTION = "inaction", _("行政不作为")
    TITLE = "title", _("行政确权")
    LICENSING = "licensing", _("行政许可")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("当面")
    MAIL = "mail", _("邮寄")
    ONLINE = "online", _("网上")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("普通程序")
    SIMPLE = "simple", _("简易程序")


class DecisionType(models.TextChoices):
    UPHOLD = "uphold", _("维持")  # 第六十八条
    REVOKE = "revoke", _("撤销")  # 第六十四条
    REVOKE_REDO = "revoke_redo", _("撤销并责令重作")  # 第六十四条
    CHANGE = "change", _("变更")  # 第六十三条
    CONFIRM_ILLEGAL = "confirm_illegal", _("确认违法")  # 第六十五条
    CONFIRM_INVALID = "confirm_invalid", _("确认无效")  # 第六十七条
    ORDER_PERFORM = "order_perform", _("责令履行")  # 第六十六条
    REJECT_REQUEST = "reject_request", _("驳回复议请求")  # 第六十九条
    REJECT_APPLICATION = "reject_application", _("驳回申请")  # 第三十三条
    MEDIATE = "mediate", _("调解")  # 第五条、第七十三条
    TERMINATE = "terminate", _("终止")  # 第四十一条


class TerminationGround(models.TextChoices):
    WITHDRAWN = "withdrawn", _("申请人撤回行政复议申请，行政复议机构准予撤回（第四十一条第一项）")
    WITHDRAWN_SELF_CORRECTED = (
        "withdrawn_self_corrected",
        _("被申请人改变或者撤销原行政行为后，申请人撤回申请（第四十一条第一项）"),
    )
    WITHDRAWN_SETTLEMENT = (
        "withdrawn_settlement",
        _("当事人和解，申请人撤回申请（第四十一条第一项、第七十四条）"),
    )
    DEATH = "death", _("作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利（第四十一条第二项）")
    DISSOLVED = (
        "dissolved",
        _(
            "作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利（第四十一条第三项）"
        ),
    )
    CRIMINAL = "criminal", _("申请人因同一违法行为被采取刑事强制措施（第四十一条第四项）")
    SUSPENSION_LAPSED = "suspension_lapsed", _("中止满六十日，中止原因仍未消除（第四十一条第五项）")


#: the grounds that are a withdrawal (reconsideration.withdrawn)
WITHDRAWAL_GROUNDS = (
    TerminationGround.WITHDRAWN,
    TerminationGround.WITHDRAWN_SELF_CORRECTED,
    TerminationGround.WITHDRAWN_SETTLEMENT,
)


class SuspensionGround(models.TextChoices):
    DEATH = "death", _("作为申请人的公民死亡，其近亲属尚未确定是否参加行政复议（第三十九条第一款第一项）")
    INCAPACITY = (
        "incapacity",
        _("作为申请人的公民丧失参加行政复议的行为能力，尚未确定法定代理人（第一款第二项）"),
    )
    MISSING = "missing", _("作为申请人的公民下落不明（第一款第三项）")
    SUCCESSOR = "successor", _("作为申请人的法人或者其他组织终止，尚未确定权利义务承受人（第一款第四项）")
    FORCE_MAJEURE = (
        "force_majeure",
        _("申请人、被申请人因不可抗力或者其他正当理由，不能参加行政复议（第一款第五项）"),
    )
    SETTLEMENT = "settlement", _("依照本法规定进行调解、和解，申请人和被申请人同意中止（第一款第六项）")
    INTERPRETATION = "interpretation", _("案件涉及的法律适用问题需要有权机关作出解释或者确认（第一款第七项）")
    OTHER_CASE = "other_case", _("案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结（第一款第八项）")
    NORM_REVIEW = "norm_review", _("有本法第五十六条或者第五十七条规定的情形（第一款第九项）")
    OTHER = "other", _("其他需要中止行政复议的情形（第一款第十项）")


class EventKind(models.TextChoices):
    CORRECTION_REQUESTED = "correction_requested", _("通知补正")
    CORRECTION_RECEIVED = "correction_received", _("收到补正材料")
    COPY_SENT = "copy_sent", _("发送申请书副本")
    ANSWER_RECEIVED = "answer_received", _("收到被申请人答复")
    HEARING = "hearing", _("听证")
    SUSPENDED = "suspended", _("中止")
    RESUMED = "resumed", _("恢复审理")
    EXTENDED = "extended", _("延期审理")
    PROCEDURE_SET = "procedure_set", _("确定审理程序")
    CONVERTED = "converted", _("简易程序转为普通程序")
    OPINION_ISSUED = "opinion_issued", _("制发行政复议意见书")
    OPINION_FEEDBACK = "opinion_feedback", _("收到意见书反馈")
