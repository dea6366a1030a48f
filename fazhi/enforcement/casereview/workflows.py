"""The transition table of a 评查活动: 草拟 → 已抽取 → 评查中 → 已完成 (services.py has one service each)."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.enforcement.casereview.choices import CampaignStatus as S

CAMPAIGN_WORKFLOW = Workflow(
    S,
    [
        Transition("draw", [S.DRAFT], S.DRAWN, _("随机抽取案卷")),
        # the first file scored starts the review; there is no button for it
        Transition("start", [S.DRAWN], S.REVIEWING, _("开始评查")),
        Transition("complete", [S.REVIEWING], S.COMPLETED, _("完成评查")),
    ],
)
