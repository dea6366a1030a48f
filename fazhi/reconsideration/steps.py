"""The steps of a case that staff record after registration, as one table shared by pages and API.

Each step names the service that performs it and when the case's state allows it. Transitions of the
workflow are offered through ``fazhi.core.workflow.can`` (state and scope); the other steps need the
``change`` action on the case and their own state condition. The services check everything again
inside their transaction: the table only decides which buttons and forms are offered.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import can
from fazhi.reconsideration import rules, services
from fazhi.reconsideration.choices import CaseStatus, Procedure
from fazhi.reconsideration.models import ReconsiderationCase

_HEARING = (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)


@dataclass(frozen=True)
class Step:
    slug: str
    label: str
    #: what the page says after it succeeded
    done: str
    #: runs the service: (actor, case, cleaned data, today) -> anything
    perform: Callable
    #: the workflow transition this step runs, if any (buttons then follow ``can``)
    transition: str | None = None
    #: the state condition beyond the transition's source states: (case, today) -> bool
    ready: Callable[[ReconsiderationCase, datetime.date], bool] = lambda case, today: True
    #: why the step is not offered, when ``ready`` is false
    not_ready: str = ""
    #: Bootstrap button style on the detail page
    style: str = "outline-primary"


def _lapsed(case: ReconsiderationCase, rule_key: str, today: datetime.date) -> bool:
    deadline = services.case_deadline(case, rule_key)
    return bool(deadline and deadline.due_date and deadline.due_date < today)


def _procedure_ready(case, today) -> bool:
    # 第五十三条: chosen before acceptance; an accepted ordinary case may still become simple until the copy
    # has been sent under the ordinary rules. Simple → ordinary after acceptance is a conversion (第五十五条).
    if case.status in (CaseStatus.REVIEW, CaseStatus.CORRECTION):
        return True
    return (
        case.status == CaseStatus.ACCEPTED and case.procedure == Procedure.ORDINARY and not case.copy_sent_on
    )


STEPS: list[Step] = [
    Step(
        "request-correction",
        _("通知补正"),
        _("已登记补正通知，受理审查期限暂停计算。"),
        lambda actor, case, d, today: services.case_request_correction(
            actor=actor,
            case=case,
            on=d["on"],
            items=d["items"],
            notice_received_on=d.get("notice_received_on"),
        ),
        transition="request_correction",
        ready=lambda case, today: case.correction_requested_on is None,
        not_ready=_("补正通知应当一次性载明需要补正的事项，本案已通知补正。"),
    ),
    Step(
        "receive-correction",
        _("收到补正材料"),
        _("已登记收到补正材料，受理审查期限重新起算。"),
        lambda actor, case, d, today: services.case_receive_correction(actor=actor, case=case, on=d["on"]),
        transition="receive_correction",
    ),
    Step(
        "abandon",
        _("视为放弃申请"),
        _("已登记视为申请人放弃行政复议申请。"),
        lambda actor, case, d, today: services.case_abandon(actor=actor, case=case, on=d["on"]),
        transition="abandon",
        ready=lambda case, today: _lapsed(case, rules.CORRECTION, today),
        not_ready=_("补正期限尚未届满，不能视为放弃申请。"),
        style="outline-secondary",
    ),
    Step(
        "accept",
        _("受理"),
        _("已受理。"),
        lambda actor, case, d, today: services.case_accept(actor=actor, case=case, on=d["on"]),
        transition="accept",
        style="primary",
    ),
    Step(
        "refuse",
        _("不予受理"),
        _("已作出不予受理决定。"),
        lambda actor, case, d, today: services.case_refuse(
            actor=actor,
            case=case,
            on=d["on"],
            reason=d["reason"],
            competent_organ=d.get("competent_organ", ""),
        ),
        transition="refuse",
        style="outline-danger",
    ),
    Step(
        "deem-accept",
        _("视为受理"),
        _("受理审查期限已届满，已登记为视为受理。"),
        lambda actor, case, d, today: services.case_deem_accepted(actor=actor, case=case, today=today),
        transition="deem_accept",
        ready=lambda case, today: _lapsed(case, rules.ACCEPTANCE, today),
        not_ready=_("受理审查期限尚未届满，不能视为受理。"),
        style="outline-warning",
    ),
    Step(
        "procedure",
        _("确定审理程序"),
        _("已确定审理程序。"),
        lambda actor, case, d, today: services.case_set_procedure(
            actor=actor, case=case, procedure=d["procedure"], on=d["on"], basis=d.get("basis", "")
        ),
        ready=_procedure_ready,
        not_ready=_("当前不能改变审理程序；已受理的简易程序案件请使用“简易程序转为普通程序”。"),
        style="outline-secondary",
    ),
    Step(
        "convert",
        _("简易程序转为普通程序"),
        _("已经批准转为普通程序。"),
        lambda actor, case, d, today: services.case_convert_to_ordinary(
            actor=actor, case=case, on=d["on"], approver=d["approver"], reason=d["reason"]
        ),
        ready=lambda case, today: case.status == CaseStatus.ACCEPTED and case.procedure == Procedure.SIMPLE,
        not_ready=_("只有审理中的简易程序案件才能转为普通程序。"),
        style="outline-secondary",
    ),
    Step(
        "copy-sent",
        _("发送申请书副本"),
        _("已登记发送申请书副本，被申请人答复期限开始计算。"),
        lambda actor, case, d, today: services.case_record_copy_sent(
            actor=actor, case=case, on=d["on"], received_on=d.get("received_on")
        ),
        ready=lambda case, today: case.status in _HEARING and case.copy_sent_on is None,
        not_ready=_("只有审理中且尚未发送申请书副本的案件才能登记发送副本。"),
    ),
    Step(
        "answer",
        _("收到答复"),
        _("已登记收到被申请人书面答复。"),
        lambda actor, case, d, today: services.case_record_respondent_answer(
            actor=actor, case=case, on=d["on"]
        ),
        ready=lambda case, today: (
            case.status in _HEARING and case.copy_sent_on is not None and case.answer_received_on is None
        ),
        not_ready=_("须先登记发送申请书副本，且尚未登记答复。"),
    ),
    Step(
        "hearing",
        _("安排听证"),
        _("已安排听证。"),
        lambda actor, case, d, today: services.case_schedule_hearing(
            actor=actor,
            case=case,
            notice_on=d["notice_on"],
            hearing_on=d["hearing_on"],
            place=d["place"],
            minutes=d.get("minutes", ""),
        ),
        ready=lambda case, today: case.status == CaseStatus.ACCEPTED,
        not_ready=_("只有审理中的案件才能安排听证。"),
        style="outline-secondary",
    ),
    Step(
        "committee",
        _("行政复议委员会咨询"),
        _("已更新行政复议委员会咨询情况。"),
        lambda actor, case, d, today: services.case_set_committee(
            actor=actor, case=case, consulted=d["consulted"]
        ),
        ready=lambda case, today: case.status in _HEARING,
        not_ready=_("只有审理中的案件才能提请行政复议委员会咨询。"),
        style="outline-secondary",
    ),
    Step(
        "suspend",
        _("中止审理"),
        _("已中止审理，审理期限暂停计算。"),
        lambda actor, case, d, today: services.case_suspend(
            actor=actor, case=case, on=d["on"], ground=d["ground"], note=d.get("note", "")
        ),
        transition="suspend",
        style="outline-warning",
    ),
    Step(
        "resume",
        _("恢复审理"),
        _("已恢复审理，审理期限继续计算。"),
        lambda actor, case, d, today: services.case_resume(
            actor=actor, case=case, on=d["on"], note=d.get("note", "")
        ),
        transition="resume",
        style="outline-primary",
    ),
    Step(
        "extend",
        _("延期审理"),
        _("已延长审理期限。"),
        lambda actor, case, d, today: services.case_extend(
            actor=actor, case=case, days=d["days"], approver=d["approver"], reason=d["reason"], on=d["on"]
        ),
        ready=lambda case, today: case.status in _HEARING and case.procedure == Procedure.ORDINARY,
        not_ready=_("只有审理中的普通程序案件才能延期审理（第六十二条）。"),
        style="outline-secondary",
    ),
    Step(
        "terminate",
        _("终止审理"),
        _("已终止审理，案件结案。"),
        lambda actor, case, d, today: services.case_terminate(
            actor=actor,
            case=case,
            on=d["on"],
            ground=d["ground"],
            approver=d.get("approver", ""),
            note=d.get("note", ""),
        ),
        transition="terminate",
        style="outline-danger",
    ),
    Step(
        "decide",
        _("作出复议决定"),
        _("已作出行政复议决定，案件结案。"),
        lambda actor, case, d, today: services.case_decide(
            actor=actor,
            case=case,
            decision_type=d["decision_type"],
            decided_on=d["decided_on"],
            approver=d["approver"],
            decision_text=d.get("decision_text", ""),
        ),
        transition="decide",
        style="primary",
    ),
    Step(
        "opinion",
        _("制发意见书/建议书"),
        _("已登记制发行政复议意见书，反馈期限开始计算。"),
        lambda actor, case, d, today: services.case_issue_opinion(
            actor=actor, case=case, on=d["on"], note=d.get("note", "")
        ),
        ready=lambda case, today: case.accepted_on is not None,
        not_ready=_("案件尚未受理，不能制发行政复议意见书。"),
        style="outline-secondary",
    ),
    Step(
        "opinion-feedback",
        _("意见书反馈"),
        _("已登记意见书反馈。"),
        lambda actor, case, d, today: services.case_record_opinion_feedback(
            actor=actor, case=case, on=d["on"], note=d.get("note", "")
        ),
        ready=lambda case, today: services.case_deadline(case, rules.OPINION_FEEDBACK) is not None,
        not_ready=_("本案没有待反馈的行政复议意见书。"),
        style="outline-secondary",
    ),
]

STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


def may_change(case: ReconsiderationCase, user) -> bool:
    """Whether ``user`` holds ``change`` over the case (the action every step needs)."""
    return ReconsiderationCase.objects.restrict(user, "change").filter(pk=case.pk).exists()


def step_refusal(step: Step, case: ReconsiderationCase, user, today: datetime.date, *, changeable: bool):
    """Why ``step`` cannot be taken on ``case`` now (a Chinese sentence), or "" when it can."""
    if not changeable:
        return _("您没有办理本案的权限。")
    if step.transition:
        if not can(case, user, step.transition):
            return _("当前状态为“%(state)s”，不能%(action)s。") % {
                "state": case.get_status_display(),
                "action": step.label,
            }
    if not step.ready(case, today):
        return step.not_ready
    return ""


def available_steps(case: ReconsiderationCase, user, today: datetime.date) -> list[Step]:
    """The steps offered on the case's page, in procedural order."""
    changeable = may_change(case, user)
    if not changeable:
        return []
    return [s for s in STEPS if not step_refusal(s, case, user, today, changeable=True)]
