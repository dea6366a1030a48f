"""The public status check of a reconsideration case (``reconsideration_public:check``), without login.

The applicant types the 案号 and the 查询验证码 printed on the 受理通知书 and sees the status in plain
words and the dates — nothing personal: no names, no respondent, no decision text.

This is the one read of business records that is not scoped to a user (there is no user): it selects
cases by **exact** 案号 (a handful of spellings of what was typed, never a pattern), reads only the
fields shown, and shows a case only when the code matches, compared in constant time. "No such case" and
"wrong code" give the same answer, so the page cannot be used to find which numbers exist; failures are
counted per client address in the cache and after ``FAZHI_PUBLIC_CHECK_MAX_FAILURES`` (10) within
``FAZHI_PUBLIC_CHECK_WINDOW_MINUTES`` (15) the page answers 429 until the window has passed.
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from fazhi.core.context import client_ip
from fazhi.reconsideration.choices import CaseStatus, DecisionType
from fazhi.reconsideration.document_context import cn_date, organ_of
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.rules import DECISION_RULES
from fazhi.reconsideration.services import case_deadline

TEMPLATE = "reconsideration/public_check.html"
NOT_FOUND = gettext_lazy("案号或查询验证码不正确，请核对受理通知书后重新输入。")
TOO_MANY = gettext_lazy("尝试次数过多，请稍后再试。")
_FAILURE_KEY = "reconsideration:public-check:failures:{ip}"

#: the brackets an applicant may type for 〔〕 (after NFKC: full-width （）［］ are already ASCII)
_OPENING = str.maketrans({"(": "〔", "[": "〔", "【": "〔", "〖": "〔", "﹝": "〔"})
_CLOSING = str.maketrans({")": "〕", "]": "〕", "】": "〕", "〗": "〕", "﹞": "〕"})

#: the status in plain words for the public
PUBLIC_STATUS = {
    CaseStatus.REVIEW: gettext_lazy("已收到申请，正在审查是否受理"),
    CaseStatus.CORRECTION: gettext_lazy("已通知补正申请材料，等待补正"),
    CaseStatus.ACCEPTED: gettext_lazy("已受理，正在审理"),
    CaseStatus.SUSPENDED: gettext_lazy("已受理，审理中止"),
    CaseStatus.REFUSED: gettext_lazy("已决定不予受理"),
    CaseStatus.ABANDONED: gettext_lazy("逾期未补正，视为放弃申请"),
    CaseStatus.CLOSED: gettext_lazy("已办结"),
}


def _max_failures() -> int:
    return int(getattr(settings, "FAZHI_PUBLIC_CHECK_MAX_FAILURES", 10))


def _window_seconds() -> int:
    return int(getattr(settings, "FAZHI_PUBLIC_CHECK_WINDOW_MINUTES", 15)) * 60


def normalise_code(value: str) -> str:
    """Case-insensitive, full-width tolerant, spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def number_spellings(value: str) -> list[str]:
    """The exact 案号 strings what was typed may stand for: without spaces, half-width letters and digits,
    〔〕 for any bracket, with and without a missing final 号."""
    raw = "".join((value or "").split())
    folded = unicodedata.normalize("NFKC", raw)
    canonical = folded.translate(_OPENING).translate(_CLOSING)
    spellings = {raw, folded, canonical}
    spellings |= {s + "号" for s in spellings if s and not s.endswith("号")}
    return sorted(s for s in spellings if s)[:8]


class StatusCheckForm(forms.Form):
    case_number = forms.CharField(
        label=gettext_lazy("案号"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如：清河复〔2025〕3号"}),
    )
    code = forms.CharField(
        label=gettext_lazy("查询验证码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=gettext_lazy("印在行政复议受理通知书上，8 位字母和数字，不区分大小写。"),
    )


@dataclass(frozen=True)
class PublicStatus:
    case_number: str
    organ: str
    status: str
    received_on: str
    accepted_on: str
    due_on: str
    closed_on: str
    closed_label: str


def _public_status(case: ReconsiderationCase) -> PublicStatus:
    status = str(PUBLIC_STATUS.get(case.status, case.get_status_display()))
    if case.status == CaseStatus.CLOSED:
        if case.decision_type == DecisionType.TERMINATE:
            status = _("已办结（终止审理）")
        elif case.decision_type == DecisionType.MEDIATE:
            status = _("已办结（调解结案）")
        else:
            status = _("已办结（已作出行政复议决定）")
    due = ""
    if case.status == CaseStatus.ACCEPTED:
        deadline = case_deadline(case, DECISION_RULES[case.procedure])
        due = cn_date(deadline.due_date) if deadline and deadline.due_date else ""
    elif case.status == CaseStatus.SUSPENDED:
        due = _("审理中止期间，审理期限暂停计算")
    closed_on, closed_label = case.closed_on, _("结案日期")
    if case.status == CaseStatus.REFUSED:
        closed_on, closed_label = case.refused_on, _("不予受理决定日期")
    elif case.status == CaseStatus.ABANDONED:
        closed_on, closed_label = case.abandoned_on, _("结案日期")
    return PublicStatus(
        case_number=case.case_number,
        organ=organ_of(case.unit).name,
        status=status,
        received_on=cn_date(case.received_on),
        accepted_on=cn_date(case.accepted_on),
        due_on=due,
        closed_on=cn_date(closed_on),
        closed_label=closed_label,
    )


def find_case(case_number: str, code: str) -> ReconsiderationCase | None:
    """The case with this exact 案号 and this code, else None (whichever of the two was wrong).

    The one unscoped read of cases (no user): exact 案号 only, codes compared in constant time.
    """
    wanted = normalise_code(code).encode()
    candidates = list(
        ReconsiderationCase.objects.filter(case_number__in=number_spellings(case_number))
        .exclude(case_number="")
        .select_related("unit")[:5]
    )
    matched = None
    for case in candidates:
        stored = normalise_code(case.verification_code).encode()
        if hmac.compare_digest(stored, wanted) and stored and wanted:
            matched = case
    if not candidates:
        hmac.compare_digest(b"-" * len(wanted), wanted)  # the same work as for a wrong code
    return matched


class PublicStatusCheckView(generic.View):
    """GET: the form. POST: 案号 + 验证码 → status and dates, or the one failure message."""

    fazhi_scope_exempt = (
        "公开查询：凭案号和查询验证码精确读取一件案件的状态和日期，不展示个人信息（见模块说明）"
    )
    http_method_names = ["get", "post"]

    def page(self, request, form, *, result=None, error="", status=200):
        context = {
            "form": form,
            "result": result,
            "error": error,
            "max_failures": _max_failures(),
            "window_minutes": _window_seconds() // 60,
        }
        response = render(request, TEMPLATE, context, status=status)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get(self, request, *args, **kwargs):
        return self.page(request, StatusCheckForm())

    def post(self, request, *args, **kwargs):
        form = StatusCheckForm(request.POST)
        key = _FAILURE_KEY.format(ip=client_ip(request) or "unknown")
        if (cache.get(key) or 0) >= _max_failures():
            return self.page(request, form, error=str(TOO_MANY), status=429)
        if not form.is_valid():
            return self.page(request, form, status=400)
        case = find_case(form.cleaned_data["case_number"], form.cleaned_data["code"])
        if case is None:
            # the window starts with the first failure and is not prolonged by later ones
            cache.add(key, 0, _window_seconds())
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, _window_seconds())
            return self.page(request, form, error=str(NOT_FOUND), status=200)
        return self.page(request, StatusCheckForm(), result=_public_status(case))
