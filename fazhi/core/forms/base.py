"""Forms that narrow every choice of a scoped record to what the user may see."""

from __future__ import annotations

from django import forms

from fazhi.core.models import OrgUnit
from fazhi.core.models.base import ScopedMixin
from fazhi.core.scoping import units_with_permission


def narrow_choice_fields(fields, user, model=None, action: str = "add") -> None:
    """Restrict each model-choice field; the owning ``unit`` to units where ``action`` is allowed."""
    for name, field in fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, ScopedMixin):
            continue
        if name == "unit" and queryset.model is OrgUnit and model is not None:
            field.queryset = units_with_permission(user, model.scope_permission(action))
        else:
            field.queryset = queryset.model._default_manager.restrict(user, "view")


class ScopedModelForm(forms.ModelForm):
    def __init__(self, *args, user, scope_action: str = "add", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        narrow_choice_fields(self.fields, user, self._meta.model, scope_action)
