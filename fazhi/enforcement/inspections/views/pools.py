"""Pages of the pools: 检查对象名录库 (list with filter, export and import, create, edit), 执法检查人员名录库
(list, add, edit) and 回避关系 (list, add, delete)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from fazhi.core.scoping import has_permission_anywhere
from fazhi.core.views.base import ScopedCreateView, ScopedDeleteView, ScopedListView, ScopedUpdateView
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.inspections.forms import ConflictForm, EntityFilterForm, EntityForm, InspectorForm
from fazhi.enforcement.inspections.models import Conflict, InspectedEntity, Inspector
from fazhi.enforcement.selectors import officers_assignable
from fazhi.excel.export import ExcelExportMixin

FORM_TEMPLATE = "inspections/form.html"


def _may_add(user, model) -> bool:
    return has_permission_anywhere(user, model.scope_permission("add"))


class EntityListView(ExcelExportMixin, ScopedListView):
    model = InspectedEntity
    excel_register = "inspections.entities"
    template_name = "inspections/entity_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = EntityFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if q := data["q"].strip():
                qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
            if data["industry"].strip():
                qs = qs.filter(industry=data["industry"].strip())
            if data["risk_level"]:
                qs = qs.filter(risk_level=data["risk_level"])
        return qs.select_related("unit").order_by("unit__path", "name", "credit_code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=_may_add(self.request.user, InspectedEntity),
        )
        return context


class EntityCreateView(ScopedCreateView):
    model = InspectedEntity
    form_class = EntityForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "新增检查对象"}
    success_url = reverse_lazy("inspections:entities")


class EntityUpdateView(ScopedUpdateView):
    model = InspectedEntity
    form_class = EntityForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "修改检查对象"}
    success_url = reverse_lazy("inspections:entities")


class InspectorListView(ScopedListView):
    model = Inspector
    template_name = "inspections/inspector_list.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "officer", "officer__body").order_by("unit__path", "officer__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["object_list"]
        usable = (
            set(
                officers_assignable(
                    on=timezone.localdate(),
                    queryset=type(rows[0].officer).objects.filter(pk__in=[r.officer_id for r in rows]),
                ).values_list("pk", flat=True)
            )
            if rows
            else set()
        )
        for row in rows:
            row.usable = row.officer_id in usable
        context["may_add"] = _may_add(self.request.user, Inspector)
        return context


class InspectorCreateView(ScopedCreateView):
    model = Inspector
    form_class = InspectorForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "加入执法检查人员名录库"}
    success_url = reverse_lazy("inspections:inspectors")


class InspectorUpdateView(ScopedUpdateView):
    model = Inspector
    form_class = InspectorForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "修改执法检查人员"}
    success_url = reverse_lazy("inspections:inspectors")


class ConflictListView(ScopedListView):
    model = Conflict
    template_name = "inspections/conflict_list.html"

    def refine_queryset(self, qs):
        return qs.select_related("inspector__officer", "entity", "unit").order_by("-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_add"] = _may_add(self.request.user, Conflict)
        context["may_delete"] = has_permission_anywhere(
            self.request.user, Conflict.scope_permission("delete")
        )
        return context


class ConflictCreateView(ScopedCreateView):
    model = Conflict
    form_class = ConflictForm
    template_name = FORM_TEMPLATE
    extra_context = {"title": "登记回避关系"}
    success_url = reverse_lazy("inspections:conflicts")


class ConflictDeleteView(ScopedDeleteView):
    model = Conflict
    template_name = "inspections/confirm_delete.html"

    def get_success_url(self):
        return reverse("inspections:conflicts")
