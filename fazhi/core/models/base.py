"""The scoped base every domain record derives from (docs/adr/0001-scoping.md)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission
from fazhi.core.scoping import scope_prefixes, under_any

#: model action → role permission, for ordinary domain records
DEFAULT_SCOPE_ACTIONS = {
    "view": Permission.VIEW,
    "add": Permission.ADD,
    "change": Permission.CHANGE,
    "delete": Permission.DELETE,
    "approve": Permission.APPROVE,
}


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows whether it has been restricted to a user's scope."""

    _restricted = False

    def _clone(self):
        clone = super()._clone()
        clone._restricted = self._restricted
        return clone

    def restrict(self, user, action: str = "view") -> ScopedQuerySet:
        """Exactly the records ``user`` may ``action``; nothing when no membership grants it."""
        model = self.model
        permission = model.scope_permission(action)
        prefixes = scope_prefixes(user, permission)
        if not prefixes:
            qs = self.none()
        else:
            condition = under_any(prefixes, model.scope_path_field)
            extra = model.scope_extra_q(user, permission, prefixes)
            if extra is not None:
                condition |= extra
            qs = self.filter(condition)
            if model.scope_needs_distinct:
                qs = qs.distinct()
        qs._restricted = True
        return qs

    @property
    def is_restricted(self) -> bool:
        return self._restricted


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class ScopedMixin:
    """Class-level scoping declarations shared by the scoped base and the few special models."""

    #: the lookup from this model to the materialised path of the unit that owns it
    scope_path_field = "unit__path"
    scope_needs_distinct = False
    #: the attribute naming the owning unit, checked when a write would leave the writer's scope
    scope_unit_attr = "unit"
    scope_actions: dict[str, str] = DEFAULT_SCOPE_ACTIONS

    @classmethod
    def scope_permission(cls, action: str) -> str:
        try:
            return cls.scope_actions[action]
        except KeyError as exc:
            raise ValueError(f"{cls.__name__} 不支持操作 {action!r}") from exc

    @classmethod
    def scope_extra_q(cls, user, permission, prefixes):
        return None


class ScopedModel(ScopedMixin, models.Model):
    """Abstract base of every domain record: it belongs to exactly one organisation unit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True
