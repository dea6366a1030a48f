"""The normative document's transition table (RULES.md §4; docs/workflows.md).

The gates that depend on more than the state (a passed legality review before deliberation, a recorded
deliberation before publication) are checked by the services, which say why they refuse.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.normative.choices import DocumentStatus as S

DOCUMENT_WORKFLOW = Workflow(
    S,
    [
        Transition("open_comments", [S.DRAFTING], S.CONSULTING, _("公开征求意见")),
        Transition("submit_review", [S.DRAFTING, S.CONSULTING], S.REVIEWING, _("送合法性审核")),
        Transition(
            "return_to_drafting",
            [S.REVIEWING, S.DELIBERATING],
            S.DRAFTING,
            _("退回修改"),
            reason_required=True,
        ),
        Transition("to_deliberation", [S.REVIEWING], S.DELIBERATING, _("提交集体审议")),
        Transition("publish", [S.DELIBERATING], S.PUBLISHED, _("签发并公布"), action="approve"),
        Transition("file", [S.PUBLISHED], S.FILED, _("报送备案")),
        Transition("amend", [S.PUBLISHED, S.FILED], S.AMENDED, _("修改"), action="approve"),
        Transition(
            "repeal", [S.PUBLISHED, S.FILED], S.REPEALED, _("废止"), action="approve", reason_required=True
        ),
        Transition("expire", [S.PUBLISHED, S.FILED], S.EXPIRED, _("失效")),
    ],
)
