"""Historical 行政复议 cases from a register (.xlsx): one row → one case, created with its outcome.

A county that starts using fazhi brings its 台账 of earlier cases. Those cases are not replayed through
the workflow (nobody knows the dates of every copy sent and answer received years ago); they are created
directly in the state their dates and outcome describe, but only when those are **consistent** — the same
rules the services enforce step by step (复议法 第三十条、第四十一条、第六十一条):

- status follows from the dates: 不予受理日期 → 不予受理 (needs the reason), 视为放弃日期 → 视为放弃申请,
  结案方式 → 已结案 (needs 结案日期 and a 受理日期: only an accepted case is decided or terminated),
  受理日期 alone → 审理中, none of them → 待审查;
- dates in order: 知道 ≤ 收到 ≤ 受理 ≤ 决定 ≤ 结案, 听证 between 受理 and 结案, nothing after today;
- 终止 needs its 终止事由 (第四十一条), every other decision its 批准人 (第六十一条).

The 案号 is kept when given (a historical number) and refused when the unit already has it; a number in
the unit's own format is also entered in the numbering register and its sequence moved past it, so the
engine never issues it again. A blank 案号 is drawn from the numbering engine for the year of receipt.
Open cases (待审查, 审理中) get their statutory periods opened as registration and acceptance open them
(the services' own helpers), counted from the historical dates — so the deadline board shows them, overdue
where they are. Every created record (case, applicants, hearing, issued number) is audited.

Several applicants share one cell, separated by “、”; 申请人类型 and 证件类型 apply to all of them, and the
证件号码 cell lists their numbers in the same order (fewer numbers than names: the last ones have none).
"""

from __future__ import annotations

import datetime
import re
import string

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.choices import AuditAction, Permission
from fazhi.core.forms.units import UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit, User
from fazhi.core.scoping import has_permission_on_unit, units_with_permission
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.scoped import ensure_in_scope, ensure_unit_allowed
from fazhi.core.validators import id_number_checksum_ok
from fazhi.numbering.formats import render_number
from fazhi.numbering.models import IssuedNumber, NumberSequence
from fazhi.numbering.selectors import effective_template
from fazhi.numbering.services import number_issue
from fazhi.reconsideration import rules
from fazhi.reconsideration.choices import (
    ApplicantKind,
    CaseStatus,
    Channel,
    DecisionType,
    EventKind,
    IdType,
    MatterCategory,
    Procedure,
    TerminationGround,
)
from fazhi.reconsideration.doc_types import CASE_NUMBER
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services._common import _open
from fazhi.reconsideration.services.intake import _start_review, new_verification_code
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.counting import compute
from fazhi.workdays.rules import get_rule

#: several applicants (and their ID numbers) in one cell
SEPARATOR = "、"
MAX_APPLICANTS = 30

#: the dates of a row in the order the law requires them (field, label)
DATE_LABELS = {
    "knew_on": gettext_lazy("知道日期"),
    "received_on": gettext_lazy("收到申请日期"),
    "accepted_on": gettext_lazy("受理日期"),
    "refused_on": gettext_lazy("不予受理日期"),
    "abandoned_on": gettext_lazy("视为放弃日期"),
    "decided_on": gettext_lazy("决定日期"),
    "closed_on": gettext_lazy("结案日期"),
    "hearing_on": gettext_lazy("听证日期"),
}


# --- the consistency rules (shared by the form and the service) -----------------------------------


def derive_status(values: dict) -> str:
    """The status the dates and outcome of a historical case describe."""
    if values.get("refused_on"):
        return CaseStatus.REFUSED
    if values.get("abandoned_on"):
        return CaseStatus.ABANDONED
    if values.get("decision_type"):
        return CaseStatus.CLOSED
    if values.get("accepted_on"):
        return CaseStatus.ACCEPTED
    return CaseStatus.REVIEW


def _label(field: str) -> str:
    return str(DATE_LABELS[field])


