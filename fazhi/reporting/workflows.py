"""The report's transition table: 起草 → 法治办审核 → 领导审批 → 定稿（冻结） → 已公布.

Each review step may send the report back to the drafters with a reason. Which role may run a step is
checked by the services on top of the scope (services/workflow.py, ``STEP_ROLES``).
"""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.reporting.choices import ReportStatus as S

REPORT_WORKFLOW = Workflow(
    S,
    [
        Transition("submit", [S.DRAFT], S.REVIEW, _("提交法治办审核"), action="change"),
        Transition("review_pass", [S.REVIEW], S.APPROVAL, _("审核通过，报领导审批"), action="approve"),
        Transition(
            "review_return", [S.REVIEW], S.DRAFT, _("审核退回"), action="approve", reason_required=True
        ),
        Transition("leader_approve", [S.APPROVAL], S.APPROVED, _("领导审批同意"), action="approve"),
        Transition(
            "leader_return", [S.APPROVAL], S.DRAFT, _("领导退回修改"), action="approve", reason_required=True
        ),
        Transition("freeze", [S.APPROVED], S.FROZEN, _("定稿（冻结数据）"), action="approve"),
        Transition("publish", [S.FROZEN], S.PUBLISHED, _("公布"), action="approve"),
    ],
)
