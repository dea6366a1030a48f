"""Writes of a 行政执法案件, part 2: 法制审核 (第58条) and the decision with its gates (see cases.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_create
from fazhi.core.workflow import transition
from fazhi.enforcement.cases import rules
from fazhi.enforcement.cases.choices import (
    DecisionKind,
    MajorGround,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from fazhi.enforcement.cases.models import (
    DiscretionStandard,
    EnforcementCase,
    LegalReview,
)
from fazhi.enforcement.cases.services._case_base import (
    SUMMARY_FINE_LIMIT,
    S,
    _check_date,
    _close_deadline,
    _locked,
    _refuse,
    _require,
    _update,
    case_deadline,
)
from fazhi.enforcement.cases.workflows import PRE_DECISION, REVIEW_BACK
from fazhi.workdays.services import deadline_open

# --- 法制审核 (第五十八条) -------------------------------------------------------------------------------


@transaction.atomic
def case_mark_major(
    *, actor, case: EnforcementCase, grounds: Iterable[str], note: str = ""
) -> EnforcementCase:
    """认定为重大执法决定 with at least one ground of 第五十八条第一款; the decision then needs a passed review."""
    case = _locked(actor, case)
    _require(case, PRE_DECISION, _("认定重大执法决定"))
    grounds = [g for g in MajorGround.values if g in set(grounds or ())]
    if not grounds:
        raise _refuse(
            _("请至少选择一项《中华人民共和国行政处罚法》第五十八条第一款规定的情形。"), code="grounds"
        )
    text = "、".join(str(MajorGround(g).label) for g in grounds)
    return _update(
        actor,
        case,
        _("认定为重大执法决定：%(g)s%(n)s") % {"g": text, "n": f"；{note}" if note else ""},
        is_major=True,
        major_grounds=grounds,
    )


@transaction.atomic
def case_submit_review(*, actor, case: EnforcementCase, on: datetime.date) -> LegalReview:
    """送法制审核: a new pending round; the case waits in 法制审核中."""
    stored = _locked(actor, case)
    _check_date(on, _("送审日期"), not_before=stored.filed_on, before_label=_("立案日期"))
    transition(actor=actor, obj=case, name="submit_review")
    review = LegalReview(unit_id=stored.unit_id, case=stored, submitted_on=on)
    return record_create(actor=actor, instance=review)


def _back_state(case: EnforcementCase) -> str:
    if case.hearing_requested_on:
        return S.HEARING
    if case.notified_on:
        return S.NOTIFIED
    return S.FILED


@transaction.atomic
def case_record_review(
    *,
    actor,
    case: EnforcementCase,
    result: str,
    reviewed_on: datetime.date,
    reviewer_name: str,
    reviewer_qualified: bool,
    opinion: str = "",
    reviewer=None,
) -> tuple[LegalReview, list[str]]:
    """法制审核结论 (通过 / 退回补充调查 / 不通过) on the pending round; the case returns to its stage.

    第五十八条第二款: 初次从事法制审核的人员应当通过国家统一法律职业资格考试取得法律职业资格. Reviewers who
    began before 2021 need not hold it, which this system cannot tell: a reviewer recorded without the
    qualification is accepted with a warning (returned, and kept in the audit note and on the case page)."""
    stored = _locked(actor, case)
    _require(stored, [S.LEGAL_REVIEW], _("登记法制审核结论"))
    review = LegalReview.objects.select_for_update().filter(case=stored, result=ReviewResult.PENDING).last()
    if review is None:
        raise _refuse(_("本案没有待审核的法制审核。"), code="no_review")
    if result not in (ReviewResult.PASSED, ReviewResult.RETURNED, ReviewResult.FAILED):
        raise _refuse(_("请选择审核结论。"), code="result")
    reviewer_name, opinion = (reviewer_name or "").strip(), (opinion or "").strip()
    if not reviewer_name:
        raise _refuse(_("请填写审核人员姓名。"), code="reviewer")
    if result != ReviewResult.PASSED and not opinion:
        raise _refuse(_("审核结论为退回或不通过的，须写明审核意见。"), code="opinion")
    _check_date(reviewed_on, _("审核日期"), not_before=review.submitted_on, before_label=_("送审日期"))
    warnings = []
    if not reviewer_qualified:
        warnings.append(
            _(
                "审核人员%(name)s未登记法律职业资格。依照《中华人民共和国行政处罚法》第五十八条第二款，"
                "初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。"
            )
            % {"name": reviewer_name}
        )
    before = snapshot(review)
    review.result, review.reviewed_on, review.opinion = result, reviewed_on, opinion
    review.reviewer_name, review.reviewer_qualified = reviewer_name, bool(reviewer_qualified)
    review.reviewer = reviewer if getattr(reviewer, "is_authenticated", False) else None
    review.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=review,
        changes=diff(before, snapshot(review)),
        note="；".join(warnings),
    )
    transition(
        actor=actor,
        obj=case,
        name=REVIEW_BACK[_back_state(stored)],
        reason=_("法制审核结论：%(r)s") % {"r": ReviewResult(result).label},
    )
    return review, warnings


def latest_review(case: EnforcementCase) -> LegalReview | None:
    return LegalReview.objects.filter(case=case).order_by("-submitted_on", "-created_at").first()


# --- 决定 --------------------------------------------------------------------------------------------


def _check_penalty(case, *, penalty_kinds, standard, fine_amount) -> None:
    if not penalty_kinds:
        raise _refuse(_("给予行政处罚的，请选择处罚种类（《行政处罚法》第九条）。"), code="penalty_kinds")
    unknown = [k for k in penalty_kinds if k not in PenaltyKind.values]
    if unknown:
        raise _refuse(_("处罚种类无效：%(k)s") % {"k": "、".join(unknown)}, code="penalty_kinds")
    if standard is not None:
        if standard.item_id != case.item_id:
            raise _refuse(
                _("所选裁量基准“%(s)s”不属于本案执法事项“%(item)s”，请适用本事项的裁量基准。")
                % {"s": standard.code, "item": case.item.name},
                code="standard_item",
            )
        if not standard.active:
            raise _refuse(_("裁量基准“%(s)s”已停用。") % {"s": standard.code}, code="standard_inactive")
    elif DiscretionStandard.objects.filter(item_id=case.item_id, active=True).exists():
        raise _refuse(
            _("本案执法事项已制定行政处罚裁量基准，请选择适用的裁量基准。"), code="standard_required"
        )
    fine = PenaltyKind.FINE in penalty_kinds
    if fine and (fine_amount is None or fine_amount <= 0):
        raise _refuse(_("处罚种类含罚款的，请填写罚没金额。"), code="fine")
    if not fine and fine_amount:
        raise _refuse(_("处罚种类不含罚款、没收的，不应填写罚没金额。"), code="fine")
    if fine and standard is not None:
        low, high = standard.fine_min, standard.fine_max
        if (low is not None and fine_amount < low) or (high is not None and fine_amount > high):
            band = _("%(low)s 元至 %(high)s 元") % {
                "low": f"{low:.2f}" if low is not None else "—",
                "high": f"{high:.2f}" if high is not None else "—",
            }
            raise _refuse(
                _("罚没金额 %(amount)s 元超出所适用裁量基准“%(s)s”（%(sev)s）的罚款幅度 %(band)s。")
                % {
                    "amount": f"{fine_amount:.2f}",
                    "s": standard.code,
                    "sev": standard.get_severity_display(),
                    "band": band,
                },
                code="fine_band",
            )
    if fine and case.procedure == Procedure.SUMMARY:
        limit = SUMMARY_FINE_LIMIT.get(case.party_kind, SUMMARY_FINE_LIMIT["other"])
        if fine_amount > limit:
            raise _refuse(
                _(
                    "依照《中华人民共和国行政处罚法》第五十一条，当场处罚对公民处二百元以下、对法人或者其他组织"
                    "处三千元以下罚款；%(amount)s 元应当适用普通程序。"
                )
                % {"amount": fine_amount},
                code="summary_limit",
            )


@transaction.atomic
def case_decide(
    *,
    actor,
    case: EnforcementCase,
    decision_kind: str,
    decided_on: datetime.date,
    decision_number: str,
    approver: str,
    penalty_kinds: Iterable[str] = (),
    standard: DiscretionStandard | None = None,
    fine_amount: Decimal | None = None,
    statement_received: bool | None = None,
) -> EnforcementCase:
    """作出决定 by the 负责人. Gates: 法制审核 passed for a major case (第五十八条); a requested hearing held
    (第六十四条); a penalty in the ordinary procedure notified first (第四十四条、第六十二条); the fine within the
    applied 裁量基准 of the case's own item. ``decided_late`` when after the decision period (第六十条); the
    公示 period (国办发〔2018〕118号) starts."""
    stored = _locked(actor, case)
    _require(stored, PRE_DECISION, _("作出决定"))
    if decision_kind not in DecisionKind.values:
        raise _refuse(_("请选择处理决定。"), code="decision_kind")
    _check_date(decided_on, _("决定日期"), not_before=stored.filed_on, before_label=_("立案日期"))
    decision_number, approver = (decision_number or "").strip(), (approver or "").strip()
    if not decision_number or not approver:
        raise _refuse(_("请填写决定书文号和作出决定的负责人。"), code="required")
    if rules.review_required(stored):
        review = latest_review(stored)
        if review is None or review.result != ReviewResult.PASSED:
            state = (
                _("尚未进行法制审核")
                if review is None
                else _("最近一次审核结论为“%(r)s”") % {"r": review.get_result_display()}
            )
            raise _refuse(
                _(
                    "依照《中华人民共和国行政处罚法》第五十八条，本案属于应当进行法制审核的情形（%(why)s），"
                    "未经法制审核或者审核未通过的，不得作出决定；%(state)s。"
                )
                % {"why": _major_why(stored), "state": state},
                code="legal_review",
            )
        if review.reviewed_on and decided_on < review.reviewed_on:
            raise _refuse(
                _("决定日期（%(d)s）不能早于法制审核通过日期（%(r)s）。")
                % {"d": decided_on, "r": review.reviewed_on},
                code="date_order",
            )
    if stored.hearing_requested_on and not stored.hearing_on:
        raise _refuse(
            _(
                "当事人已于 %(d)s 申请听证，依照《中华人民共和国行政处罚法》第六十四条应当组织听证后再作出决定。"
            )
            % {"d": stored.hearing_requested_on},
            code="hearing_pending",
        )
    penalty_kinds = list(penalty_kinds or [])
    if decision_kind == DecisionKind.PENALTY:
        if stored.procedure == Procedure.ORDINARY and not stored.notified_on:
            raise _refuse(
                _(
                    "依照《中华人民共和国行政处罚法》第四十四条、第六十二条，作出行政处罚决定之前，应当告知当事人"
                    "拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利；本案尚未告知。"
                ),
                code="not_notified",
            )
        _check_penalty(stored, penalty_kinds=penalty_kinds, standard=standard, fine_amount=fine_amount)
    else:
        if penalty_kinds or fine_amount:
            raise _refuse(
                _("不予行政处罚或其他处理的，不应选择处罚种类或填写罚没金额。"), code="penalty_kinds"
            )
        standard = None
    due = stored.decision_due_on
    if due is None and stored.procedure == Procedure.ORDINARY:
        due = rules.decision_due(stored.filed_on, stored.extension_days)
    stored.decision_kind, stored.decided_on = decision_kind, decided_on
    publication_due = rules.publication_due(stored)
    fields = dict(
        decision_kind=decision_kind,
        penalty_kinds=penalty_kinds,
        standard=standard,
        fine_amount=fine_amount if decision_kind == DecisionKind.PENALTY else None,
        decision_number=decision_number,
        decided_on=decided_on,
        decision_approver=approver,
        decided_late=bool(due and decided_on > due),
        decision_due_on=due,
        publication_due_on=publication_due,
    )
    if statement_received is not None:
        fields["statement_received"] = bool(statement_received)
    transition(actor=actor, obj=case, name="decide", **fields)
    _close_deadline(actor, case, rules.DECISION, decided_on)
    rule = rules.publication_rule(case)
    if rule and case_deadline(case, rule) is None:
        deadline_open(actor=actor, record=case, rule_key=rule, start=decided_on)
    return case


def _major_why(case: EnforcementCase) -> str:
    parts = [str(MajorGround(g).label) for g in case.major_grounds if g in MajorGround.values]
    if case.hearing_on and MajorGround.HEARING not in case.major_grounds:
        parts.append(_("经过听证程序"))
    if not parts and case.is_major:
        parts.append(_("已认定为重大执法决定"))
    return "、".join(parts)
