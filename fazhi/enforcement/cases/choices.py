"""Enumerations of 执法事项, 裁量基准, 执法案件 and 两法衔接 (RULES.md §5.1, §5.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """The kinds of 行政执法 power on a 权责清单."""

    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    INSPECTION = "inspection", _("行政检查")
    LICENSING = "licensing", _("行政许可")
    COLLECTION = "collection", _("行政征收")
    OTHER = "other", _("其他行政权力")


class ItemStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    RETIRED = "retired", _("已取消")


class Severity(models.TextChoices):
    """The bands a discretion standard refines an item into (裁量阶次)."""

    EXEMPT = "exempt", _("不予处罚")
    LIGHTER = "lighter", _("从轻或减轻")
    ORDINARY = "ordinary", _("一般")
    HEAVIER = "heavier", _("从重")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("已立案")  # 调查取证
    NOTIFIED = "notified", _("已告知")  # 告知拟作出的处罚及陈述、申辩、听证权利
    HEARING = "hearing", _("听证")
    LEGAL_REVIEW = "legal_review", _("法制审核中")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    EXECUTED = "executed", _("执行完毕")
    CLOSED = "closed", _("已结案")
    DROPPED = "dropped", _("已撤销立案")  # 违法事实不成立 etc., ended before a decision


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", _("检查发现")
    COMPLAINT = "complaint", _("投诉举报")
    TRANSFER = "transfer", _("其他机关移送")
    ASSIGNED = "assigned", _("上级交办")
    RANDOM = "random", _("双随机抽查发现")
    OTHER = "other", _("其他")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人")
    ORGANIZATION = "organization", _("非法人组织")


class Procedure(models.TextChoices):
    SUMMARY = "summary", _("简易程序（当场处罚）")  # 处罚法 第51条
    ORDINARY = "ordinary", _("普通程序")


class MajorGround(models.TextChoices):
    """处罚法 第58条第一款: the four cases in which 法制审核 is required before the decision."""

    PUBLIC_INTEREST = "public_interest", _("涉及重大公共利益")
    HEARING = "hearing", _("直接关系当事人或者第三人重大权益，经过听证程序")
    COMPLEX = "complex", _("案件情况疑难复杂、涉及多个法律关系")
    OTHER_LAW = "other_law", _("法律、法规规定应当进行法制审核的其他情形")


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", _("给予行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")
    TRANSFER = "transfer", _("移送司法机关")
    OTHER = "other", _("其他处理")


class PenaltyKind(models.TextChoices):
    """处罚法 第9条."""

    WARNING = "warning", _("警告、通报批评")
    FINE = "fine", _("罚款、没收违法所得、没收非法财物")
    QUALIFICATION = "qualification", _("暂扣许可证件、降低资质等级、吊销许可证件")
    RESTRICTION = "restriction", _("限制开展生产经营活动、责令停产停业、责令关闭、限制从业")
    DETENTION = "detention", _("行政拘留")
    OTHER = "other", _("法律、行政法规规定的其他行政处罚")


class ExecutionManner(models.TextChoices):
    VOLUNTARY = "voluntary", _("当事人自觉履行")
    COMPELLED = "compelled", _("行政机关强制执行")
    COURT = "court", _("申请人民法院强制执行")
    NONE = "none", _("无需执行")


class OfficerRole(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("协办")


class Stage(models.TextChoices):
    """全过程记录: the stages whose records are kept (处罚法 第47条)."""

    START = "start", _("启动")
    INVESTIGATION = "investigation", _("调查取证")
    REVIEW = "review", _("审核")
    DECISION = "decision", _("决定")
    SERVICE = "service", _("送达")
    EXECUTION = "execution", _("执行")


class RecordForm(models.TextChoices):
    TEXT = "text", _("文字记录")
    AUDIO_VIDEO = "audio_video", _("音像记录")


class ReviewResult(models.TextChoices):
    PENDING = "pending", _("审核中")
    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回补充调查")
    FAILED = "failed", _("不通过")


class TransferTarget(models.TextChoices):
    POLICE = "police", _("公安机关")
    PROCURATORATE = "procuratorate", _("人民检察院")
    SUPERVISION = "supervision", _("监察机关")


class TransferStatus(models.TextChoices):
    TRANSFERRED = "transferred", _("已移送")
    FILED = "filed", _("已立案")
    NOT_FILED = "not_filed", _("不予立案")
    RETURNED = "returned", _("退回")
    PROSECUTED = "prosecuted", _("已起诉")
    JUDGED = "judged", _("已判决")