def history_problems(values: dict, *, today: datetime.date) -> list[tuple[str, str]]:
    """Everything inconsistent in one historical case, as (field, message in Chinese); empty when it
    may be stored. ``values`` holds the cleaned fields (dates as dates, choices as their values)."""
    v = values
    problems: list[tuple[str, str]] = []

    def order(later: str, earlier: str) -> None:
        if v.get(later) and v.get(earlier) and v[later] < v[earlier]:
            problems.append(
                (
                    later,
                    _("%(later)s（%(a)s）不能早于%(earlier)s（%(b)s）。")
                    % {
                        "later": _label(later),
                        "a": v[later].isoformat(),
                        "earlier": _label(earlier),
                        "b": v[earlier].isoformat(),
                    },
                )
            )

    for field in DATE_LABELS:
        if v.get(field) and v[field] > today:
            problems.append(
                (field, _("%(label)s不能晚于今天（%(today)s）。") % {"label": _label(field), "today": today})
            )
    order("received_on", "knew_on")
    for field in ("accepted_on", "refused_on", "abandoned_on"):
        order(field, "received_on")

    # 受理、不予受理、视为放弃: one answer to the application (第三十条、第三十一条)
    if v.get("accepted_on") and v.get("refused_on"):
        problems.append(("refused_on", _("已填写受理日期的案件不能同时填写不予受理日期。")))
    if v.get("abandoned_on") and (v.get("accepted_on") or v.get("refused_on")):
        problems.append(("abandoned_on", _("视为放弃申请的案件不能同时填写受理日期或不予受理日期。")))
    if v.get("refused_on") and not v.get("refusal_reason"):
        problems.append(
            ("refusal_reason", _("填写了不予受理日期，请同时填写不予受理理由（第三十条第二款）。"))
        )
    if v.get("refusal_reason") and not v.get("refused_on"):
        problems.append(("refused_on", _("填写了不予受理理由，请同时填写不予受理日期。")))

    decision = v.get("decision_type")
    if decision:
        label = DecisionType(decision).label
        if not v.get("accepted_on"):
            problems.append(
                (
                    "accepted_on",
                    _("结案方式为“%(d)s”的案件须填写受理日期：只有受理后才能作出行政复议决定或终止审理。")
                    % {"d": label},
                )
            )
        if not v.get("closed_on"):
            problems.append(("closed_on", _("填写了结案方式，请同时填写结案日期。")))
        if decision == DecisionType.TERMINATE and not v.get("termination_ground"):
            problems.append(("termination_ground", _("结案方式为“终止”，请填写终止事由（第四十一条）。")))
        if decision != DecisionType.TERMINATE and v.get("termination_ground"):
            problems.append(("termination_ground", _("只有结案方式为“终止”的案件才填写终止事由。")))
        if decision != DecisionType.TERMINATE and not v.get("decision_approver"):
            problems.append(
                (
                    "decision_approver",
                    _("请填写批准人：行政复议决定须经行政复议机关负责人同意或者集体讨论通过（第六十一条）。"),
                )
            )
        order("decided_on", "accepted_on")
        order("closed_on", "accepted_on")
        order("closed_on", "decided_on")
    else:
        for field, message in (
            ("closed_on", _("填写了结案日期，请同时填写结案方式。")),
            ("decided_on", _("填写了决定日期，请同时填写结案方式。")),
            ("termination_ground", _("填写了终止事由，请将结案方式填为“终止”。")),
        ):
            if v.get(field):
                problems.append(("decision_type", message))
        if v.get("closed_late"):
            problems.append(("closed_late", _("未结案的案件不能填写超期结案为“是”。")))

    if v.get("hearing_on"):
        if not v.get("accepted_on"):
            problems.append(("hearing_on", _("听证在受理后举行，请同时填写受理日期。")))
        order("hearing_on", "accepted_on")
        if v.get("closed_on") and v["hearing_on"] > v["closed_on"]:
            problems.append(
                (
                    "hearing_on",
                    _("听证日期（%(h)s）不能晚于结案日期（%(c)s）。")
                    % {"h": v["hearing_on"].isoformat(), "c": v["closed_on"].isoformat()},
                )
            )
    return problems


def decision_due(procedure: str, accepted_on: datetime.date) -> datetime.date:
    """The statutory decision day counted from acceptance (60日 / 简易 30日, 第六十二条), without
    suspensions or extensions (a register does not record them)."""
    rule = get_rule(rules.DECISION_RULES[procedure])
    return compute(kind=rule.kind, count=rule.count, start=accepted_on, calendar=load_calendar()).due


# --- applicants -----------------------------------------------------------------------------------


