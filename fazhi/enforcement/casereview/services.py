"""Writes of 案卷评查: rubrics, campaigns, the draw, item-by-item scoring, finishing a file and a campaign.

Every service is keyword-only, atomic and audited, with an explicit ``actor``. A refusal raises
``ValidationError`` (or ``PermissionDenied`` / ``ScopeViolation``) with a Chinese sentence and writes
nothing: the checks run before the first write, and the transaction rolls back whatever follows.
"""

from __future__ import annotations

import datetime
import itertools
import secrets
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_create, record_delete
from fazhi.core.services.scoped import ensure_unit_allowed
from fazhi.core.workflow import transition
from fazhi.enforcement.casereview import default_rubric, sampling
from fazhi.enforcement.casereview.choices import CampaignStatus, FileStatus, SampleRule
from fazhi.enforcement.casereview.models import (
    CampaignUnit,
    FileScore,
    ReviewCampaign,
    Rubric,
    RubricItem,
    SampledCase,
)
from fazhi.enforcement.casereview.scoring import ZERO, capped, file_total, grade_of
from fazhi.enforcement.casereview.selectors import visible


def _refuse(message: str, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


def _decimal(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise _refuse(_("%(label)s应为数字。") % {"label": label}, code="number") from None
    if not number.is_finite():
        raise _refuse(_("%(label)s应为数字。") % {"label": label}, code="number")
    return number


# --- rubrics ---------------------------------------------------------------------------------------


def rubric_in_use(rubric: Rubric) -> bool:
    """Once a campaign has drawn with a rubric its items are fixed: scores point at them."""
    return rubric.campaigns.exclude(status=CampaignStatus.DRAFT).exists()


def _check_lines(pass_line: Decimal, excellent_line: Decimal) -> None:
    if not (ZERO < pass_line < excellent_line):
        raise _refuse(_("优秀线应高于合格线，且两者均应大于零。"), code="lines")


@transaction.atomic
def rubric_create(
    *,
    actor,
    unit: OrgUnit,
    name: str,
    year: int,
    pass_line: Decimal = default_rubric.PASS_LINE,
    excellent_line: Decimal = default_rubric.EXCELLENT_LINE,
    description: str = "",
) -> Rubric:
    _check_lines(Decimal(pass_line), Decimal(excellent_line))
    rubric = Rubric(
        unit=unit,
        name=name,
        year=year,
        pass_line=pass_line,
        excellent_line=excellent_line,
        description=description,
    )
    return record_create(actor=actor, instance=rubric)


def _validate_deductions(deductions, points: Decimal) -> list[dict]:
    cleaned = []
    for entry in deductions or []:
        text = str(entry.get("text", "")).strip()
        if not text:
            raise _refuse(_("扣分情形须写明问题。"), code="deduction_text")
        amount = _decimal(entry.get("points"), _("扣分"))
        if amount <= 0 or amount > points:
            raise _refuse(
                _("“%(text)s”的扣分应大于零且不超过该项分值%(points)s分。")
                % {"text": text, "points": points},
                code="deduction_points",
            )
        cleaned.append({"text": text, "points": str(amount)})
    return cleaned


@transaction.atomic
def rubric_item_save(
    *,
    actor,
    rubric: Rubric,
    item: RubricItem | None = None,
    number: int,
    section: str,
    text: str,
    points: Decimal,
    deductions: list[dict],
    veto: bool = False,
) -> RubricItem:
    """Add an item to ``rubric`` or change ``item``; refused once a campaign has drawn with the rubric."""
    if not Rubric.objects.restrict(actor, "change").filter(pk=rubric.pk).exists():
        raise PermissionDenied(_("您无权修改该评查标准。"))
    if rubric_in_use(rubric):
        raise _refuse(
            _("该评查标准已用于已抽取案卷的评查活动，评分依据不能再改；请复制一份后修改。"), code="in_use"
        )
    points = _decimal(points, _("分值"))
    if points <= 0:
        raise _refuse(_("分值应大于零。"), code="points")
    cleaned = _validate_deductions(deductions, points)
    taken = rubric.items.filter(number=number)
    if item is not None:
        taken = taken.exclude(pk=item.pk)
    if taken.exists():
        raise _refuse(_("序号%(n)s已被其他评查项目使用。") % {"n": number}, code="number_taken")
    values = {
        "number": number,
        "section": section,
        "text": text.strip(),
        "points": points,
        "deductions": cleaned,
        "veto": veto,
    }
    if item is None:
        return record_create(
            actor=actor, instance=RubricItem(unit_id=rubric.unit_id, rubric=rubric, **values)
        )
    item = RubricItem.objects.get(pk=item.pk, rubric=rubric)
    before = snapshot(item)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=item, changes=diff(before, snapshot(item)))
    return item


@transaction.atomic
def rubric_item_delete(*, actor, item: RubricItem) -> None:
    """Remove an item from a rubric no campaign has drawn with (the same rule as changing it)."""
    if not RubricItem.objects.restrict(actor, "delete").filter(pk=item.pk).exists():
        raise PermissionDenied(_("您无权删除该评查项目。"))
    item = RubricItem.objects.select_related("rubric").get(pk=item.pk)
    if rubric_in_use(item.rubric):
        raise _refuse(
            _("该评查标准已用于已抽取案卷的评查活动，评分依据不能再改；请复制一份后修改。"), code="in_use"
        )
    audit_record(actor=actor, action=AuditAction.DELETE, obj=item, changes=diff(snapshot(item), {}))
    item.delete()


def _copy_items(*, actor, rubric: Rubric, rows) -> None:
    for number, (section, text, points, veto, deductions) in enumerate(rows, start=1):
        record_create(
            actor=actor,
            instance=RubricItem(
                unit_id=rubric.unit_id,
                rubric=rubric,
                number=number,
                section=section,
                text=text,
                points=Decimal(points),
                veto=veto,
                deductions=[{"text": t, "points": str(p)} for t, p in deductions],
            ),
        )


@transaction.atomic
def rubric_install_default(*, actor, unit: OrgUnit, year: int, name: str = "") -> Rubric:
    """The shipped standard (default_rubric.py) as ``unit``'s own rubric: one event per row written."""
    rubric = rubric_create(
        actor=actor,
        unit=unit,
        name=name or default_rubric.NAME,
        year=year,
        description=default_rubric.DESCRIPTION,
    )
    _copy_items(actor=actor, rubric=rubric, rows=default_rubric.ITEMS)
    return rubric


@transaction.atomic
def rubric_copy(*, actor, rubric: Rubric, unit: OrgUnit, name: str, year: int) -> Rubric:
    """A new, editable rubric with ``rubric``'s lines and items (e.g. for next year's campaign)."""
    if not Rubric.objects.restrict(actor, "view").filter(pk=rubric.pk).exists():
        raise ScopeViolation()
    copy = rubric_create(
        actor=actor,
        unit=unit,
        name=name,
        year=year,
        pass_line=rubric.pass_line,
        excellent_line=rubric.excellent_line,
        description=rubric.description,
    )
    Rubric.objects.filter(pk=copy.pk).update(based_on=rubric)
    copy.based_on = rubric
    rows = [
        (i.section, i.text, i.points, i.veto, [(d["text"], d["points"]) for d in i.deductions])
        for i in rubric.items.order_by("number")
    ]
    _copy_items(actor=actor, rubric=copy, rows=rows)
    return copy


# --- campaigns -------------------------------------------------------------------------------------


@dataclass
class CampaignData:
    name: str
    year: int
    rubric: Rubric
    period_from: datetime.date
    period_to: datetime.date
    units: list[OrgUnit]
    sample_rule: str = SampleRule.FIXED
    sample_size: int = 10
    sample_percent: Decimal | None = None
    sample_minimum: int = 0
    note: str = ""


_CAMPAIGN_FIELDS = (
    "name",
    "year",
    "rubric",
    "period_from",
    "period_to",
    "sample_rule",
    "sample_size",
    "sample_percent",
    "sample_minimum",
    "note",
)


def _check_campaign(*, actor, unit: OrgUnit, data: CampaignData) -> None:
    if data.period_from > data.period_to:
        raise _refuse(_("结案日期的起始日不能晚于截止日。"), code="period")
    if not Rubric.objects.restrict(actor, "view").filter(pk=data.rubric.pk).exists():
        raise ScopeViolation()
    total = sum((i.points for i in data.rubric.items.all()), ZERO)
    if total <= 0:
        raise _refuse(_("所选评查标准还没有评查项目。"), code="rubric_empty")
    if data.rubric.excellent_line > total:
        raise _refuse(
            _("所选评查标准的优秀线（%(line)s分）高于其总分（%(total)s分），请先完善评查标准。")
            % {"line": data.rubric.excellent_line, "total": total},
            code="rubric_lines",
        )
    if data.sample_rule == SampleRule.FIXED:
        if data.sample_size < 1:
            raise _refuse(_("每单位抽取宗数应至少为1。"), code="sample_size")
    else:
        percent = data.sample_percent
        if percent is None or not (Decimal("0") < percent <= Decimal("100")):
            raise _refuse(_("抽取比例应大于0且不超过100。"), code="sample_percent")
    if not data.units:
        raise _refuse(_("请至少选择一个参评单位。"), code="units")
    paths = sorted({u.path for u in data.units})
    for u in data.units:
        if not u.path.startswith(unit.path):
            raise _refuse(
                _("参评单位“%(unit)s”不在组织单位“%(owner)s”的管辖范围内。")
                % {"unit": u.name, "owner": unit.name},
                code="unit_outside",
            )
    for a, b in itertools.pairwise(paths):
        if b.startswith(a):
            raise _refuse(_("参评单位不能相互包含（上级单位的样本已涵盖其下属单位）。"), code="units_overlap")
    visible = set(
        OrgUnit.objects.restrict(actor, "view")
        .filter(pk__in=[u.pk for u in data.units])
        .values_list("pk", flat=True)
    )
    if len(visible) != len({u.pk for u in data.units}):
        raise ScopeViolation()


def _write_strata(*, actor, campaign: ReviewCampaign, units: list[OrgUnit]) -> None:
    CampaignUnit.objects.filter(campaign=campaign).delete()
    for u in sorted(units, key=lambda x: x.path):
        CampaignUnit.objects.create(campaign=campaign, unit=u)


@transaction.atomic
def campaign_create(*, actor, unit: OrgUnit, data: CampaignData) -> ReviewCampaign:
    ensure_unit_allowed(user=actor, unit=unit, model=ReviewCampaign, action="add")
    _check_campaign(actor=actor, unit=unit, data=data)
    campaign = ReviewCampaign(unit=unit, **{name: getattr(data, name) for name in _CAMPAIGN_FIELDS})
    campaign.sample_percent = data.sample_percent if data.sample_rule == SampleRule.PERCENT else None
    record_create(actor=actor, instance=campaign)
    _write_strata(actor=actor, campaign=campaign, units=data.units)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: ReviewCampaign, data: CampaignData) -> ReviewCampaign:
    """Change a campaign still 草拟 (before the draw); afterwards its sample depends on these values."""
    if not ReviewCampaign.objects.restrict(actor, "change").filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("您无权修改该评查活动。"))
    campaign = ReviewCampaign.objects.select_related("unit").get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise _refuse(_("案卷已抽取，评查活动的范围和抽取规则不能再改。"), code="not_draft")
    _check_campaign(actor=actor, unit=campaign.unit, data=data)
    before = snapshot(campaign)
    before_units = sorted(campaign.strata.values_list("unit__name", flat=True))
    for name in _CAMPAIGN_FIELDS:
        setattr(campaign, name, getattr(data, name))
    if data.sample_rule != SampleRule.PERCENT:
        campaign.sample_percent = None
    campaign.save()
    _write_strata(actor=actor, campaign=campaign, units=data.units)
    changes = diff(before, snapshot(campaign))
    after_units = sorted(u.name for u in data.units)
    if after_units != before_units:
        changes["units"] = ["、".join(before_units), "、".join(after_units)]
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_draw(
    *, actor, campaign: ReviewCampaign, seed: str | None = None, at: datetime.datetime | None = None
) -> ReviewCampaign:
    """随机抽取: the sample of every participating unit from a fresh seed (sampling.py), recorded with the
    candidate count and the digest of each unit's candidate list. Refused — nothing written — when a
    participating unit has no closed case in the period: remove it from the campaign or widen the period.
    A unit with fewer cases than the rule asks gives all it has. A draw is final: there is no redraw.
    ``seed`` and ``at`` are for tests and the demo only; the pages never pass them."""
    if not ReviewCampaign.objects.restrict(actor, "change").filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("您无权对该评查活动抽取案卷。"))
    campaign = ReviewCampaign.objects.select_related("unit").get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise _refuse(_("该评查活动已经抽取过案卷；抽取结果一经产生不能重抽。"), code="already_drawn")
    strata = list(campaign.strata.select_related("unit").order_by("unit__sort_order", "unit__code"))
    if not strata:
        raise _refuse(_("该评查活动没有参评单位。"), code="units")
    seed = seed or secrets.token_hex(16)
    draws = sampling.derive(campaign, seed, [s.unit for s in strata])
    empty = [d.unit.name for d in draws if d.count == 0]
    if empty:
        raise _refuse(
            _(
                "以下参评单位在%(start)s至%(end)s期间没有已结案件，无法抽取：%(units)s。请调整参评单位或结案期间后再抽取。"
            )
            % {"start": campaign.period_from, "end": campaign.period_to, "units": "、".join(empty)},
            code="no_candidates",
        )
    transition(
        actor=actor,
        obj=campaign,
        name="draw",
        seed=seed,
        algorithm=sampling.ALGORITHM,
        drawn_at=at or timezone.now(),
        drawn_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    from fazhi.enforcement.cases.models import EnforcementCase

    unit_of = dict(
        EnforcementCase.objects.filter(pk__in=[i for d in draws for _r, i in d.chosen]).values_list(
            "pk", "unit_id"
        )
    )
    rows = []
    for stratum, d in zip(strata, draws, strict=True):
        stratum.candidate_count = d.count
        stratum.candidate_digest = d.digest
        stratum.required = d.required
        stratum.drawn = len(d.chosen)
        for position, (rank, case_id) in enumerate(d.chosen, start=1):
            pk = uuid.UUID(case_id)
            rows.append(
                SampledCase(
                    unit_id=unit_of[pk],
                    campaign=campaign,
                    stratum=stratum,
                    case_id=pk,
                    rank=rank,
                    position=position,
                )
            )
    CampaignUnit.objects.bulk_update(strata, ["candidate_count", "candidate_digest", "required", "drawn"])
    SampledCase.objects.bulk_create(rows, batch_size=500)
    return campaign


@dataclass
class UnitCheck:
    unit: OrgUnit
    recorded_count: int | None
    count: int
    recorded_digest: str
    digest: str
    missing: list[str]  # drawn then, not derived now (case numbers)
    extra: list[str]  # derived now, not drawn then

    @property
    def consistent(self) -> bool:
        return (
            self.recorded_count == self.count
            and self.recorded_digest == self.digest
            and not self.missing
            and not self.extra
        )


def campaign_verify(*, campaign: ReviewCampaign, user=None) -> list[UnitCheck]:
    """Re-derive the sample from the recorded seed and today's cases; compare with what was recorded.

    A read (no audit): the result is 一致 when every unit's candidate count, candidate digest and sample
    match; otherwise each difference is listed (e.g. a case reopened or its 结案日期 changed later).
    With ``user``, the participating units that user may see (each unit's draw stands on its own)."""
    from fazhi.enforcement.cases.models import EnforcementCase

    campaign = ReviewCampaign.objects.get(pk=campaign.pk)  # the stored seed and state, not a stale copy
    if campaign.status == CampaignStatus.DRAFT:
        return []
    strata = visible(CampaignUnit.objects.filter(campaign=campaign), user)
    strata = list(strata.select_related("unit").order_by("unit__sort_order", "unit__code"))
    if not strata:
        return []
    draws = sampling.derive(campaign, campaign.seed, [s.unit for s in strata])
    stored: dict = {}
    for stratum_id, case_id in SampledCase.objects.filter(campaign=campaign, stratum__in=strata).values_list(
        "stratum_id", "case_id"
    ):
        stored.setdefault(stratum_id, set()).add(str(case_id))
    differing = set()
    for stratum, d in zip(strata, draws, strict=True):
        derived = {i for _r, i in d.chosen}
        differing |= stored.get(stratum.pk, set()) ^ derived
    label = {
        str(pk): number or str(pk)
        for pk, number in EnforcementCase.objects.filter(pk__in=differing).values_list("pk", "number")
    }
    checks = []
    for stratum, d in zip(strata, draws, strict=True):
        derived = {i for _r, i in d.chosen}
        had = stored.get(stratum.pk, set())
        checks.append(
            UnitCheck(
                unit=stratum.unit,
                recorded_count=stratum.candidate_count,
                count=d.count,
                recorded_digest=stratum.candidate_digest,
                digest=d.digest,
                missing=sorted(label.get(i, i) for i in had - derived),
                extra=sorted(label.get(i, i) for i in derived - had),
            )
        )
    return checks


# --- scoring ---------------------------------------------------------------------------------------


class Verdict:
    UNSCORED = ""
    OK = "ok"
    PROBLEM = "problem"
    VETO = "veto"


@dataclass
class ItemMark:
    """What a reviewer entered for one item: the verdict, the typical deductions picked (by index) and an
    optional custom deduction with its text."""

    item_id: object
    verdict: str
    picked: list[int] = field(default_factory=list)
    custom_text: str = ""
    custom_points: Decimal | None = None
    note: str = ""


def _can_score(actor, campaign: ReviewCampaign) -> bool:
    return ReviewCampaign.objects.restrict(actor, "change").filter(pk=campaign.pk).exists()


def _open_file(*, actor, sampled: SampledCase) -> SampledCase:
    sampled = SampledCase.objects.select_related("campaign", "campaign__rubric").get(pk=sampled.pk)
    if not _can_score(actor, sampled.campaign):
        raise PermissionDenied(_("您无权评查该活动的案卷（评查由组织评查的单位进行）。"))
    if sampled.campaign.status not in (CampaignStatus.DRAWN, CampaignStatus.REVIEWING):
        raise _refuse(
            _("评查活动当前状态为“%(state)s”，不能评分。") % {"state": sampled.campaign.get_status_display()},
            code="campaign_state",
        )
    if sampled.status == FileStatus.FINISHED:
        raise _refuse(_("该案卷已评定，评分不能再改。"), code="finished")
    return sampled


def _score_row(item: RubricItem, mark: ItemMark) -> dict:
    custom_text = (mark.custom_text or "").strip()
    note = (mark.note or "").strip()
    if mark.verdict == Verdict.VETO:
        if not item.veto:
            raise _refuse(_("第%(n)s项不是否决项。") % {"n": item.number}, code="not_veto")
        # the whole item is lost and the file fails; the problem is the reviewer's text, else the item
        problem = {
            "text": custom_text or _("%(item)s（不符合）") % {"item": item.text},
            "points": str(item.points),
            "custom": bool(custom_text),
            "veto": True,
        }
        return {"deducted": item.points, "deductions": [problem], "failed": True, "note": note}
    problems = []
    for index in mark.picked:
        if not (0 <= index < len(item.deductions)):
            raise _refuse(_("第%(n)s项：所选扣分情形不存在。") % {"n": item.number}, code="deduction")
        entry = item.deductions[index]
        problems.append({"text": entry["text"], "points": str(entry["points"]), "custom": False})
    if mark.custom_points is not None or custom_text:
        points = _decimal(mark.custom_points, _("扣分")) if mark.custom_points is not None else None
        if not custom_text or points is None or points <= 0:
            raise _refuse(
                _("第%(n)s项：其他扣分须同时写明问题和大于零的扣分。") % {"n": item.number}, code="custom"
            )
        problems.append({"text": custom_text, "points": str(points), "custom": True})
    if mark.verdict == Verdict.OK and problems:
        raise _refuse(
            _("第%(n)s项：结论为“符合”，不能同时扣分。") % {"n": item.number}, code="ok_with_deduction"
        )
    if mark.verdict == Verdict.PROBLEM and not problems:
        raise _refuse(
            _("第%(n)s项：结论为“有问题”，请选择或填写扣分情形。") % {"n": item.number}, code="no_deduction"
        )
    total = sum((Decimal(p["points"]) for p in problems), ZERO)
    # an item never goes below zero: the deduction is capped at its points
    return {"deducted": capped(total, item.points), "deductions": problems, "failed": False, "note": note}


@transaction.atomic
def file_score(*, actor, sampled: SampledCase, marks: list[ItemMark]) -> SampledCase:
    """Record the verdicts of some or all items (a reviewer may save as they go); an item left 未评
    removes an earlier verdict. The first file scored moves the campaign to 评查中."""
    sampled = _open_file(actor=actor, sampled=sampled)
    items = {str(i.pk): i for i in sampled.campaign.rubric.items.all()}
    rows = {}
    for mark in marks:
        item = items.get(str(mark.item_id))
        if item is None:
            raise _refuse(_("评查项目不属于本活动的评查标准。"), code="item")
        if mark.verdict not in (Verdict.UNSCORED, Verdict.OK, Verdict.PROBLEM, Verdict.VETO):
            raise _refuse(_("第%(n)s项的结论无效。") % {"n": item.number}, code="verdict")
        rows[item.pk] = None if mark.verdict == Verdict.UNSCORED else _score_row(item, mark)
    existing = {s.item_id: s for s in FileScore.objects.filter(sampled=sampled)}
    changed = []
    for item_pk, values in rows.items():
        current = existing.get(item_pk)
        if values is None:
            if current is not None:
                current.delete()
                changed.append(items[str(item_pk)].number)
            continue
        if current is None:
            FileScore.objects.create(unit_id=sampled.unit_id, sampled=sampled, item_id=item_pk, **values)
            changed.append(items[str(item_pk)].number)
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            current.save(update_fields=[*values, "updated_at"])
            changed.append(items[str(item_pk)].number)
    if not changed:
        return sampled
    if sampled.campaign.status == CampaignStatus.DRAWN:
        transition(actor=actor, obj=sampled.campaign, name="start")
    if sampled.status == FileStatus.PENDING:
        SampledCase.objects.filter(pk=sampled.pk).update(status=FileStatus.SCORING, updated_at=timezone.now())
        sampled.status = FileStatus.SCORING
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=sampled,
        changes={"scores": [None, "、".join(str(n) for n in sorted(changed))]},
        note=_("评查评分（项目序号）"),
    )
    return sampled


