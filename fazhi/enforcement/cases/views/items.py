"""Pages of 执法事项 (权责清单) and their 裁量基准: the list (filters, Excel export and import), an item with
its bands, create/edit, 取消/恢复, delete, and the bands' create/edit/delete. Every write goes through
``services/items.py``; a refusal is shown on the form (or as a message) and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedFormMixin,
    ScopedListView,
    ScopedUpdateView,
    ScopedViewMixin,
)
from fazhi.core.views.units import querystring_without_page
from fazhi.enforcement.cases.choices import ItemStatus
from fazhi.enforcement.cases.forms_items import ItemFilterForm, ItemForm, RetireForm, StandardForm
from fazhi.enforcement.cases.models import DiscretionStandard, EnforcementItem
from fazhi.enforcement.cases.selectors_items import item_in_use, item_search, standards_for
from fazhi.enforcement.cases.services.items import (
    ITEM_FIELDS,
    STANDARD_FIELDS,
    item_create,
    item_delete,
    item_restore,
    item_retire,
    item_update,
    standard_create,
    standard_delete,
    standard_update,
)
from fazhi.excel.export import ExcelExportMixin


def _may(user, model, action: str, obj) -> bool:
    return model.objects.restrict(user, action).filter(pk=obj.pk).exists()


class ItemListView(ExcelExportMixin, ScopedListView):
    """权责清单: enforcement_cases:items."""

    model = EnforcementItem
    excel_register = "enforcement.items"
    template_name = "enforcement_cases/item_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = ItemFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["body"]:
                qs = qs.filter(body=data["body"])
            for name in ("kind", "status"):
                if data[name]:
                    qs = qs.filter(**{name: data[name]})
            qs = item_search(qs, data["q"] or "")
        bands = Count("standards", filter=Q(standards__active=True))
        return qs.select_related("body", "unit").annotate(standard_count=bands).order_by("body__name", "code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            querystring=querystring_without_page(self.request),
            may_add=has_permission_anywhere(self.request.user, EnforcementItem.scope_permission("add")),
        )
        return context


class ItemDetailView(ScopedDetailView):
    model = EnforcementItem
    template_name = "enforcement_cases/item_detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("body", "unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, item = self.request.user, self.object
        may_change = _may(user, EnforcementItem, "change", item)
        context.update(
            standards=list(standards_for(item, include_inactive=True)),
            case_count=item.cases.count(),
            may_change=may_change,
            may_delete=_may(user, EnforcementItem, "delete", item) and not item_in_use(item),
            may_retire=may_change and item.status == ItemStatus.ACTIVE,
            may_restore=may_change and item.status == ItemStatus.RETIRED,
        )
        return context


class ItemCreateView(ScopedCreateView):
    model = EnforcementItem
    form_class = ItemForm
    template_name = "enforcement_cases/item_form.html"
    extra_context = {"title": "新增执法事项"}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        try:
            self.object = item_create(actor=self.request.user, unit=form.cleaned_data["unit"], **data)
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已新增执法事项。"))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("enforcement_cases:item-detail", args=[self.object.pk])


class ItemUpdateView(ScopedUpdateView):
    model = EnforcementItem
    form_class = ItemForm
    template_name = "enforcement_cases/item_form.html"
    extra_context = {"title": "修改执法事项"}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
        try:
            self.object = item_update(actor=self.request.user, item=self.object, **data)
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("enforcement_cases:item-detail", args=[self.object.pk])


class _ItemActionView(ScopedViewMixin, generic.DetailView):
    """GET: a confirmation page; POST: the service, a refusal shown on the page (status 409)."""

    model = EnforcementItem
    scope_action = "change"
    template_name = "enforcement_cases/item_confirm.html"
    form_class = None
    title = ""
    question = ""
    button = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class() if self.form_class else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST) if self.form_class else None
        if form is None or form.is_valid():
            try:
                self.perform(form.cleaned_data if form else {})
            except (ValidationError, ScopeViolation) as exc:
                errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                context = self.get_context_data(form=form, refusal="；".join(errors))
                return self.render_to_response(context, status=409)
            messages.success(request, self.done)
            return HttpResponseRedirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, question=self.question, button=self.button, item=self.object, **kwargs
        )

    def get_success_url(self):
        return reverse("enforcement_cases:item-detail", args=[self.object.pk])


class ItemRetireView(_ItemActionView):
    form_class = RetireForm
    title = "取消执法事项"
    question = "取消后，该事项不再列入权责清单，新立案件不能选用；已适用该事项的案件不受影响。"
    button = "确认取消"
    done = "已取消该执法事项。"

    def perform(self, data):
        item_retire(actor=self.request.user, item=self.object, reason=data.get("reason", ""))


class ItemRestoreView(_ItemActionView):
    title = "恢复执法事项"
    question = "恢复后，该事项重新列入权责清单，新立案件可以选用。"
    button = "确认恢复"
    done = "已恢复该执法事项。"

    def perform(self, data):
        item_restore(actor=self.request.user, item=self.object)


class ItemDeleteView(_ItemActionView):
    scope_action = "delete"
    title = "删除执法事项"
    question = (
        "删除后，该事项及其裁量基准将一并删除，不可恢复。仅用于删除误录的事项；已有案件适用的事项只能取消。"
    )
    button = "确认删除"
    done = "已删除该执法事项。"

    def perform(self, data):
        item_delete(actor=self.request.user, item=self.object)

    def get_success_url(self):
        return reverse("enforcement_cases:items")


# --- 裁量基准 --------------------------------------------------------------------------------------


class StandardCreateView(ScopedFormMixin, generic.detail.SingleObjectMixin, generic.FormView):
    """A new band of the item ``pk`` (the item's change permission)."""

    model = EnforcementItem
    scope_action = "change"
    form_class = StandardForm
    template_name = "enforcement_cases/standard_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = generic.FormView.get_form_kwargs(self)
        kwargs["item"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="新增裁量基准", item=self.object, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in STANDARD_FIELDS}
        try:
            standard_create(actor=self.request.user, item=self.object, **data)
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已新增裁量基准。"))
        return HttpResponseRedirect(reverse("enforcement_cases:item-detail", args=[self.object.pk]))


class StandardUpdateView(ScopedUpdateView):
    model = DiscretionStandard
    form_class = StandardForm
    template_name = "enforcement_cases/standard_form.html"

    def refine_queryset(self, qs):
        return qs.select_related("item", "item__body")

    def get_form_kwargs(self):
        kwargs = generic.UpdateView.get_form_kwargs(self)
        kwargs["item"] = self.object.item
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="修改裁量基准", item=self.object.item, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in STANDARD_FIELDS}
        try:
            self.object = standard_update(actor=self.request.user, standard=self.object, **data)
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(reverse("enforcement_cases:item-detail", args=[self.object.item_id]))


class StandardDeleteView(ScopedViewMixin, generic.DetailView):
    model = DiscretionStandard
    scope_action = "delete"
    template_name = "enforcement_cases/standard_confirm_delete.html"

    def refine_queryset(self, qs):
        return qs.select_related("item")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            standard_delete(actor=request.user, standard=self.object)
        except (ValidationError, ScopeViolation) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            context = self.get_context_data(refusal="；".join(errors))
            return self.render_to_response(context, status=409)
        messages.success(request, _("已删除裁量基准。"))
        return HttpResponseRedirect(reverse("enforcement_cases:item-detail", args=[self.object.item_id]))
