"""The yearly tables' transition table: 填报中 → 已确认 (APPROVE), and back for a correction."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.disclosure.choices import ReportStatus as S

REPORT_WORKFLOW = Workflow(
    S,
    [
        Transition("confirm", [S.DRAFT], S.CONFIRMED, _("确认"), action="approve"),
        Transition("reopen", [S.CONFIRMED], S.DRAFT, _("退回填报"), action="approve", reason_required=True),
    ],
)
