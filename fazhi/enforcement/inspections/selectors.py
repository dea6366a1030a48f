"""Reads of 双随机一公开: a task's candidates on a day, the verification of a recorded draw, overdue publication."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.enforcement.inspections import draw as drawing
from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import (
    Conflict,
    DrawnEntity,
    InspectedEntity,
    InspectionTask,
    Inspector,
)
from fazhi.enforcement.models import EnforcementOfficer
from fazhi.enforcement.selectors import officers_assignable


def task_units(task: InspectionTask) -> list:
    """The lead department and, for a joint task, the other participating departments."""
    units = [task.unit]
    if task.is_joint and task.pk:
        units += [u for u in task.participants.all() if u.pk != task.unit_id]
    return units


def _under(units, field_name: str = "unit__path") -> Q:
    q = Q()
    for unit in units:
        q |= Q(**{f"{field_name}__startswith": unit.path})
    return q


@dataclass
class Pool:
    entities: list[str]  # 统一社会信用代码, sorted, unique
    inspectors: list[str]  # officer ids (text), sorted, unique
    conflicts: set[tuple[str, str]]  # (code, officer id)
    entity_rows: dict = field(default_factory=dict)  # code → InspectedEntity


def candidates(task: InspectionTask, *, on: datetime.date) -> Pool:
    """What a draw of ``task`` on ``on`` chooses from: the active entities of the participating pools
    (and their sub-units'), one per 统一社会信用代码 (the lead's entry first, then by unit), in the task's
    industry and risk level if it names them; the active inspectors of those pools whose officer holds a usable 行政执法证
    on ``on`` (处罚法 第42条); the conflicts between them."""
    units = task_units(task)
    entities = InspectedEntity.objects.filter(_under(units), active=True).select_related("unit")
    if task.industry:
        entities = entities.filter(industry=task.industry)
    if task.risk_level:
        entities = entities.filter(risk_level=task.risk_level)
    rows: dict[str, InspectedEntity] = {}
    lead = task.unit.path
    for entity in sorted(
        entities, key=lambda e: (not e.unit.path.startswith(lead), e.unit.path, e.credit_code)
    ):
        rows.setdefault(entity.credit_code, entity)
    entries = Inspector.objects.filter(_under(units), active=True)
    officers = officers_assignable(
        on=on, queryset=EnforcementOfficer.objects.filter(pk__in=entries.values("officer_id"))
    )
    inspector_ids = sorted({str(pk) for pk in officers.values_list("pk", flat=True)})
    pairs = Conflict.objects.filter(
        inspector__officer_id__in=inspector_ids, entity__credit_code__in=list(rows)
    ).values_list("entity__credit_code", "inspector__officer_id")
    conflicts = {(code, str(officer)) for code, officer in pairs}
    return Pool(sorted(rows), inspector_ids, conflicts, rows)


@dataclass
class Verification:
    ok: bool
    problems: list[str]
    picks: list[drawing.Pick]

    @property
    def verdict(self) -> str:
        return _("一致") if self.ok else _("不一致")


def verify_draw(task: InspectionTask) -> Verification:
    """Re-derive the draw from the recorded seed and candidate lists and compare it with the stored rows;
    also check that the lists still hash to the recorded digest."""
    if not task.seed:
        return Verification(False, [_("该任务尚未抽取。")], [])
    problems: list[str] = []
    if task.algorithm != drawing.ALGORITHM:
        problems.append(_("抽取算法版本“%(v)s”不是本平台可复核的版本。") % {"v": task.algorithm})
        return Verification(False, problems, [])
    digest = drawing.candidates_digest(task.entity_candidates, task.inspector_candidates, task.conflict_pairs)
    if digest != task.candidates_digest:
        problems.append(_("备选名单与抽取时记录的摘要不符，备选名单可能被改动。"))
    drawn = list(DrawnEntity.objects.filter(task=task).order_by("position"))
    try:
        picks = drawing.derive(
            seed=task.seed,
            entities=task.entity_candidates,
            inspectors=task.inspector_candidates,
            conflicts=[tuple(p) for p in task.conflict_pairs],
            n=len(drawn),
        )
    except drawing.DrawRefused as exc:
        return Verification(False, [*problems, exc.message], [])
    names = {
        str(o.pk): o.name
        for o in EnforcementOfficer.objects.filter(
            pk__in={i for p in picks for i in p.inspectors}
            | {str(d.inspector_1_id) for d in drawn}
            | {str(d.inspector_2_id) for d in drawn}
        )
    }
    for pick, row in zip(picks, drawn, strict=True):
        if row.position != pick.position or row.credit_code != pick.code:
            problems.append(
                _("第 %(p)d 位：记录为 %(got)s，复核应为 %(want)s。")
                % {"p": pick.position, "got": row.credit_code, "want": pick.code}
            )
        got = (str(row.inspector_1_id), str(row.inspector_2_id))
        if got != pick.inspectors:
            problems.append(
                _("第 %(p)d 位（%(name)s）检查人员：记录为 %(got)s，复核应为 %(want)s。")
                % {
                    "p": pick.position,
                    "name": row.entity_name,
                    "got": "、".join(names.get(i, i) for i in got),
                    "want": "、".join(names.get(i, i) for i in pick.inspectors),
                }
            )
    return Verification(not problems, problems, picks)


def publication_overdue(queryset, *, today: datetime.date):
    """Tasks awaiting publication past their deadline."""
    return queryset.filter(status=TaskStatus.AWAITING_PUBLICATION, publication_due_on__lt=today)
