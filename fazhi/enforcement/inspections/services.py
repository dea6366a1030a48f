"""Writes of 双随机一公开: the draw (抽取), each entity's result, the end of the inspection and publication.

Every service is keyword-only, atomic and audited, with an explicit ``actor``. A refusal raises
``ValidationError`` with a Chinese sentence and writes nothing. The pools (entities, inspectors,
conflicts) and the tasks themselves are plain records, written through fazhi.core.services.records.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction
from fazhi.core.services.audit import audit_record, diff, snapshot
from fazhi.core.services.records import record_delete
from fazhi.core.workflow import refusal, transition
from fazhi.enforcement.inspections import draw as drawing
from fazhi.enforcement.inspections import rules
from fazhi.enforcement.inspections.choices import TaskStatus
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionResult, InspectionTask
from fazhi.enforcement.inspections.selectors import candidates
from fazhi.enforcement.models import EnforcementOfficer


def _refuse(message: str, code: str = "refused") -> ValidationError:
    return ValidationError(message, code=code)


def _locked(actor, task: InspectionTask, action: str = "change") -> InspectionTask:
    """The stored task, in the actor's scope for ``action``, locked for the transaction."""
    qs = InspectionTask.objects.restrict(actor, action) if actor is not None else InspectionTask.objects.all()
    if not qs.filter(pk=task.pk).exists():
        raise PermissionDenied(_("您无权办理该抽查任务。"))
    return InspectionTask.objects.select_for_update().select_related("unit").get(pk=task.pk)


def _actor_label(actor) -> str:
    name = actor.get_full_name() or actor.get_username()
    units = "、".join(
        m.unit.name for m in actor.memberships.filter(is_active=True).select_related("unit")[:2]
    )
    return f"{units}{name}" if units else name


def _expect(task: InspectionTask, name: str) -> None:
    t = InspectionTask.workflow[name]
    if task.status not in t.sources:
        raise refusal(InspectionTask.workflow, t, task.status)


@transaction.atomic
def task_draw(
    *, actor, task: InspectionTask, on: datetime.date | None = None, seed: str | None = None
) -> InspectionTask:
    """随机抽取: N entities from the pool and two inspectors for each (draw.py), the seed generated here
    with ``secrets`` unless given (tests, or re-entering a draw made offline). Refused, writing nothing,
    when the pool is empty, N exceeds it, or an entity has fewer than two inspectors without a conflict;
    only officers holding a usable 行政执法证 on ``on`` are candidates (处罚法 第42条)."""
    task = _locked(actor, task)
    _expect(task, "draw")
    on = on or timezone.localdate()
    seed = seed or secrets.token_hex(16)
    pool = candidates(task, on=on)
    n = drawing.sample_size(len(pool.entities), ratio=task.ratio, count=task.sample_size)
    try:
        picks = drawing.derive(
            seed=seed,
            entities=pool.entities,
            inspectors=pool.inspectors,
            conflicts=pool.conflicts,
            n=n,
            names={code: e.name for code, e in pool.entity_rows.items()},
        )
    except drawing.DrawRefused as exc:
        raise _refuse(exc.message, exc.code) from exc
    digest = drawing.candidates_digest(pool.entities, pool.inspectors, pool.conflicts)
    transition(
        actor=actor,
        obj=task,
        name="draw",
        seed=seed,
        algorithm=drawing.ALGORITHM,
        drawn_at=timezone.now(),
        drawn_on=on,
        candidates_digest=digest,
    )
    # the lists themselves are long; the audited digest vouches for them
    InspectionTask.objects.filter(pk=task.pk).update(
        entity_candidates=pool.entities,
        inspector_candidates=pool.inspectors,
        conflict_pairs=sorted(map(list, pool.conflicts)),
    )
    officers = {str(o.pk): o for o in EnforcementOfficer.objects.filter(pk__in=pool.inspectors)}
    DrawnEntity.objects.bulk_create(
        [
            DrawnEntity(
                unit_id=task.unit_id,
                task=task,
                entity=pool.entity_rows[pick.code],
                position=pick.position,
                entity_name=pool.entity_rows[pick.code].name,
                credit_code=pick.code,
                inspector_1=officers[pick.inspectors[0]],
                inspector_2=officers[pick.inspectors[1]],
            )
            for pick in picks
        ]
    )
    return InspectionTask.objects.get(pk=task.pk)


