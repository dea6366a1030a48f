"""The steps of a certificate's life as the pages and the API offer them: slug, the transitions that may run
it, the form, and the call of its service with the form's cleaned data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import can
from fazhi.enforcement import forms as f
from fazhi.enforcement import services as s


@dataclass(frozen=True)
class Step:
    slug: str
    label: str
    transitions: tuple[str, ...]
    form_class: type[forms.Form]
    perform: Callable  # (actor, certificate, data) -> certificate (the new one for 换证、补证)
    danger: bool = False


STEPS = [
    Step(
        "approve",
        _("审核通过"),
        ("approve",),
        f.OnForm,
        lambda a, c, d: s.certificate_approve(actor=a, certificate=c, on=d["on"]),
    ),
    Step(
        "exam",
        _("登记考试成绩"),
        ("pass_exam", "fail_exam"),
        f.ExamForm,
        lambda a, c, d: s.certificate_record_exam(actor=a, certificate=c, on=d["on"], score=d["score"]),
    ),
    Step(
        "retake",
        _("报名补考"),
        ("retake",),
        f.OnForm,
        lambda a, c, d: s.certificate_retake(actor=a, certificate=c, on=d["on"]),
    ),
    Step(
        "issue",
        _("发证"),
        ("issue",),
        f.OnForm,
        lambda a, c, d: s.certificate_issue(actor=a, certificate=c, on=d["on"]),
    ),
    Step(
        "review",
        _("年审"),
        ("review",),
        f.NoteForm,
        lambda a, c, d: s.certificate_review(actor=a, certificate=c, on=d["on"], note=d["note"]),
    ),
    Step(
        "suspend",
        _("暂扣"),
        ("suspend",),
        f.SuspendForm,
        lambda a, c, d: s.certificate_suspend(
            actor=a, certificate=c, on=d["on"], reason=d["reason"], until=d["until"]
        ),
        danger=True,
    ),
    Step(
        "restore",
        _("发还"),
        ("restore",),
        f.NoteForm,
        lambda a, c, d: s.certificate_restore(actor=a, certificate=c, on=d["on"], note=d["note"]),
    ),
    Step(
        "renew",
        _("换证"),
        ("renew",),
        f.OnForm,
        lambda a, c, d: s.certificate_renew(actor=a, certificate=c, on=d["on"]),
    ),
    Step(
        "replace",
        _("补证"),
        ("replace",),
        f.ReasonForm,
        lambda a, c, d: s.certificate_replace(actor=a, certificate=c, on=d["on"], reason=d["reason"]),
    ),
    Step(
        "revoke",
        _("注销"),
        ("revoke",),
        f.RevokeForm,
        lambda a, c, d: s.certificate_revoke(
            actor=a, certificate=c, on=d["on"], reason=d["reason"], note=d["note"]
        ),
        danger=True,
    ),
    Step(
        "withdraw",
        _("撤回申领"),
        ("withdraw",),
        f.ReasonForm,
        lambda a, c, d: s.certificate_withdraw(actor=a, certificate=c, on=d["on"], reason=d["reason"]),
        danger=True,
    ),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def step_allowed(step: Step, certificate, user) -> bool:
    return any(can(certificate, user, name) for name in step.transitions)


def available_steps(certificate, user) -> list[Step]:
    return [step for step in STEPS if step_allowed(step, certificate, user)]