def split_cell(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def parse_applicants(
    names: str, *, kind: str = "", id_type: str = "", id_numbers: str = ""
) -> tuple[list[dict], list[tuple[str, str]]]:
    """The applicants of one cell (names separated by “、”) and the problems found, as (field, message)."""
    problems: list[tuple[str, str]] = []
    found = split_cell(names)
    numbers = split_cell(id_numbers)
    kind = kind or ApplicantKind.PERSON
    if not found:
        problems.append(("applicants", _("请填写申请人；多名申请人用“、”分隔。")))
    if len(found) > MAX_APPLICANTS:
        problems.append(("applicants", _("一行最多填写 %(n)d 名申请人。") % {"n": MAX_APPLICANTS}))
    if len(numbers) > len(found):
        problems.append(
            (
                "id_numbers",
                _("证件号码有 %(n)d 个，多于申请人（%(m)d 名）；请按申请人的顺序填写，用“、”分隔。")
                % {"n": len(numbers), "m": len(found)},
            )
        )
    if numbers and not id_type:
        id_type = IdType.RESIDENT_ID if kind == ApplicantKind.PERSON else IdType.CREDIT_CODE
    for number in numbers:
        if "*" in number:
            problems.append(
                (
                    "id_numbers",
                    _("“%(n)s”是导出时脱敏的号码，请填写完整的证件号码或删除。") % {"n": number},
                )
            )
        elif id_type == IdType.RESIDENT_ID and not id_number_checksum_ok(number.upper()):
            problems.append(
                (
                    "id_numbers",
                    _("“%(n)s”不是有效的居民身份证号码（应为 18 位，末位可为 X，校验位须正确）。")
                    % {"n": number},
                )
            )
        elif len(number) > 40:
            problems.append(("id_numbers", _("证件号码“%(n)s”过长。") % {"n": number}))
    applicants = [
        {
            "kind": kind,
            "name": name[:200],
            "id_type": id_type if index < len(numbers) else "",
            "id_number": numbers[index].upper() if index < len(numbers) else "",
        }
        for index, name in enumerate(found)
    ]
    return applicants, problems


# --- historical case numbers ----------------------------------------------------------------------


def _number_pattern(template: str, unit: OrgUnit) -> re.Pattern:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name == "seq":
            parts.append(r"(?P<seq>\d{1,9})")
        elif name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "unit_short":
            parts.append(re.escape(unit.short_name))
        elif name == "unit_code":
            parts.append(re.escape(unit.code))
    return re.compile("^" + "".join(parts) + "$")


def number_in_unit_format(unit: OrgUnit, text: str) -> tuple[int, int] | None:
    """(year, seq) when ``text`` is exactly what the unit's 案号 template gives for them, else None."""
    template = effective_template(unit=unit, doc_type=CASE_NUMBER).template
    match = _number_pattern(template, unit).match(text)
    if not match:
        return None
    year, seq = int(match["year"]), int(match["seq"])
    if seq < 1 or render_number(template, unit=unit, year=year, seq=seq) != text:
        return None
    return year, seq


def number_taken(unit: OrgUnit, text: str) -> bool:
    """The unit already has a case with this number, or the engine has issued it."""
    if ReconsiderationCase.objects.filter(unit=unit, case_number=text).exists():
        return True
    parsed = number_in_unit_format(unit, text)
    return bool(
        parsed
        and IssuedNumber.objects.filter(
            unit=unit, doc_type=CASE_NUMBER, year=parsed[0], seq=parsed[1]
        ).exists()
    )


def _record_historical_number(actor, case: ReconsiderationCase, text: str) -> None:
    """A given number in the unit's own format enters the numbering register (linked to the case), and
    the year's sequence moves past it, so that ``number_issue`` never issues it a second time."""
    parsed = number_in_unit_format(case.unit, text)
    if parsed is None:
        return
    year, seq = parsed
    issued = IssuedNumber(
        unit=case.unit,
        doc_type=CASE_NUMBER,
        year=year,
        seq=seq,
        text=text,
        template=effective_template(unit=case.unit, doc_type=CASE_NUMBER).template,
        issued_by=actor,
        content_type=ContentType.objects.get_for_model(ReconsiderationCase),
        object_id=str(case.pk),
    )
    issued.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=issued,
        changes=diff({}, snapshot(issued, ["doc_type", "year", "seq", "text"])),
        note=_("导入历史案号"),
    )
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        unit=case.unit, doc_type=CASE_NUMBER, year=year
    )
    NumberSequence.objects.filter(pk=sequence.pk, last__lt=seq).update(last=seq, updated_at=timezone.now())


