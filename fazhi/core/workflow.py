"""The workflow base: a status enum, a transition table, and one audited helper that runs a transition.

A module declares its table once (in its ``workflows.py``) and puts it on the model::

    class CaseStatus(models.TextChoices):
        RECEIVED = "received", _("已收件")
        ACCEPTED = "accepted", _("已受理")
        REJECTED = "rejected", _("不予受理")

    CASE_WORKFLOW = Workflow(CaseStatus, [
        Transition("accept", [CaseStatus.RECEIVED], CaseStatus.ACCEPTED, _("受理")),
        Transition("reject", [CaseStatus.RECEIVED], CaseStatus.REJECTED, _("不予受理"), reason_required=True),
    ])

    class Case(ScopedModel):
        status = models.CharField(..., choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
        workflow = CASE_WORKFLOW

Each transition then has its own service, which calls :func:`transition` inside its transaction::

    @transaction.atomic
    def case_accept(*, actor, case, accepted_on):
        return transition(actor=actor, obj=case, name="accept", accepted_on=accepted_on,
                          on_commit=lambda: notify_applicant(case.pk))

Pages show a button for each of :func:`available_transitions` (or test :func:`can`). See docs/workflows.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.choices import AuditAction


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    ``action`` is a model action (a key of the model's ``scope_actions``, e.g. "change" or "approve"):
    the actor must hold it over the record, through ``restrict(actor, action)``.
    """

    name: str
    sources: Iterable[str]
    target: str
    label: str
    action: str = "change"
    reason_required: bool = False

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


