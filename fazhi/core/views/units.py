"""Pages for organisation units (组织机构): the visible tree, a unit's record and history, and its changes.

Every record is looked up through the scoped base views, so a unit outside the user's scope answers
404 for reading and writing alike; every write goes through fazhi.core.services.units.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from fazhi.core.choices import Permission, UnitKind
from fazhi.core.forms.units import UnitFilterForm, UnitForm, UnitMoveForm, scope_top_depth, tree_order
from fazhi.core.models import OrgUnit, UnitChange
from fazhi.core.scoping import (
    ScopeViolation,
    has_permission_anywhere,
    has_permission_on_unit,
    units_with_permission,
)
from fazhi.core.services.units import (
    EDITABLE_FIELDS,
    unit_create,
    unit_delete,
    unit_move,
    unit_references,
    unit_set_active,
    unit_update,
)
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.excel.export import ExcelExportMixin


def add_errors(form, exc: Exception) -> None:
    """Put a service's refusal on the form: next to the field it names, else above the form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


class ScopedObjectFormView(ScopedViewMixin, SingleObjectMixin, generic.FormView):
    """A form acting on one scoped record (move, reset a password, add a membership).

    The record is fetched through the restricted queryset before the form is built, on GET and POST
    alike, so an out-of-scope identifier is a 404 and nothing is done.
    """

    scope_action = "change"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class ScopedPostActionView(ScopedDetailView):
    """A button on a record's page (enable, unlock, remove): POST only, the record looked up in scope."""

    http_method_names = ["post"]
    #: where to go afterwards: this URL name with the record's pk
    success_url_name = ""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.act(self.object)
        except (ValidationError, ScopeViolation) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())

    def act(self, obj) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return reverse(self.success_url_name, args=[self.object.pk])


def querystring_without_page(request) -> str:
    """The list's filters, to carry into pagination links and exports."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def unit_detail_url(unit: OrgUnit) -> str:
    return reverse("units:detail", args=[unit.pk])


class UnitListView(ExcelExportMixin, ScopedListView):
    model = OrgUnit
    excel_register = "units"
    template_name = "core/units/list.html"
    paginate_by = 200

    def get(self, request, *args, **kwargs):
        self.filter_form = UnitFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            q = form.cleaned_data["q"].strip()
            if q:
                qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
            if form.cleaned_data["kind"]:
                qs = qs.filter(kind=form.cleaned_data["kind"])
        return qs

    @property
    def filtering(self) -> bool:
        return bool(self.filter_form.is_bound and self.filter_form.has_changed())

    def paginate_queryset(self, queryset, page_size):
        keys = None
        if self.filtering:  # the matches' ancestors are missing; their sort keys still place the matches
            visible = OrgUnit.objects.restrict(self.request.user, "view")
            keys = {
                pk.hex: (order, name) for pk, order, name in visible.values_list("id", "sort_order", "name")
            }
        return super().paginate_queryset(tree_order(list(queryset), keys), page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        top = scope_top_depth(user, Permission.VIEW)
        filtering = self.filtering
        for unit in context["object_list"]:
            unit.indent = 0 if filtering else max(unit.depth - top, 0)
            unit.can_manage = has_permission_on_unit(user, Permission.MANAGE, unit)
        context["filter_form"] = self.filter_form
        context["filtering"] = filtering
        context["querystring"] = querystring_without_page(self.request)
        context["can_create"] = has_permission_anywhere(user, Permission.MANAGE)
        return context


class UnitDetailView(ScopedDetailView):
    model = OrgUnit
    template_name = "core/units/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, unit = self.request.user, self.object
        visible = OrgUnit.objects.restrict(user, "view")
        ancestors = list(visible.filter(pk__in=unit.lineage_ids(include_self=False)).order_by("depth"))
        context["ancestors"] = ancestors
        context["parent_visible"] = any(a.pk == unit.parent_id for a in ancestors)
        context["children"] = tree_order(list(visible.filter(parent=unit)))
        context["history"] = (
            UnitChange.objects.restrict(user, "view").filter(unit=unit).select_related("changed_by")
        )
        context["references"] = unit_references(unit)
        context["can_manage"] = has_permission_on_unit(user, Permission.MANAGE, unit)
        return context


class UnitCreateView(ScopedCreateView):
    model = OrgUnit
    form_class = UnitForm
    template_name = "core/units/form.html"

    def get_initial(self):
        """``?parent=`` preselects the parent; a new unit usually sits at its parent's level."""
        initial = super().get_initial()
        try:
            parent_id = uuid.UUID(self.request.GET.get("parent", ""))
        except ValueError:
            return initial
        parent = units_with_permission(self.request.user, Permission.MANAGE).filter(pk=parent_id).first()
        if parent is not None:
            initial.update(parent=parent.pk, level=parent.level, kind=UnitKind.DEPARTMENT)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = unit_create(
                actor=self.request.user, parent=data["parent"], **{f: data[f] for f in EDITABLE_FIELDS}
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已新建单位“%(name)s”。") % {"name": self.object.name})
        return HttpResponseRedirect(unit_detail_url(self.object))


class UnitUpdateView(ScopedUpdateView):
    model = OrgUnit
    form_class = UnitForm
    template_name = "core/units/form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = unit_update(
                actor=self.request.user,
                unit=self.object,
                reason=data.get("reason", ""),
                **{f: data[f] for f in EDITABLE_FIELDS},
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(unit_detail_url(self.object))


class UnitMoveView(ScopedObjectFormView):
    model = OrgUnit
    form_class = UnitMoveForm
    template_name = "core/units/move.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["unit"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            unit_move(
                actor=self.request.user,
                unit=self.object,
                new_parent=form.cleaned_data["new_parent"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, ScopeViolation) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已将“%(unit)s”调整到“%(parent)s”之下。")
            % {"unit": self.object.name, "parent": form.cleaned_data["new_parent"].name},
        )
        return HttpResponseRedirect(unit_detail_url(self.object))


class UnitToggleActiveView(ScopedPostActionView):
    model = OrgUnit
    scope_action = "change"
    success_url_name = "units:detail"

    def act(self, unit: OrgUnit) -> str:
        reason = self.request.POST.get("reason", "").strip()[:200]
        unit = unit_set_active(actor=self.request.user, unit=unit, active=not unit.is_active, reason=reason)
        return (_("已启用“%(name)s”。") if unit.is_active else _("已停用“%(name)s”。")) % {"name": unit.name}


class UnitDeleteView(ScopedDeleteView):
    model = OrgUnit
    template_name = "core/units/delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["references"] = unit_references(self.object)
        return context

    def form_valid(self, form):
        unit = self.object
        parent = unit.parent
        try:
            unit_delete(actor=self.request.user, unit=unit)
        except (ValidationError, ScopeViolation) as exc:
            context = self.get_context_data(refusal="；".join(getattr(exc, "messages", None) or [str(exc)]))
            return self.render_to_response(context)
        messages.success(self.request, _("已删除单位“%(name)s”。") % {"name": unit.name})
        visible = OrgUnit.objects.restrict(self.request.user, "view")
        if parent is not None and visible.filter(pk=parent.pk).exists():
            return HttpResponseRedirect(unit_detail_url(parent))
        return HttpResponseRedirect(reverse("units:list"))
