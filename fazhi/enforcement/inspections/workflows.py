"""The transition table of a 抽查任务: 草拟 → 已抽取 → 检查中 → 结果待公示 → 已公示.

Each transition has its service in services.py (task_draw, result_record — the first result starts the
inspection —, task_finish, task_publish)."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.enforcement.inspections.choices import TaskStatus as S

TASK_WORKFLOW = Workflow(
    S,
    [
        Transition("draw", [S.DRAFT], S.DRAWN, _("随机抽取")),
        Transition("start", [S.DRAWN], S.INSPECTING, _("开始检查")),
        Transition("finish", [S.DRAWN, S.INSPECTING], S.AWAITING_PUBLICATION, _("检查结束")),
        Transition("publish", [S.AWAITING_PUBLICATION], S.PUBLISHED, _("公示结果")),
    ],
)
