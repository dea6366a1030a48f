"""The reconsideration case's transition table (docs/workflows.md)."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.reconsideration.choices import CaseStatus as S

CASE_WORKFLOW = Workflow(
    S,
    [
        Transition("request_correction", [S.REVIEW], S.CORRECTION, _("通知补正")),
        Transition("abandon", [S.CORRECTION], S.ABANDONED, _("视为放弃申请")),
        Transition("receive_correction", [S.CORRECTION], S.REVIEW, _("收到补正材料")),
        Transition("accept", [S.REVIEW], S.ACCEPTED, _("受理")),
        Transition("deem_accept", [S.REVIEW], S.ACCEPTED, _("视为受理")),
        Transition("refuse", [S.REVIEW], S.REFUSED, _("不予受理"), reason_required=True),
        Transition("suspend", [S.ACCEPTED], S.SUSPENDED, _("中止审理")),
        Transition("resume", [S.SUSPENDED], S.ACCEPTED, _("恢复审理")),
        Transition("terminate", [S.ACCEPTED, S.SUSPENDED], S.CLOSED, _("终止审理")),
        Transition("decide", [S.ACCEPTED], S.CLOSED, _("作出复议决定")),
    ],
)
