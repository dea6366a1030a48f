"""The transition table of a 行政执法案件 (处罚法 第五章): 立案 → 告知 → (听证) → (法制审核) → 决定 → 送达 →
执行 → 结案, or 撤销立案 before a decision. Steps that do not change the status (延期、认定重大、公示、撤回公示、
改派办案人员、全过程记录) are services of their own; each transition has its service in services/cases.py.

法制审核 is a state while the review is pending; recording its result returns the case to the stage it came
from (立案 / 已告知 / 听证), whatever the result — the decision gate then reads the latest review.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.enforcement.cases.choices import CaseStatus as S

#: the states before a decision (调查取证 through 法制审核)
OPEN_STATES = (S.FILED, S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW)
#: the states from which a decision, a review submission or 延期 may be entered
PRE_DECISION = (S.FILED, S.NOTIFIED, S.HEARING)
#: the states in which a decision exists
DECIDED_STATES = (S.DECIDED, S.SERVED, S.EXECUTED, S.CLOSED)

#: the transition that brings a case back from 法制审核 to the state it was in
REVIEW_BACK = {
    S.FILED: "review_back_filed",
    S.NOTIFIED: "review_back_notified",
    S.HEARING: "review_back_hearing",
}

CASE_WORKFLOW = Workflow(
    S,
    [
        Transition("notify", [S.FILED], S.NOTIFIED, _("告知")),
        Transition("request_hearing", [S.NOTIFIED], S.HEARING, _("申请听证")),
        Transition("hold_hearing", [S.HEARING], S.HEARING, _("举行听证")),
        Transition("submit_review", PRE_DECISION, S.LEGAL_REVIEW, _("提交法制审核")),
        Transition("review_back_filed", [S.LEGAL_REVIEW], S.FILED, _("登记法制审核结论")),
        Transition("review_back_notified", [S.LEGAL_REVIEW], S.NOTIFIED, _("登记法制审核结论")),
        Transition("review_back_hearing", [S.LEGAL_REVIEW], S.HEARING, _("登记法制审核结论")),
        Transition("decide", PRE_DECISION, S.DECIDED, _("作出决定")),
        Transition("serve", [S.DECIDED], S.SERVED, _("送达")),
        Transition("execute", [S.SERVED], S.EXECUTED, _("执行")),
        Transition("close", [S.SERVED, S.EXECUTED], S.CLOSED, _("结案")),
        Transition("drop", OPEN_STATES, S.DROPPED, _("撤销立案"), reason_required=True),
    ],
)
