"""The steps staff take on a normative document, as one table shared by pages and API.

Each step names the service that performs it and when the document's state allows it. Transitions of the
workflow are offered through ``fazhi.core.workflow.can`` (state and scope). The services check
everything again inside their transaction: the table only decides which buttons and forms are offered.

提交集体审议 is offered before the review has passed, on purpose: the page then says why it is refused
(国办发〔2018〕37号), which is what a drafter who tries it needs to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import can
from fazhi.normative import services
from fazhi.normative.choices import UNPUBLISHED, DocumentStatus
from fazhi.normative.models import NormativeDocument

S = DocumentStatus


@dataclass(frozen=True)
class Step:
    slug: str
    label: str
    #: what the page says after it succeeded
    done: str
    #: runs the service: (actor, document, cleaned data) -> anything
    perform: Callable
    #: the workflow transition this step runs, if any (buttons then follow ``can``)
    transition: str | None = None
    #: the permission action the step needs when it runs no transition
    action: str = "change"
    #: the state condition beyond the transition's source states
    ready: Callable[[NormativeDocument], bool] = lambda document: True
    #: why the step is not offered, when ``ready`` is false
    not_ready: str = ""
    #: a step whose refusal is shown rather than the button hidden: (document) -> refusal or ""
    gate: Callable[[NormativeDocument], str] | None = None
    #: states in which a gated step's button is shown (its refusal explains the gate)
    shown_in: tuple = ()
    style: str = "outline-primary"


def _may(document: NormativeDocument, user, action: str) -> bool:
    return NormativeDocument.objects.restrict(user, action).filter(pk=document.pk).exists()


STEPS: list[Step] = [
    Step(
        "open-comments",
        _("公开征求意见"),
        _("已公开征求意见，征求意见期间开始计算。"),
        lambda actor, doc, d: services.comments_open(actor=actor, document=doc, on=d["on"]),
        transition="open_comments",
    ),
    Step(
        "submit-review",
        _("送合法性审核"),
        _("已送合法性审核，审核期限开始计算；审核提示已生成。"),
        lambda actor, doc, d: services.review_submit(
            actor=actor, document=doc, on=d["on"], reviewer=d.get("reviewer")
        ),
        transition="submit_review",
        style="primary",
    ),
    Step(
        "review",
        _("出具审核意见"),
        _("已登记合法性审核意见。"),
        lambda actor, doc, d: services.review_record(
            actor=actor, document=doc, opinion=d["opinion"], on=d["on"], note=d.get("note", "")
        ),
        ready=lambda doc: doc.status == S.REVIEWING and not doc.review_opinion,
        not_ready=_("只有合法性审核中、尚未出具审核意见的文件才能出具审核意见。"),
        style="primary",
    ),
    Step(
        "deliberate",
        _("提交集体审议"),
        _("已提交集体审议。"),
        lambda actor, doc, d: services.deliberation_submit(actor=actor, document=doc),
        transition="to_deliberation",
        gate=services.deliberation_refusal,
        shown_in=(S.DRAFTING, S.CONSULTING, S.REVIEWING),
        style="primary",
    ),
    Step(
        "return",
        _("退回修改"),
        _("已退回起草单位修改。"),
        lambda actor, doc, d: services.review_return(
            actor=actor, document=doc, on=d["on"], reason=d["reason"]
        ),
        transition="return_to_drafting",
        style="outline-secondary",
    ),
    Step(
        "deliberation",
        _("登记集体审议"),
        _("已登记集体审议决定。"),
        lambda actor, doc, d: services.deliberation_record(
            actor=actor, document=doc, meeting=d["meeting"], on=d["on"]
        ),
        ready=lambda doc: doc.status == S.DELIBERATING,
        not_ready=_("只有已提交集体审议的文件才能登记审议情况。"),
    ),
    Step(
        "publish",
        _("签发并公布"),
        _("文件已公布，文号已编定。"),
        lambda actor, doc, d: services.document_publish(
            actor=actor,
            document=doc,
            signed_on=d["signed_on"],
            published_on=d["published_on"],
            effective_on=d.get("effective_on"),
            validity_years=d.get("validity_years"),
        ),
        transition="publish",
        ready=lambda doc: doc.deliberated_on is not None,
        not_ready=_("尚未登记集体审议决定，不能公布（国办发〔2018〕37号：集体审议决定）。"),
        style="primary",
    ),
    Step(
        "file",
        _("报送备案"),
        _("已报送备案。"),
        lambda actor, doc, d: services.filing_submit(
            actor=actor, document=doc, on=d["on"], filing_organ=d.get("filing_organ")
        ),
        transition="file",
        style="primary",
    ),
    Step(
        "filing-result",
        _("登记备案审查结果"),
        _("已登记备案审查结果。"),
        lambda actor, doc, d: services.filing_result_record(
            actor=actor, document=doc, result=d["result"], on=d["on"]
        ),
        ready=lambda doc: doc.status == S.FILED and doc.filing_organ_id is None,
        not_ready=_("只有已报送备案、备案审查机关不在本平台的文件才在此登记审查结果。"),
        style="outline-secondary",
    ),
    Step(
        "amend",
        _("修改"),
        _("文件已标为已修改。"),
        lambda actor, doc, d: services.document_amend(
            actor=actor, document=doc, on=d["on"], reason=d["reason"], replaced_by=d.get("replaced_by")
        ),
        transition="amend",
        style="outline-warning",
    ),
    Step(
        "repeal",
        _("废止"),
        _("文件已废止。"),
        lambda actor, doc, d: services.document_repeal(
            actor=actor, document=doc, on=d["on"], reason=d["reason"]
        ),
        transition="repeal",
        style="outline-danger",
    ),
]

STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


def step_refusal(step: Step, document: NormativeDocument, user) -> str:
    """Why ``step`` cannot be taken on ``document`` now (a Chinese sentence), or "" when it can."""
    if step.gate is not None and document.status in step.shown_in:
        gate = step.gate(document)
        if gate:
            return gate
    if step.transition:
        if not can(document, user, step.transition):
            if not _may(document, user, NormativeDocument.workflow[step.transition].action):
                return str(_("您没有办理该文件这一步骤的权限。"))
            return str(
                _("当前状态为“%(state)s”，不能%(action)s。")
                % {"state": document.get_status_display(), "action": step.label}
            )
    elif not _may(document, user, step.action):
        return str(_("您没有办理该文件这一步骤的权限。"))
    if not step.ready(document):
        return str(step.not_ready)
    return ""


def available_steps(document: NormativeDocument, user) -> list[tuple[Step, str]]:
    """The steps offered on the document's page: (step, refusal) — a gated step is offered with the
    refusal it will meet, so the page can say why; the others only when they can be taken."""
    if not _may(document, user, "change"):
        return []
    offered = []
    for step in STEPS:
        refusal = step_refusal(step, document, user)
        if not refusal:
            offered.append((step, ""))
        elif step.gate is not None and document.status in step.shown_in and _may(document, user, "change"):
            offered.append((step, refusal))
    return offered


def editable(document: NormativeDocument) -> bool:
    """Whether the particulars and text may still be edited (before publication)."""
    return document.status in UNPUBLISHED
