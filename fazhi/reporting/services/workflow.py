"""The report's transitions (workflows.py): one service each, role checks on top of the scope.

Submitting for review is refused while the to-do list is not empty (the refusal names every item):
a report goes to the 法治办 with every figure supplied and every section written (docs/reporting.md).
Freezing stores every figure's value and link in ``frozen_figures``; from then on the report shows
those and no longer changes when records change.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.choices import Role
from fazhi.core.models import Membership
from fazhi.core.workflow import can, transition
from fazhi.reporting.assemble import TOKEN_RE, report_drafts, todos
from fazhi.reporting.figures import FigureResolver
from fazhi.reporting.models import AnnualReport

REVIEWERS = (Role.LEGAL_STAFF, Role.ADMIN)
#: transition → the roles that may run it (any other user with the scope still may not)
STEP_ROLES = {
    "review_pass": REVIEWERS,
    "review_return": REVIEWERS,
    "leader_approve": (Role.LEADER,),
    "leader_return": (Role.LEADER,),
    "freeze": REVIEWERS,
    "publish": REVIEWERS,
}
ROLE_WORDS = {REVIEWERS: "法治办工作人员或系统管理员", (Role.LEADER,): "领导"}


def holds_role(user, roles, unit) -> bool:
    """A membership with one of ``roles`` at ``unit`` or above it."""
    if user is None or not user.is_authenticated:
        return False
    paths = Membership.objects.filter(
        user=user, is_active=True, role__in=roles, unit__is_active=True
    ).values_list("unit__path", flat=True)
    return any(unit.path.startswith(path) for path in paths)


def can_step(report: AnnualReport, user, name: str) -> bool:
    if not can(report, user, name):
        return False
    roles = STEP_ROLES.get(name)
    return roles is None or holds_role(user, roles, report.unit)


def _check_role(actor, report: AnnualReport, name: str) -> None:
    roles = STEP_ROLES.get(name)
    if roles is not None and not holds_role(actor, roles, report.unit):
        label = AnnualReport.workflow[name].label
        raise PermissionDenied(f"“{label}”须由{ROLE_WORDS[roles]}办理。")


@transaction.atomic
def report_submit(*, actor, report: AnnualReport) -> AnnualReport:
    remaining = todos(report_drafts(report), FigureResolver(report.unit, report.year))
    if remaining:
        items = "；".join(f"{t.section}：{t.label}" for t in remaining)
        raise ValidationError(f"还有{len(remaining)}项待补充，补齐后才能提交审核：{items}。", code="todos")
    return transition(actor=actor, obj=report, name="submit", submitted_at=timezone.now(), return_reason="")


@transaction.atomic
def report_review_pass(*, actor, report: AnnualReport) -> AnnualReport:
    _check_role(actor, report, "review_pass")
    return transition(actor=actor, obj=report, name="review_pass")


@transaction.atomic
def report_review_return(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    _check_role(actor, report, "review_return")
    return transition(
        actor=actor, obj=report, name="review_return", reason=reason, return_reason=reason.strip()
    )


@transaction.atomic
def report_leader_approve(*, actor, report: AnnualReport) -> AnnualReport:
    _check_role(actor, report, "leader_approve")
    return transition(actor=actor, obj=report, name="leader_approve")


@transaction.atomic
def report_leader_return(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    _check_role(actor, report, "leader_return")
    return transition(
        actor=actor, obj=report, name="leader_return", reason=reason, return_reason=reason.strip()
    )


def snapshot_figures(report: AnnualReport) -> dict:
    """Every token in the text, and every figure any drafting block quotes (the supervisor's view
    compares those side by side), as they stand now."""
    from fazhi.reporting.blocks import all_blocks

    resolver = FigureResolver(report.unit, report.year)
    found = {}
    for block in all_blocks():
        for key in (*block.keys, *block.optional_keys):
            found[key] = resolver.resolve(key).as_dict()
    for section in report.sections.all():
        for match in TOKEN_RE.finditer(section.narrative or ""):
            token = match.group(1)
            found[token] = resolver.resolve(token).as_dict()
    return found


@transaction.atomic
def report_freeze(*, actor, report: AnnualReport) -> AnnualReport:
    _check_role(actor, report, "freeze")
    # the figures are read inside the transaction that changes the state, so they are the ones approved
    return transition(
        actor=actor, obj=report, name="freeze", frozen_at=timezone.now(), frozen_figures=snapshot_figures(report),
        signed_on=report.signed_on or timezone.localdate(),
    )  # fmt: skip


@transaction.atomic
def report_publish(*, actor, report: AnnualReport) -> AnnualReport:
    _check_role(actor, report, "publish")
    return transition(actor=actor, obj=report, name="publish", published_at=timezone.now())


def run_step(*, actor, report: AnnualReport, name: str, reason: str = "") -> AnnualReport:
    """The service for a transition name (the report page posts the name)."""
    services = {
        "submit": lambda: report_submit(actor=actor, report=report),
        "review_pass": lambda: report_review_pass(actor=actor, report=report),
        "review_return": lambda: report_review_return(actor=actor, report=report, reason=reason),
        "leader_approve": lambda: report_leader_approve(actor=actor, report=report),
        "leader_return": lambda: report_leader_return(actor=actor, report=report, reason=reason),
        "freeze": lambda: report_freeze(actor=actor, report=report),
        "publish": lambda: report_publish(actor=actor, report=report),
    }
    if name not in services:
        raise ValidationError("未知的操作。")
    return services[name]()
