"""Forms of the organisation-unit pages. Every parent choice is narrowed to units the user may manage."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Permission, UnitKind
from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import covers_root, scope_prefixes, units_with_permission
from fazhi.core.services.units import EDITABLE_FIELDS


class BootstrapFormMixin:
    """Gives every widget the Bootstrap 5 class its type needs, so templates render ``{{ field }}`` as is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def scope_top_depth(user, permission: str) -> int:
    """Depth of the highest unit in the user's scope; trees are indented relative to it."""
    return min((prefix.count("/") - 1 for prefix in scope_prefixes(user, permission)), default=0)


def tree_order(units: list[OrgUnit], keys: dict[str, tuple] | None = None) -> list[OrgUnit]:
    """Depth-first order with siblings by 排序 then name (paths alone would order them by their ids).

    ``keys`` gives (排序, name) of ancestors that are not in ``units`` themselves, e.g. in a search result.
    """
    keys = {**(keys or {}), **{unit.id.hex: (unit.sort_order, unit.name) for unit in units}}

    def key(unit: OrgUnit):
        return [(*keys.get(part, (0, "")), part) for part in unit.path.strip("/").split("/")]

    return sorted(units, key=key)


class TreeChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in tree_order(list(self.queryset)):
            yield self.choice(obj)


class UnitChoiceField(forms.ModelChoiceField):
    """Lists units in tree order, each indented under its parent, so a long list reads as the tree it is."""

    iterator = TreeChoiceIterator
    default_error_messages = {"invalid_choice": _("所选单位不存在或不在您的管理范围内。")}
    #: depth shown without indentation (the top of the user's scope); set by the form
    base_depth = 0

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'　' * max(obj.depth - self.base_depth, 0)}{obj.name}"


def unit_field_for(field: UnitChoiceField, user, permission: str = Permission.MANAGE) -> None:
    """Narrow ``field`` to the active units where ``user`` holds ``permission``."""
    field.queryset = units_with_permission(user, permission)
    field.base_depth = scope_top_depth(user, permission)


class UnitForm(BootstrapFormMixin, ScopedModelForm):
    reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        max_length=200,
        help_text=_("更名或变更简称时填写，记入机构沿革，如“机构改革，更名为……”。"),
    )

    class Meta:
        model = OrgUnit
        fields = ("parent", *EDITABLE_FIELDS)
        field_classes = {"parent": UnitChoiceField}
        widgets = {"sort_order": forms.NumberInput(attrs={"min": 0})}

    def __init__(self, *args, user, scope_action: str = "add", **kwargs):
        super().__init__(*args, user=user, scope_action=scope_action, **kwargs)
        for name in ("kind", "level"):
            field = self.fields[name]
            field.choices = [("", _("请选择")), *[c for c in field.choices if c[0] != ""]]
        if self.instance._state.adding:
            del self.fields["reason"]
            unit_field_for(self.fields["parent"], user)
            may_create_root = covers_root(user, Permission.MANAGE)
            self.fields["parent"].required = not may_create_root
            self.fields["parent"].empty_label = (
                _("（无，作为顶级单位）") if may_create_root else _("请选择上级单位")
            )
            self.fields["parent"].help_text = _("只能选择您有权管理的单位。")
        else:
            # Moving is a separate page with its own checks and history entry.
            del self.fields["parent"]


class UnitMoveForm(BootstrapFormMixin, forms.Form):
    new_parent = UnitChoiceField(label=_("新的上级单位"), queryset=OrgUnit.objects.none(), empty_label=None)
    reason = forms.CharField(
        label=_("调整原因"),
        required=False,
        max_length=200,
        help_text=_("记入机构沿革，如“根据机构改革方案划转”。"),
    )

    def __init__(self, *args, user, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        # Neither the unit itself, nor its subtree, nor its present parent is a possible destination.
        field = self.fields["new_parent"]
        unit_field_for(field, user)
        field.queryset = field.queryset.exclude(path__startswith=unit.path)
        if unit.parent_id:
            field.queryset = field.queryset.exclude(pk=unit.parent_id)


class UnitFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("名称或代码"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *UnitKind.choices]
    )