@transaction.atomic
def result_record(
    *, actor, drawn: DrawnEntity, result: str, inspected_on: datetime.date, note: str = ""
) -> InspectionResult:
    """Enter (or correct) the result of one drawn entity while its task is 已抽取 or 检查中; the first
    result moves the task to 检查中.

    Who may: whoever may change the drawn entity (``DrawnEntity.objects.restrict(actor, "change")``) — the
    lead department's staff for any of them and, in a joint task, a participating department's staff for
    the entities its own officers were drawn to inspect."""
    if actor is not None and not DrawnEntity.objects.restrict(actor, "change").filter(pk=drawn.pk).exists():
        raise PermissionDenied(_("您无权登记该对象的检查结果。"))
    task = InspectionTask.objects.select_for_update().select_related("unit").get(pk=drawn.task_id)
    if task.status not in (TaskStatus.DRAWN, TaskStatus.INSPECTING):
        raise _refuse(
            _("抽查任务当前状态为“%(state)s”，不能登记检查结果。") % {"state": task.get_status_display()},
            code="invalid_transition",
        )
    if inspected_on < task.drawn_on:
        raise _refuse(
            _("检查日期（%(on)s）不能早于抽取日期（%(drawn)s）。")
            % {"on": inspected_on, "drawn": task.drawn_on},
            code="date_order",
        )
    if inspected_on > timezone.localdate():
        raise _refuse(_("检查日期不能晚于今天。"), code="date_order")
    if task.status == TaskStatus.DRAWN:
        if actor is None or InspectionTask.objects.restrict(actor, "change").filter(pk=task.pk).exists():
            transition(actor=actor, obj=task, name="start")
        else:
            # a participating department's first result starts the lead's task: the system moves it,
            # naming who recorded the result (the result's own audit event carries the actor)
            transition(
                actor=None,
                obj=task,
                name="start",
                reason=_("联合抽查部门%(who)s登记首户检查结果（%(entity)s），任务转入检查中。")
                % {"who": _actor_label(actor), "entity": drawn.entity_name},
            )
    existing = InspectionResult.objects.filter(drawn=drawn).first()
    if existing is None:
        record = InspectionResult.objects.create(
            unit_id=drawn.unit_id, drawn=drawn, result=result, inspected_on=inspected_on, note=note
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=record, changes=diff({}, snapshot(record)))
        return record
    before = snapshot(existing)
    existing.result, existing.inspected_on, existing.note = result, inspected_on, note
    existing.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=existing, changes=diff(before, snapshot(existing))
    )
    return existing


@transaction.atomic
def task_finish(*, actor, task: InspectionTask, on: datetime.date) -> InspectionTask:
    """检查结束: every drawn entity has its result; the publication deadline (20 个工作日, rules.py) runs
    from ``on`` through the calendar engine."""
    task = _locked(actor, task)
    _expect(task, "finish")
    missing = list(
        DrawnEntity.objects.filter(task=task, result__isnull=True)
        .order_by("position")
        .values_list("entity_name", flat=True)
    )
    if missing:
        shown = "、".join(missing[:5]) + (_("等") if len(missing) > 5 else "")
        raise _refuse(
            _("还有 %(n)d 户未登记检查结果（%(names)s），不能结束检查。")
            % {"n": len(missing), "names": shown},
            code="results_missing",
        )
    last = InspectionResult.objects.filter(drawn__task=task).order_by("-inspected_on").first()
    if last is not None and on < last.inspected_on:
        raise _refuse(
            _("检查结束日期（%(on)s）不能早于最后一户的检查日期（%(last)s）。")
            % {"on": on, "last": last.inspected_on},
            code="date_order",
        )
    if on > timezone.localdate():
        raise _refuse(_("检查结束日期不能晚于今天。"), code="date_order")
    return transition(
        actor=actor, obj=task, name="finish", finished_on=on, publication_due_on=rules.publication_due(on)
    )


@transaction.atomic
def task_publish(*, actor, task: InspectionTask, on: datetime.date) -> InspectionTask:
    """公示: the results appear on the public page from ``on``."""
    task = _locked(actor, task)
    _expect(task, "publish")
    if on < task.finished_on:
        raise _refuse(
            _("公示日期（%(on)s）不能早于检查结束日期（%(end)s）。") % {"on": on, "end": task.finished_on},
            code="date_order",
        )
    if on > timezone.localdate():
        raise _refuse(_("公示日期不能晚于今天。"), code="date_order")
    return transition(actor=actor, obj=task, name="publish", published_on=on)


@transaction.atomic
def task_delete(*, actor, task: InspectionTask) -> None:
    """删除 a task still 草拟 (made by mistake, or abandoned before the draw). A drawn task is kept: its
    seed and candidate lists are the record that lets anyone verify the draw."""
    task = _locked(actor, task, "delete")
    if task.status != TaskStatus.DRAFT:
        raise _refuse(
            _("抽查任务已“%(state)s”，不能删除：抽取记录须保留，以便按随机种子复核。")
            % {"state": task.get_status_display()},
            code="invalid_transition",
        )
    record_delete(actor=actor, instance=task)