def file_tally(sampled: SampledCase) -> dict:
    """The file's running totals from its stored verdicts (for the page and for finishing)."""
    rubric = sampled.campaign.rubric
    items = list(rubric.items.all())
    scores = list(FileScore.objects.filter(sampled=sampled))
    total_points = sum((i.points for i in items), ZERO)
    score = file_total(total_points, [s.deducted for s in scores])
    vetoed = any(s.failed for s in scores)
    scored = {s.item_id for s in scores}
    return {
        "total_points": total_points,
        "deducted": sum((s.deducted for s in scores), ZERO),
        "score": score,
        "vetoed": vetoed,
        "unscored": [i for i in items if i.pk not in scored],
        "grade": grade_of(
            score, vetoed=vetoed, pass_line=rubric.pass_line, excellent_line=rubric.excellent_line
        ),
    }


@transaction.atomic
def file_finish(*, actor, sampled: SampledCase, on: datetime.date, summary: str = "") -> SampledCase:
    """评定: only when every item has a verdict; fixes the score, the grade and the reviewer."""
    sampled = _open_file(actor=actor, sampled=sampled)
    tally = file_tally(sampled)
    if tally["unscored"]:
        raise _refuse(
            _("还有%(n)s个评查项目未评（序号：%(items)s），全部评完后才能评定。")
            % {"n": len(tally["unscored"]), "items": "、".join(str(i.number) for i in tally["unscored"])},
            code="unscored",
        )
    drawn_on = timezone.localdate(sampled.campaign.drawn_at) if sampled.campaign.drawn_at else None
    if drawn_on and on < drawn_on:
        raise _refuse(_("评定日期不能早于抽取日期（%(d)s）。") % {"d": drawn_on}, code="date_order")
    values = {
        "status": FileStatus.FINISHED,
        "score": tally["score"],
        "grade": tally["grade"],
        "vetoed": tally["vetoed"],
        "finished_on": on,
        "summary": summary.strip(),
        "reviewer": actor if getattr(actor, "is_authenticated", False) else None,
    }
    updated = (
        SampledCase.objects.filter(pk=sampled.pk)
        .exclude(status=FileStatus.FINISHED)
        .update(updated_at=timezone.now(), **values)
    )
    if updated != 1:
        raise _refuse(_("该案卷已评定，评分不能再改。"), code="finished")
    before = sampled.status
    for key, value in values.items():
        setattr(sampled, key, value)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=sampled,
        changes={
            "status": [before, FileStatus.FINISHED],
            "score": [None, str(tally["score"])],
            "grade": [None, tally["grade"]],
        },
    )
    return sampled