class Workflow:
    """A status enum and its transition table, attached to one model as the class attribute ``workflow``."""

    def __init__(
        self, states: type[models.TextChoices], transitions: Iterable[Transition], *, field: str = "status"
    ):
        self.states = states
        self.field = field
        self.model: type[models.Model] | None = None
        self.transitions: dict[str, Transition] = {}
        valid = set(states.values)
        for t in transitions:
            if t.name in self.transitions:
                raise ImproperlyConfigured(f"流转“{t.name}”重复定义")
            unknown = [s for s in (*t.sources, t.target) if s not in valid]
            if unknown or not t.sources:
                raise ImproperlyConfigured(f"流转“{t.name}”引用了未定义的状态：{unknown or '（无起始状态）'}")
            self.transitions[t.name] = t

    def contribute_to_class(self, cls, name):
        """Bind to the model (Django calls this for class attributes that define it) and check the table."""
        if self.model is not None and self.model is not cls:
            raise ImproperlyConfigured(f"同一个流程表不能同时用于 {self.model.__name__} 和 {cls.__name__}")
        self.model = cls
        setattr(cls, name, self)
        actions = getattr(cls, "scope_actions", None)
        if actions is not None:
            missing = sorted({t.action for t in self.transitions.values()} - set(actions))
            if missing:
                raise ImproperlyConfigured(f"{cls.__name__} 的 scope_actions 缺少流转所需的操作：{missing}")

    def __getitem__(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError as exc:
            raise ValueError(f"{self.model.__name__ if self.model else ''} 没有名为 {name!r} 的流转") from exc

    def label_of(self, state: str | None) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state or "—"

    def __iter__(self):
        return iter(self.transitions.values())


def workflow_of(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    workflow = getattr(model, "workflow", None)
    if not isinstance(workflow, Workflow):
        raise ImproperlyConfigured(f"{model.__name__} 没有声明 workflow（流转表）")
    return workflow


# --- permission predicates ------------------------------------------------------------------------


def _allowed(user, obj: models.Model, action: str) -> bool:
    """Whether ``user`` may ``action`` this record: the one scoping mechanism, without a query when it can."""
    model = type(obj)
    unit_attr = getattr(model, "scope_unit_attr", None)
    if unit_attr and model.scope_path_field == f"{unit_attr}__path":
        from fazhi.core.scoping import scope_prefixes

        unit = getattr(obj, unit_attr, None)
        if unit is None:
            return False
        prefixes = scope_prefixes(user, model.scope_permission(action))
        if any(unit.path.startswith(p) for p in prefixes):
            return True
        if model.scope_extra_q(user, model.scope_permission(action), prefixes) is None:
            return False
    return model._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def available_transitions(obj: models.Model, user) -> list[Transition]:
    """The transitions ``user`` may run on ``obj`` in its current (loaded) state, in table order."""
    workflow = workflow_of(obj)
    state = getattr(obj, workflow.field)
    checked: dict[str, bool] = {}
    result = []
    for t in workflow:
        if state not in t.sources:
            continue
        if t.action not in checked:
            checked[t.action] = _allowed(user, obj, t.action)
        if checked[t.action]:
            result.append(t)
    return result


def can(obj: models.Model, user, name: str) -> bool:
    """``can_<verb>()`` for templates and views: the state allows ``name`` and so does the user's scope."""
    t = workflow_of(obj)[name]
    return getattr(obj, workflow_of(obj).field) in t.sources and _allowed(user, obj, t.action)


def transition_flags(obj: models.Model, user) -> dict[str, bool]:
    """``{name: can(...)}`` for every transition, for templates: ``{% if can.void %}``."""
    allowed = {t.name for t in available_transitions(obj, user)}
    return {t.name: t.name in allowed for t in workflow_of(obj)}


# --- running a transition ---------------------------------------------------------------------------


def refusal(workflow: Workflow, t: Transition, state: str | None) -> ValidationError:
    return ValidationError(
        _("当前状态为“%(state)s”，不能执行“%(action)s”。")
        % {"state": workflow.label_of(state), "action": t.label},
        code="invalid_transition",
    )


def _locked_state(model: type[models.Model], pk, field: str) -> str | None:
    """The stored state, read under a row lock where the database has one (a no-op on SQLite)."""
    return model._base_manager.select_for_update().filter(pk=pk).values_list(field, flat=True).first()


@transaction.atomic
def transition(
    *,
    actor,
    obj: models.Model,
    name: str,
    reason: str = "",
    on_commit: Callable[[], None] | None = None,
    **fields,
) -> models.Model:
    """Run transition ``name`` on ``obj`` for ``actor``; set ``fields`` in the same UPDATE.

    Inside the caller's transaction: the actor's scope for the transition's action, the current state
    (read under a row lock on PostgreSQL; SQLite's IMMEDIATE transaction already excludes other
    writers), the reason where required, then a conditional ``UPDATE … WHERE pk = … AND status IN
    (sources)`` whose row count must be 1 — so two concurrent requests cannot both succeed, whatever
    the database. Writes the audit event (TRANSITION, status old → new, the reason as note) and
    schedules ``on_commit`` to run after the outermost transaction commits. Returns ``obj`` updated.
    """
    workflow = workflow_of(obj)
    t = workflow[name]
    model = type(obj)
    status_field = workflow.field
    reason = (reason or "").strip()

    concrete = {f.name: f for f in model._meta.concrete_fields}
    for key in fields:
        if key not in concrete or key == status_field or concrete[key].primary_key:
            raise ValueError(f"流转“{name}”不能设置字段 {key!r}")

    # actor=None: the system acting for a module (a daily task), as in the deadline engine's services
    if actor is not None and not model._default_manager.restrict(actor, t.action).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("您无权对该记录执行“%(action)s”。") % {"action": t.label})

    current = _locked_state(model, obj.pk, status_field)
    if current not in t.sources:
        raise refusal(workflow, t, current)
    if t.reason_required and not reason:
        raise ValidationError(_("执行“%(action)s”须填写理由。") % {"action": t.label}, code="reason_required")

    attnames = {key: concrete[key].attname for key in fields}
    stored = model._base_manager.filter(pk=obj.pk).values(*attnames.values()).first() if fields else {}
    before = {key: stored[attname] for key, attname in attnames.items()}
    values = dict(fields)
    values[status_field] = t.target
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) and f.name not in values:
            values[f.name] = now
    updated = model._base_manager.filter(pk=obj.pk, **{f"{status_field}__in": t.sources}).update(**values)
    if updated != 1:
        now_state = model._base_manager.filter(pk=obj.pk).values_list(status_field, flat=True).first()
        raise refusal(workflow, t, now_state)

    for key, value in values.items():
        setattr(obj, key, value)

    unit_attr = getattr(model, "scope_unit_attr", None)
    if unit_attr and unit_attr in fields and actor is not None:
        from fazhi.core.services.scoped import ensure_in_scope

        ensure_in_scope(user=actor, obj=obj, action=t.action)

    from fazhi.core.services.audit import _as_text, audit_record

    changes: dict[str, list] = {status_field: [current, t.target]}
    for key in fields:
        old, new = _as_text(before[key]), _as_text(getattr(obj, attnames[key]))
        if old != new:
            changes[key] = [old, new]

    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=obj, changes=changes, note=reason)
    if on_commit is not None:
        transaction.on_commit(on_commit)
    return obj