# --- the service ----------------------------------------------------------------------------------


CASE_FIELDS = (
    "agent_name",
    "respondent_name",
    "contested_act",
    "act_document_number",
    "category",
    "knew_on",
    "requests",
    "reasons",
    "channel",
    "received_on",
    "handler",
    "procedure",
    "accepted_on",
    "refused_on",
    "refusal_reason",
    "abandoned_on",
    "decision_type",
    "termination_ground",
    "decided_on",
    "decision_approver",
    "closed_on",
)


@transaction.atomic
def case_import(
    *,
    actor,
    unit: OrgUnit,
    applicants: list[dict],
    received_on: datetime.date,
    contested_act: str,
    category: str,
    requests: str,
    channel: str,
    respondent_name: str = "",
    respondent_unit: OrgUnit | None = None,
    case_number: str = "",
    procedure: str = Procedure.ORDINARY,
    closed_late: bool | None = None,
    hearing_on: datetime.date | None = None,
    today: datetime.date | None = None,
    note: str = "",
    **fields,
) -> ReconsiderationCase:
    """Create one historical case in the state its dates and outcome describe (module docstring).

    ``fields``: the other columns of :data:`CASE_FIELDS`. ``closed_late`` None: computed from the
    decision period (第六十二条) for a closed case. Refuses (ValidationError) an inconsistent case, a
    number the unit already has, a unit outside the actor's add scope."""
    ensure_unit_allowed(user=actor, unit=unit, model=ReconsiderationCase, action="add")
    today = today or timezone.localdate()
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"未知字段：{sorted(unknown)}")
    fields.update(
        received_on=received_on,
        contested_act=contested_act,
        category=category,
        requests=requests,
        channel=channel,
        respondent_name=respondent_name,
        procedure=procedure or Procedure.ORDINARY,
    )
    values = {name: fields.get(name) for name in CASE_FIELDS}
    values.update(closed_late=closed_late, hearing_on=hearing_on)
    problems = history_problems(values, today=today)
    if not applicants:
        problems.append(("applicants", _("请填写申请人；多名申请人用“、”分隔。")))
    if category not in MatterCategory.values:
        problems.append(("category", _("案件类别无效。")))
    if channel not in Channel.values:
        problems.append(("channel", _("申请方式无效。")))
    respondent_name = (respondent_name or "").strip() or (respondent_unit.name if respondent_unit else "")
    values["respondent_name"] = respondent_name
    if not respondent_name:
        problems.append(("respondent_name", _("请填写被申请人。")))
    case_number = (case_number or "").strip()
    if case_number and number_taken(unit, case_number):
        problems.append(("case_number", _("本单位已有案号为“%(n)s”的案件。") % {"n": case_number}))
    handler = values["handler"]
    if handler is not None and not has_permission_on_unit(handler, Permission.VIEW, unit):
        problems.append(
            (
                "handler",
                _("承办人“%(name)s”不在%(unit)s的管辖范围内。")
                % {"name": handler.get_full_name() or handler.username, "unit": unit.name},
            )
        )
    if problems:
        raise ValidationError([message for _field, message in problems])

    status = derive_status(values)
    if status == CaseStatus.CLOSED:
        values["decided_on"] = values["decided_on"] or values["closed_on"]
        if closed_late is None:
            closed_late = values["closed_on"] > decision_due(values["procedure"], values["accepted_on"])
    case = ReconsiderationCase(
        unit=unit,
        status=status,
        respondent_unit=respondent_unit,
        verification_code=new_verification_code(),
        closed_late=bool(closed_late) if status == CaseStatus.CLOSED else False,
        **{name: values[name] for name in CASE_FIELDS if values[name] is not None},
    )
    case.respondent_name = respondent_name
    for name in (
        "agent_name",
        "contested_act",
        "act_document_number",
        "requests",
        "reasons",
        "refusal_reason",
    ):
        setattr(case, name, (getattr(case, name) or "").strip())
    case.save(force_insert=True)
    if case_number:
        case.case_number = case_number
        _record_historical_number(actor, case, case_number)
    else:
        issued = number_issue(
            actor=actor, unit=unit, doc_type=CASE_NUMBER, year=received_on.year, record=case
        )
        case.case_number = issued.text
    case.save(update_fields=["case_number", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        changes=diff({}, snapshot(case)),
        note=note or _("导入历史案件（%(status)s）") % {"status": case.get_status_display()},
    )
    for a in applicants:
        applicant = CaseApplicant.objects.create(unit=unit, case=case, **a)
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=applicant, changes=diff({}, snapshot(applicant))
        )
    if hearing_on is not None:
        event = CaseEvent.objects.create(
            unit=unit, case=case, kind=EventKind.HEARING, on=hearing_on, actor=actor, note=_("历史案件导入")
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=event,
            changes=diff({}, snapshot(event)),
            note=_("导入听证记录"),
        )
    # Open cases: the statutory periods registration (第三十条) and acceptance (第四十八条、第六十二条)
    # open, counted from the historical dates.
    if status == CaseStatus.REVIEW:
        _open(actor, case, rules.ACCEPTANCE, received_on)
    elif status == CaseStatus.ACCEPTED:
        _start_review(actor, case, case.accepted_on)
    ensure_in_scope(user=actor, obj=case, action="add")
    return case