@transaction.atomic
def campaign_complete(*, actor, campaign: ReviewCampaign, on: datetime.date) -> ReviewCampaign:
    """完成评查: only when every sampled file is 已评定."""
    if not ReviewCampaign.objects.restrict(actor, "change").filter(pk=campaign.pk).exists():
        raise PermissionDenied(_("您无权办理该评查活动。"))
    open_files = SampledCase.objects.filter(campaign=campaign).exclude(status=FileStatus.FINISHED).count()
    if open_files:
        raise _refuse(
            _("还有%(n)s宗案卷未评定，全部评定后才能完成评查。") % {"n": open_files}, code="files_open"
        )
    return transition(actor=actor, obj=campaign, name="complete", completed_on=on)


@transaction.atomic
def campaign_delete(*, actor, campaign: ReviewCampaign) -> None:
    """删除 a campaign still 草拟, with its participating units. A drawn campaign is kept: its seed and
    candidate digests are the record that lets anyone re-derive the sample."""
    if (
        actor is not None
        and not ReviewCampaign.objects.restrict(actor, "delete").filter(pk=campaign.pk).exists()
    ):
        raise PermissionDenied(_("您无权删除该评查活动。"))
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(
            _("评查活动已“%(state)s”，不能删除：抽取记录须保留，以便按随机种子复核。")
            % {"state": campaign.get_status_display()},
            code="invalid_transition",
        )
    record_delete(actor=actor, instance=campaign)
