"""The transition table of the 行政执法证 (RULES.md §5.3: 申领 → 培训 → 考试合格 → 发证 → 年审 → 换证/补证 →
暂扣 → 注销). Each transition has its service in services/certificates.py."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.enforcement.choices import CertificateStatus as S

CERTIFICATE_WORKFLOW = Workflow(
    S,
    [
        # 法制机构审核 of an application: the officer goes to training
        Transition("approve", [S.APPLIED], S.TRAINING, _("审核通过"), action="approve"),
        Transition("pass_exam", [S.TRAINING], S.PASSED, _("登记考试成绩（合格）"), action="approve"),
        Transition("fail_exam", [S.TRAINING], S.FAILED, _("登记考试成绩（不合格）"), action="approve"),
        Transition("retake", [S.FAILED], S.TRAINING, _("报名补考"), action="approve"),
        Transition("issue", [S.PASSED], S.VALID, _("发证"), action="approve"),
        Transition("review", [S.VALID], S.VALID, _("年审"), action="approve"),
        Transition("suspend", [S.VALID], S.SUSPENDED, _("暂扣"), action="approve", reason_required=True),
        Transition("restore", [S.SUSPENDED], S.VALID, _("发还"), action="approve"),
        Transition("expire", [S.VALID], S.EXPIRED, _("有效期届满"), action="approve"),
        Transition("renew", [S.VALID, S.EXPIRED], S.SUPERSEDED, _("换证"), action="approve"),
        Transition("replace", [S.VALID], S.VOID, _("补证"), action="approve", reason_required=True),
        Transition("revoke", [S.VALID, S.SUSPENDED, S.EXPIRED], S.REVOKED, _("注销"), action="approve"),
        Transition(
            "withdraw",
            [S.APPLIED, S.TRAINING, S.FAILED, S.PASSED],
            S.WITHDRAWN,
            _("撤回申领"),
            reason_required=True,
        ),
    ],
)