# --- the import form (one row) ----------------------------------------------------------------------


def _blank(choices) -> list:
    return [("", "---------"), *choices]


class ImportLookups:
    """What every row of one import looks up, read once: the respondent units by code."""

    def __init__(self):
        self._units: dict[str, OrgUnit | None] = {}

    def unit_by_code(self, code: str) -> OrgUnit | None:
        if code not in self._units:
            self._units[code] = OrgUnit.objects.filter(code__iexact=code, is_active=True).first()
        return self._units[code]


class CaseImportForm(forms.Form):
    """One row of the 行政复议案件 register, validated as a whole case (see the module docstring)."""

    case_number = forms.CharField(label=gettext_lazy("案号"), required=False, max_length=60)
    received_on = forms.DateField(
        label=gettext_lazy("收到申请日期"), error_messages={"required": gettext_lazy("请填写收到申请日期。")}
    )
    applicants = forms.CharField(
        label=gettext_lazy("申请人"),
        max_length=2000,
        error_messages={"required": gettext_lazy("请填写申请人；多名申请人用“、”分隔。")},
    )
    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("申请人类型"), choices=_blank(ApplicantKind.choices), required=False
    )
    id_type = forms.ChoiceField(
        label=gettext_lazy("证件类型"), choices=_blank(IdType.choices), required=False
    )
    id_numbers = forms.CharField(label=gettext_lazy("证件号码"), required=False, max_length=2000)
    agent_name = forms.CharField(label=gettext_lazy("代理人"), required=False, max_length=100)
    respondent_name = forms.CharField(label=gettext_lazy("被申请人"), required=False, max_length=200)
    respondent_unit = forms.CharField(label=gettext_lazy("被申请人单位编码"), required=False, max_length=60)
    contested_act = forms.CharField(
        label=gettext_lazy("行政行为"),
        max_length=300,
        error_messages={"required": gettext_lazy("请填写被申请复议的行政行为。")},
    )
    act_document_number = forms.CharField(label=gettext_lazy("文书编号"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=gettext_lazy("案件类别"),
        choices=MatterCategory.choices,
        error_messages={"required": gettext_lazy("请填写案件类别。")},
    )
    knew_on = forms.DateField(label=gettext_lazy("知道日期"), required=False)
    requests = forms.CharField(
        label=gettext_lazy("复议请求"), error_messages={"required": gettext_lazy("请填写复议请求。")}
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("申请方式"),
        choices=Channel.choices,
        error_messages={"required": gettext_lazy("请填写申请方式（当面、邮寄或网上）。")},
    )
    procedure = forms.ChoiceField(
        label=gettext_lazy("审理程序"), choices=_blank(Procedure.choices), required=False
    )
    accepted_on = forms.DateField(label=gettext_lazy("受理日期"), required=False)
    refused_on = forms.DateField(label=gettext_lazy("不予受理日期"), required=False)
    refusal_reason = forms.CharField(label=gettext_lazy("不予受理理由"), required=False, max_length=2000)
    abandoned_on = forms.DateField(label=gettext_lazy("视为放弃日期"), required=False)
    decision_type = forms.ChoiceField(
        label=gettext_lazy("结案方式"), choices=_blank(DecisionType.choices), required=False
    )
    termination_ground = forms.ChoiceField(
        label=gettext_lazy("终止事由"), choices=_blank(TerminationGround.choices), required=False
    )
    decided_on = forms.DateField(label=gettext_lazy("决定日期"), required=False)
    decision_approver = forms.CharField(label=gettext_lazy("批准人"), required=False, max_length=100)
    closed_on = forms.DateField(label=gettext_lazy("结案日期"), required=False)
    closed_late = forms.NullBooleanField(label=gettext_lazy("超期结案"), required=False)
    hearing_on = forms.DateField(label=gettext_lazy("听证日期"), required=False)
    handler = forms.ModelChoiceField(
        label=gettext_lazy("承办人"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="username",
        error_messages={"invalid_choice": gettext_lazy("用户名不存在，或不在您可以操作的范围内。")},
    )
    status = forms.ChoiceField(label=gettext_lazy("状态"), choices=_blank(CaseStatus.choices), required=False)
    unit = UnitChoiceField(
        label=gettext_lazy("单位"),
        queryset=OrgUnit.objects.none(),
        error_messages={"required": gettext_lazy("请填写承办案件的单位（机构代码）。")},
    )

    def __init__(self, *args, user, lookups: ImportLookups | None = None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.lookups = lookups or ImportLookups()
        self.today = today
        unit_field_for(self.fields["unit"], user, Permission.ADD)
        # 承办人: anyone holding a membership in a unit the importer sees (the row's unit is checked in clean)
        visible = units_with_permission(user, Permission.VIEW)
        self.fields["handler"].queryset = User.objects.filter(
            memberships__unit__in=visible, is_active=True
        ).distinct()

    def clean(self):
        data = super().clean()
        code = (data.get("respondent_unit") or "").strip()
        data["respondent_unit"] = None
        if code:
            found = self.lookups.unit_by_code(code)
            if found is None:
                self.add_error("respondent_unit", _("单位编码“%(c)s”不存在或已停用。") % {"c": code})
            else:
                data["respondent_unit"] = found
        if not (data.get("respondent_name") or "").strip() and not code:
            self.add_error("respondent_name", _("请填写被申请人（或被申请人单位编码）。"))
        applicants, problems = parse_applicants(
            data.get("applicants", ""),
            kind=data.get("applicant_kind", ""),
            id_type=data.get("id_type", ""),
            id_numbers=data.get("id_numbers", ""),
        )
        data["applicant_list"] = applicants
        checked = {name: data.get(name) for name in (*CASE_FIELDS, "closed_late", "hearing_on")}
        problems += history_problems(checked, today=self.today or timezone.localdate())
        derived = derive_status(checked)
        if data.get("status") and data["status"] != derived and not problems:
            problems.append(
                ("status", _("按所填日期和结案方式，状态应为“%(s)s”。") % {"s": CaseStatus(derived).label})
            )
        unit, number = data.get("unit"), (data.get("case_number") or "").strip()
        if unit is not None and number and number_taken(unit, number):
            problems.append(("case_number", _("本单位已有案号为“%(n)s”的案件。") % {"n": number}))
        handler = data.get("handler")
        if unit is not None and handler is not None:
            if not has_permission_on_unit(handler, Permission.VIEW, unit):
                problems.append(
                    (
                        "handler",
                        _("承办人“%(u)s”不在%(unit)s的管辖范围内。")
                        % {"u": handler.username, "unit": unit.name},
                    )
                )
        for field, message in problems:
            self.add_error(field if field in self.fields else None, message)
        return data


def import_kwargs(data: dict) -> dict:
    """The arguments of :func:`case_import` from a valid row."""
    return {
        "unit": data["unit"],
        "applicants": data["applicant_list"],
        "case_number": data.get("case_number", ""),
        "respondent_unit": data.get("respondent_unit"),
        "procedure": data.get("procedure") or Procedure.ORDINARY,
        "closed_late": data.get("closed_late"),
        "hearing_on": data.get("hearing_on"),
        **{name: data.get(name) for name in CASE_FIELDS if name != "procedure"},
    }


def save_case_row(*, actor, data: dict) -> ReconsiderationCase:
    """The register's ``save_row``: one validated row through :func:`case_import`."""
    return case_import(actor=actor, **import_kwargs(data))
