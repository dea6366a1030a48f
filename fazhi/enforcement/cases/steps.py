"""The steps of a case as the pages and the API offer them: slug, label, the states that allow it (read from the
transition table for transitions), an extra condition on the case, the form, and the call of its service with
the form's cleaned data. ``perform`` returns the warnings to show (a list, possibly empty)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.cases import forms_cases as f
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.models import EnforcementCase
from fazhi.enforcement.cases.workflows import CASE_WORKFLOW, DECIDED_STATES, OPEN_STATES, PRE_DECISION


def _sources(*names: str) -> tuple[str, ...]:
    states: list[str] = []
    for name in names:
        states += [st for st in CASE_WORKFLOW[name].sources if st not in states]
    return tuple(states)


def _always(case) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    slug: str
    label: str
    states: tuple[str, ...]
    form_class: type[forms.Form]
    perform: Callable  # (actor, case, data) -> list[str] of warnings
    when: Callable = _always
    action: str = "change"
    danger: bool = False
    files: bool = False


def _none(result) -> list[str]:
    return []


STEPS = [
    Step(
        "notify",
        _("告知"),
        _sources("notify"),
        f.NotifyForm,
        lambda a, c, d: _none(
            s.case_notify(actor=a, case=c, on=d["on"], statement_received=d["statement_received"])
        ),
    ),
    Step(
        "request-hearing",
        _("登记听证申请"),
        _sources("request_hearing"),
        f.OnForm,
        lambda a, c, d: _none(s.case_request_hearing(actor=a, case=c, on=d["on"])),
    ),
    Step(
        "hearing",
        _("登记听证"),
        _sources("hold_hearing"),
        f.HearingForm,
        lambda a, c, d: s.case_hold_hearing(
            actor=a, case=c, notice_on=d["notice_on"], hearing_on=d["hearing_on"]
        ),
        when=lambda c: not c.hearing_on,
    ),
    Step(
        "extend",
        _("延长办案期限"),
        OPEN_STATES,
        f.ExtendForm,
        lambda a, c, d: _none(
            s.case_extend(
                actor=a, case=c, days=d["days"], reason=d["reason"], approver=d["approver"], on=d["on"]
            )
        ),
        when=lambda c: c.procedure == "ordinary",
    ),
    Step(
        "reassign",
        _("改派办案人员"),
        OPEN_STATES,
        f.ReassignForm,
        lambda a, c, d: _none(
            s.case_reassign(actor=a, case=c, officers=d["officers"], lead=d["lead"], on=d["on"])
        ),
    ),
    Step(
        "major",
        _("认定重大执法决定"),
        PRE_DECISION,
        f.MajorForm,
        lambda a, c, d: _none(s.case_mark_major(actor=a, case=c, grounds=d["grounds"], note=d["note"])),
    ),
    Step(
        "submit-review",
        _("提交法制审核"),
        _sources("submit_review"),
        f.OnForm,
        lambda a, c, d: _none(s.case_submit_review(actor=a, case=c, on=d["on"])),
    ),
    Step(
        "review-result",
        _("登记法制审核结论"),
        _sources("review_back_filed"),
        f.ReviewResultForm,
        lambda a, c, d: s.case_record_review(
            actor=a,
            case=c,
            result=d["result"],
            reviewed_on=d["reviewed_on"],
            reviewer_name=d["reviewer_name"],
            reviewer_qualified=d["reviewer_qualified"],
            opinion=d["opinion"],
            reviewer=a,
        )[1],
    ),
    Step(
        "decide",
        _("作出决定"),
        _sources("decide"),
        f.DecideForm,
        lambda a, c, d: _none(
            s.case_decide(
                actor=a,
                case=c,
                decision_kind=d["decision_kind"],
                decided_on=d["decided_on"],
                decision_number=d["decision_number"],
                approver=d["approver"],
                penalty_kinds=d["penalty_kinds"],
                standard=d["standard"],
                fine_amount=d["fine_amount"],
                statement_received=d["statement_received"],
            )
        ),
    ),
    Step(
        "serve",
        _("送达"),
        _sources("serve"),
        f.OnForm,
        lambda a, c, d: _none(s.case_serve(actor=a, case=c, on=d["on"])),
    ),
    Step(
        "execute",
        _("登记执行"),
        _sources("execute"),
        f.ExecuteForm,
        lambda a, c, d: _none(s.case_execute(actor=a, case=c, manner=d["manner"], on=d["on"])),
    ),
    Step(
        "close",
        _("结案"),
        _sources("close"),
        f.OnForm,
        lambda a, c, d: _none(s.case_close(actor=a, case=c, on=d["on"])),
    ),
    Step(
        "publish",
        _("公示"),
        DECIDED_STATES,
        f.PublishForm,
        lambda a, c, d: _none(
            s.case_publish(
                actor=a, case=c, published_on=d["published_on"], public_summary=d["public_summary"]
            )
        ),
        when=lambda c: bool(c.publication_due_on) and not c.published_on,
    ),
    Step(
        "decision-changed",
        _("登记决定变更、撤销"),
        DECIDED_STATES,
        f.DecisionChangedForm,
        lambda a, c, d: _none(s.case_decision_changed(actor=a, case=c, on=d["on"], what=d["what"])),
        when=lambda c: bool(c.published_on) and not c.withdrawn_on and not c.withdrawal_due_on,
        danger=True,
    ),
    Step(
        "withdraw",
        _("撤回公示"),
        DECIDED_STATES,
        f.WithdrawForm,
        lambda a, c, d: _none(
            s.case_withdraw_publication(actor=a, case=c, withdrawn_on=d["withdrawn_on"], reason=d["reason"])
        ),
        when=lambda c: bool(c.withdrawal_due_on) and not c.withdrawn_on,
        danger=True,
    ),
    Step(
        "record",
        _("登记全过程记录"),
        tuple(st for st in CASE_WORKFLOW.states.values),
        f.CaseRecordForm,
        lambda a, c, d: _none(
            s.record_add(
                actor=a,
                case=c,
                stage=d["stage"],
                kind=d["kind"],
                form=d["form"],
                title=d["title"],
                made_on=d["made_on"],
                file=d["file"],
                storage_ref=d["storage_ref"],
                sha256=d["sha256"],
            )
        ),
        files=True,
    ),
    Step(
        "drop",
        _("撤销立案"),
        _sources("drop"),
        f.DropForm,
        lambda a, c, d: _none(s.case_drop(actor=a, case=c, on=d["on"], reason=d["reason"])),
        danger=True,
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def _may(case: EnforcementCase, user, action: str, cache: dict | None = None) -> bool:
    if cache is not None and action in cache:
        return cache[action]
    allowed = EnforcementCase.objects.restrict(user, action).filter(pk=case.pk).exists()
    if cache is not None:
        cache[action] = allowed
    return allowed


def step_open(step: Step, case: EnforcementCase) -> bool:
    """Whether the case's state (and the step's condition) allows the step, whoever asks."""
    return case.status in step.states and step.when(case)


def step_allowed(step: Step, case: EnforcementCase, user, cache: dict | None = None) -> bool:
    return step_open(step, case) and _may(case, user, step.action, cache)


def available_steps(case: EnforcementCase, user) -> list[Step]:
    cache: dict = {}
    return [step for step in STEPS if step_allowed(step, case, user, cache)]
