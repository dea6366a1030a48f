"""Writes of a 行政执法案件, part 3: 送达, 执行, 结案 (全过程记录 checklist), 撤销立案, 公示 and 撤回, the records
(see cases.py)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.services.records import record_create
from fazhi.core.workflow import transition
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases.choices import (
    DecisionKind,
    ExecutionManner,
    RecordForm,
    Stage,
)
from fazhi.enforcement.cases.models import (
    CaseRecord,
    EnforcementCase,
)
from fazhi.enforcement.cases.services._case_base import (
    S,
    _check_date,
    _close_all,
    _close_deadline,
    _locked,
    _refuse,
    _require,
    _update,
)
from fazhi.enforcement.cases.workflows import DECIDED_STATES
from fazhi.workdays.services import deadline_open

# --- 送达、执行、结案、撤销立案 -----------------------------------------------------------------------------


@transaction.atomic
def case_serve(*, actor, case: EnforcementCase, on: datetime.date) -> EnforcementCase:
    """送达 the decision (第六十一条)."""
    stored = _locked(actor, case)
    _check_date(on, _("送达日期"), not_before=stored.decided_on, before_label=_("决定日期"))
    return transition(actor=actor, obj=case, name="serve", served_on=on)


@transaction.atomic
def case_execute(*, actor, case: EnforcementCase, manner: str, on: datetime.date) -> EnforcementCase:
    """执行完毕: 自觉履行, 强制执行 or 申请法院强制执行 (第六十六条、第七十二条)."""
    stored = _locked(actor, case)
    if manner not in ExecutionManner.values:
        raise _refuse(_("请选择执行方式。"), code="manner")
    _check_date(on, _("执行完毕日期"), not_before=stored.served_on, before_label=_("送达日期"))
    return transition(actor=actor, obj=case, name="execute", execution_manner=manner, executed_on=on)


@transaction.atomic
def case_close(*, actor, case: EnforcementCase, on: datetime.date) -> EnforcementCase:
    """结案: refused while the 全过程记录 misses a required record (第四十七条; 国办发〔2018〕118号), naming them.
    A penalty decision that orders something to be done must be executed first (第六十六条)."""
    stored = _locked(actor, case)
    _require(stored, [S.SERVED, S.EXECUTED], _("结案"))
    _check_date(
        on, _("结案日期"), not_before=stored.executed_on or stored.served_on, before_label=_("送达或执行日期")
    )
    if stored.status == S.SERVED and stored.decision_kind == DecisionKind.PENALTY:
        raise _refuse(
            _("行政处罚决定尚未登记执行情况，不能结案（《行政处罚法》第六十六条）。"), code="not_executed"
        )
    missing = rules.missing_records(stored, CaseRecord.objects.filter(case=stored))
    if missing:
        raise _refuse(
            _(
                "依照《中华人民共和国行政处罚法》第四十七条，行政机关应当对行政处罚的启动、调查取证、审核、决定、"
                "送达、执行等进行全过程记录，归档保存；本案尚缺：%(missing)s。"
            )
            % {"missing": "；".join(missing)},
            code="records_missing",
        )
    return transition(actor=actor, obj=case, name="close", closed_on=on)


@transaction.atomic
def case_drop(*, actor, case: EnforcementCase, on: datetime.date, reason: str) -> EnforcementCase:
    """撤销立案 before a decision (违法事实不成立、不属于本机关管辖 …); open deadlines are ended."""
    stored = _locked(actor, case)
    _check_date(on, _("撤销日期"), not_before=stored.filed_on, before_label=_("立案日期"))
    reason = (reason or "").strip()
    transition(actor=actor, obj=case, name="drop", reason=reason, dropped_reason=reason, closed_on=on)
    _close_all(actor, case, on, _("撤销立案：%(r)s") % {"r": reason})
    return case


# --- 公示 and 撤回 (国办发〔2018〕118号; 第四十八条) ---------------------------------------------------------


@transaction.atomic
def case_publish(
    *, actor, case: EnforcementCase, published_on: datetime.date, public_summary: str
) -> EnforcementCase:
    """公示 the decision: the summary may not show 身份证号码 or 联系电话. A publication after the due day is
    allowed and shows as 逾期公示 (see selectors.published_late)."""
    case = _locked(actor, case)
    _require(case, DECIDED_STATES, _("公示"))
    if case.published_on:
        raise _refuse(_("该决定已于 %(d)s 公示。") % {"d": case.published_on}, code="published")
    if rules.publication_rule(case) is None:
        raise _refuse(_("移送司法机关的案件不作为执法决定公示，请通过两法衔接报送。"), code="no_publication")
    summary = (public_summary or "").strip()
    if not summary:
        raise _refuse(_("请填写公示内容。"), code="summary")
    found = rules.personal_data_in(summary)
    if found:
        raise _refuse(
            _(
                "公示内容含有%(what)s，不得公开（国办发〔2018〕118号：公开时应当对个人隐私等信息进行处理），请删去。"
            )
            % {"what": "、".join(found)},
            code="personal_data",
        )
    _check_date(published_on, _("公示日期"), not_before=case.decided_on, before_label=_("决定日期"))
    due = case.publication_due_on or rules.publication_due(case)
    late = bool(due and published_on > due)
    note = _("公示") + (_("（逾期，公示期限为 %(d)s）") % {"d": due} if late else "")
    _update(actor, case, note, published_on=published_on, public_summary=summary, publication_due_on=due)
    rule = rules.publication_rule(case)
    _close_deadline(actor, case, rule, published_on)
    return case


@transaction.atomic
def case_decision_changed(*, actor, case: EnforcementCase, on: datetime.date, what: str) -> EnforcementCase:
    """The published decision was 变更、撤销、确认违法或者确认无效 (复议、诉讼 or the organ itself): the notice must
    be withdrawn within 3 working days (第四十八条, 第八十五条); the period is opened."""
    case = _locked(actor, case)
    if not case.published_on or case.withdrawn_on:
        raise _refuse(_("该决定尚未公示或已撤回公示，无需登记。"), code="not_published")
    if case.withdrawal_due_on:
        raise _refuse(
            _("已登记决定变更情况，撤回期限为 %(d)s。") % {"d": case.withdrawal_due_on}, code="twice"
        )
    what = (what or "").strip()
    if not what:
        raise _refuse(_("请说明决定被变更、撤销、确认违法或者确认无效的情况。"), code="required")
    _check_date(on, _("决定变更日期"), not_before=case.decided_on, before_label=_("决定日期"))
    due = rules.withdrawal_due(on)
    _update(actor, case, what, withdrawal_due_on=due, withdrawal_reason=what)
    deadline_open(actor=actor, record=case, rule_key=rules.WITHDRAWAL, start=on)
    return case


@transaction.atomic
def case_withdraw_publication(
    *, actor, case: EnforcementCase, withdrawn_on: datetime.date, reason: str
) -> EnforcementCase:
    """撤回公示 and 说明理由 (第四十八条): the decision disappears from the public page."""
    case = _locked(actor, case)
    if not case.published_on or case.withdrawn_on:
        raise _refuse(_("该决定尚未公示或已撤回公示。"), code="not_published")
    if not case.withdrawal_due_on:
        raise _refuse(_("请先登记决定被变更、撤销、确认违法或者确认无效的情况。"), code="no_change")
    reason = (reason or "").strip() or case.withdrawal_reason
    if not reason:
        raise _refuse(_("撤回公示应当说明理由（《行政处罚法》第四十八条）。"), code="required")
    _check_date(withdrawn_on, _("撤回日期"), not_before=case.published_on, before_label=_("公示日期"))
    _update(
        actor, case, _("撤回公示：%(r)s") % {"r": reason}, withdrawn_on=withdrawn_on, withdrawal_reason=reason
    )
    _close_deadline(actor, case, rules.WITHDRAWAL, withdrawn_on)
    return case


# --- 全过程记录 -----------------------------------------------------------------------------------------

_SHA256_HEX = frozenset("0123456789abcdef")


@transaction.atomic
def record_add(
    *,
    actor,
    case: EnforcementCase,
    stage: str,
    kind: str,
    made_on: datetime.date,
    form: str = RecordForm.TEXT,
    title: str = "",
    file=None,
    storage_ref: str = "",
    sha256: str = "",
) -> CaseRecord:
    """One 全过程记录 (第四十七条): an uploaded file (its SHA-256 is computed by the attachments service and
    copied here) or, for 音像记录 kept elsewhere, the storage reference and its SHA-256 digest."""
    from fazhi.attachments.services import attachment_add

    case = _locked(actor, case)
    if stage not in Stage.values:
        raise _refuse(_("请选择记录所属环节。"), code="stage")
    kind = (kind or "").strip()
    if not kind:
        raise _refuse(_("请填写记录名称。"), code="kind")
    if form not in RecordForm.values:
        raise _refuse(_("请选择记录形式。"), code="form")
    _check_date(made_on, _("制作日期"))
    storage_ref, sha256 = (storage_ref or "").strip(), (sha256 or "").strip().lower()
    attachment = None
    if file is not None:
        attachment = attachment_add(
            actor=actor, record=case, file=file, description=f"{Stage(stage).label}：{kind}"
        )
        sha256 = attachment.sha256
    elif storage_ref:
        if len(sha256) != 64 or not set(sha256) <= _SHA256_HEX:
            raise _refuse(_("另行存储的记录须填写 64 位十六进制的 SHA-256 摘要。"), code="sha256")
    else:
        raise _refuse(_("请上传记录文件，或填写音像资料的存储位置及其 SHA-256 摘要。"), code="file")
    record = CaseRecord(
        unit_id=case.unit_id,
        case=case,
        stage=stage,
        kind=kind,
        form=form,
        title=(title or "").strip(),
        made_on=made_on,
        attachment=attachment,
        sha256=sha256,
        storage_ref=storage_ref,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return record_create(actor=actor, instance=record)
