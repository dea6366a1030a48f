"""Pages of the rubrics (评查标准): list, detail, create (blank or from the shipped standard), copy, edit,
and adding or changing an item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.enforcement.casereview import services
from fazhi.enforcement.casereview.forms import RubricForm, RubricItemForm, RubricNewForm
from fazhi.enforcement.casereview.models import Rubric, RubricItem
from fazhi.enforcement.casereview.views.common import fail


class RubricListView(ScopedListView):
    model = Rubric
    template_name = "casereview/rubric_list.html"

    def refine_queryset(self, qs):
        qs = qs.select_related("unit").annotate(item_count=Count("items"), points_total=Sum("items__points"))
        return qs.order_by("-year", "name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=has_permission_anywhere(self.request.user, Rubric.scope_permission("add")), **kwargs
        )


class RubricDetailView(ScopedDetailView):
    model = Rubric
    template_name = "casereview/rubric_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "based_on")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rubric = self.object
        items = list(rubric.items.order_by("number"))
        context.update(
            items=items,
            points_total=sum(i.points for i in items),
            in_use=services.rubric_in_use(rubric),
            can_change=Rubric.objects.restrict(self.request.user, "change").filter(pk=rubric.pk).exists(),
        )
        return context


class RubricCreateView(ScopedCreateView):
    model = Rubric
    form_class = RubricForm
    template_name = "casereview/form.html"
    extra_context = {"title": "新建评查标准"}

    def get_success_url(self):
        return reverse("casereview:rubric-detail", args=[self.object.pk])


class RubricEditView(ScopedUpdateView):
    model = Rubric
    form_class = RubricForm
    template_name = "casereview/form.html"
    extra_context = {"title": "修改评查标准"}

    def get_success_url(self):
        return reverse("casereview:rubric-detail", args=[self.object.pk])


class RubricDefaultView(ScopedViewMixin, generic.FormView):
    """由默认标准创建: the shipped 22-item standard (default_rubric.py) copied into the chosen unit."""

    model = Rubric
    scope_action = "add"
    form_class = RubricNewForm
    template_name = "casereview/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("由默认评查标准创建"), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            rubric = services.rubric_install_default(
                actor=self.request.user, unit=data["unit"], year=data["year"], name=data["name"]
            )
        except (ValidationError, ScopeViolation) as exc:
            fail(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建评查标准，可按本地要求修改评查项目。"))
        return HttpResponseRedirect(reverse("casereview:rubric-detail", args=[rubric.pk]))


class _RubricFormView(ScopedViewMixin, generic.DetailView):
    """GET: the form (200 for a user in scope); POST: the service, its refusal shown, nothing written."""

    template_name = "casereview/form.html"
    title = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(form=self.make_form(), title=self.title))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                target = self.perform(form.cleaned_data)
            except PermissionDenied:
                raise
            except (ValidationError, ScopeViolation) as exc:
                fail(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return HttpResponseRedirect(reverse("casereview:rubric-detail", args=[target.pk]))
        return self.render_to_response(self.get_context_data(form=form, title=self.title), status=400)


class RubricCopyView(_RubricFormView):
    model = Rubric
    scope_action = "view"
    title = _("复制评查标准")

    def make_form(self, data=None):
        rubric = self.object
        initial = {"name": f"{rubric.name}（复制）", "year": rubric.year + 1, "unit": rubric.unit_id}
        return RubricNewForm(data, initial=initial, user=self.request.user)

    def perform(self, data):
        return services.rubric_copy(
            actor=self.request.user,
            rubric=self.object,
            unit=data["unit"],
            name=data["name"] or self.object.name,
            year=data["year"],
        )


class RubricItemAddView(_RubricFormView):
    model = Rubric
    scope_action = "change"
    title = _("添加评查项目")

    def make_form(self, data=None):
        next_number = (
            self.object.items.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        return RubricItemForm(data, initial={"number": next_number})

    def perform(self, data):
        services.rubric_item_save(actor=self.request.user, rubric=self.object, **data)
        return self.object


class RubricItemEditView(_RubricFormView):
    model = RubricItem
    scope_action = "change"
    title = _("修改评查项目")

    def refine_queryset(self, qs):
        return qs.select_related("rubric")

    def make_form(self, data=None):
        return RubricItemForm(data, initial=RubricItemForm.initial_for(self.object))

    def perform(self, data):
        rubric = self.object.rubric
        services.rubric_item_save(actor=self.request.user, rubric=rubric, item=self.object, **data)
        return rubric


class RubricItemDeleteView(_RubricFormView):
    model = RubricItem
    scope_action = "delete"
    title = _("删除评查项目")

    def refine_queryset(self, qs):
        return qs.select_related("rubric")

    def make_form(self, data=None):
        from django import forms

        return forms.Form(data)

    def perform(self, data):
        rubric = self.object.rubric
        services.rubric_item_delete(actor=self.request.user, item=self.object)
        return rubric
