"""Pages of the numbering engine: issued numbers, one number (with its void action), and templates.

Numbers are issued by the modules that own the records (through ``number_issue``), not on these pages.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.choices import Permission
from fazhi.core.models.base import ScopedMixin
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere, units_with_permission
from fazhi.core.selectors import nearest_in_lineage
from fazhi.core.views.base import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from fazhi.core.views.units import ScopedObjectFormView, add_errors, querystring_without_page
from fazhi.core.workflow import available_transitions, can, refusal, workflow_of
from fazhi.numbering.formats import validate_template
from fazhi.numbering.forms import NumberFilterForm, TemplateCreateForm, TemplateUpdateForm, VoidForm
from fazhi.numbering.models import IssuedNumber, NumberTemplate
from fazhi.numbering.registry import doc_types, get_doc_type
from fazhi.numbering.selectors import current_year, effective_template, number_preview
from fazhi.numbering.services import number_void, template_clear, template_set


def number_detail_url(number: IssuedNumber) -> str:
    return reverse("numbering:detail", args=[number.pk])


class NumberListView(ScopedListView):
    model = IssuedNumber
    template_name = "numbering/list.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.filter_form = NumberFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data["q"].strip():
                qs = qs.filter(text__icontains=data["q"].strip())
            if data["doc_type"]:
                qs = qs.filter(doc_type=data["doc_type"])
            if data["year"]:
                qs = qs.filter(year=data["year"])
            if data["status"]:
                qs = qs.filter(status=data["status"])
        return qs.select_related("unit", "issued_by", "voided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["querystring"] = querystring_without_page(self.request)
        context["can_manage_templates"] = has_permission_anywhere(self.request.user, Permission.MANAGE)
        return context


def linked_record(number: IssuedNumber, user):
    """The record a number belongs to: (kind, url when the user may open it, text); None when unlinked."""
    if number.content_type_id is None:
        return None
    model = number.content_type.model_class()
    if model is None:
        return (number.content_type.name, None, number.object_id)
    manager = model._default_manager
    qs = manager.restrict(user, "view") if issubclass(model, ScopedMixin) else manager.none()
    try:
        obj = qs.filter(pk=number.object_id).first()
    except (ValueError, ValidationError):
        obj = None
    label = str(model._meta.verbose_name)
    if obj is None:
        return (label, None, number.object_id)
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    return (label, url, str(obj))


class NumberDetailView(ScopedDetailView):
    model = IssuedNumber
    template_name = "numbering/detail.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit", "issued_by", "voided_by", "content_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number, user = self.object, self.request.user
        context["record"] = linked_record(number, user)
        context["transitions"] = available_transitions(number, user)
        context["can_void"] = can(number, user, "void")
        return context


class NumberVoidView(ScopedObjectFormView):
    """作废: the number stays in the register, struck through, with the reason."""

    model = IssuedNumber
    scope_action = "void"
    form_class = VoidForm
    template_name = "numbering/void.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.object
        workflow = workflow_of(number)
        if number.status not in workflow["void"].sources:
            context["refusal"] = refusal(workflow, workflow["void"], number.status).messages[0]
        return context

    def form_valid(self, form):
        try:
            number_void(actor=self.request.user, issued=self.object, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已作废文号“%(text)s”。") % {"text": self.object.text})
        return HttpResponseRedirect(number_detail_url(self.object))


# --- templates ------------------------------------------------------------------------------------


def _managed_units(user):
    return units_with_permission(user, Permission.MANAGE).order_by("depth", "path")


class TemplateListView(ScopedListView):
    """A unit's templates, one row per document type: its own, inherited from above, or the default."""

    model = NumberTemplate
    scope_action = "change"
    template_name = "numbering/templates.html"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.unit = self.selected_unit()
        return super().get(request, *args, **kwargs)

    def selected_unit(self):
        managed = _managed_units(self.request.user)
        raw = self.request.GET.get("unit", "")
        if raw:
            try:
                unit = managed.filter(pk=uuid.UUID(raw)).first()
            except ValueError:
                unit = None
            if unit is None:
                raise Http404(_("所选单位不存在或不在您的管理范围内。"))
            return unit
        membership = self.request.user.current_membership()
        if membership is not None:
            own = managed.filter(pk=membership.unit_id).first()
            if own is not None:
                return own
        return managed.first()

    def refine_queryset(self, qs):
        return qs.filter(unit=self.unit).select_related("unit", "updated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = {t.doc_type: t for t in context["object_list"]}
        rows = []
        year = current_year()
        if self.unit is not None:
            for doc_type in doc_types():
                effective = effective_template(unit=self.unit, doc_type=doc_type.key)
                rows.append(
                    {
                        "doc_type": doc_type,
                        "own": own.get(doc_type.key),
                        "effective": effective,
                        "preview": number_preview(
                            unit=self.unit, doc_type=doc_type.key, year=year, template=effective.template
                        ),
                    }
                )
        context.update(unit=self.unit, rows=rows, year=year, units=_managed_units(self.request.user))
        return context


class TemplatePreviewMixin:
    """The "预览" button (and HTMX as one types): the next number under the typed template, nothing saved."""

    def preview_target(self, form) -> tuple:
        raise NotImplementedError

    def preview(self, form, template: str | None = None):
        unit, doc_type = self.preview_target(form)
        if unit is None or not doc_type:
            return None
        if template is None:
            template = form["template"].value() or ""
        try:
            get_doc_type(doc_type)
            validate_template(template)
        except ValidationError as exc:
            return {"error": "；".join(exc.messages)}
        year = current_year()
        return {
            "text": number_preview(unit=unit, doc_type=doc_type, year=year, template=template),
            "year": year,
        }

    def render_preview(self, form):
        context = self.get_context_data(form=form, preview=self.preview(form))
        if self.request.headers.get("HX-Request"):
            return render(self.request, "numbering/_preview.html", context)
        return self.render_to_response(context)


class TemplateCreateView(TemplatePreviewMixin, ScopedCreateView):
    model = NumberTemplate
    form_class = TemplateCreateForm
    template_name = "numbering/template_form.html"

    def get_initial(self):
        initial = super().get_initial()
        unit_id = self.request.GET.get("unit", "")
        doc_type = self.request.GET.get("doc_type", "")
        try:
            unit = _managed_units(self.request.user).filter(pk=uuid.UUID(unit_id)).first()
        except ValueError:
            unit = None
        if unit is not None:
            initial["unit"] = unit.pk
            if doc_type:
                try:
                    get_doc_type(doc_type)
                except ValidationError:
                    return initial
                initial["doc_type"] = doc_type
                initial["template"] = effective_template(unit=unit, doc_type=doc_type).template
        return initial

    def preview_target(self, form):
        unit_value = form["unit"].value()
        unit = None
        if unit_value:
            try:
                unit = form.fields["unit"].queryset.filter(pk=uuid.UUID(str(unit_value))).first()
            except ValueError:
                unit = None
        return unit, form["doc_type"].value()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "preview" not in context and self.request.method == "GET":
            context["preview"] = self.preview(context["form"])
        return context

    def post(self, request, *args, **kwargs):
        self.object = None
        if "_preview" in request.POST:
            return self.render_preview(self.get_form())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = template_set(
                actor=self.request.user,
                unit=data["unit"],
                doc_type=data["doc_type"],
                template=data["template"],
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(
            self.request,
            _("已保存“%(unit)s”的%(type)s模板。")
            % {"unit": self.object.unit.name, "type": self.object.doc_type_label},
        )
        return HttpResponseRedirect(templates_url(self.object.unit))


def templates_url(unit) -> str:
    return f"{reverse('numbering:templates')}?unit={unit.pk}"


class TemplateUpdateView(TemplatePreviewMixin, ScopedUpdateView):
    model = NumberTemplate
    form_class = TemplateUpdateForm
    template_name = "numbering/template_form.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def preview_target(self, form):
        return self.object.unit, self.object.doc_type

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "preview" not in context and self.request.method == "GET":
            context["preview"] = self.preview(context["form"], template=self.object.template)
        return context

    def post(self, request, *args, **kwargs):
        if "_preview" in request.POST:
            self.object = self.get_object()
            return self.render_preview(self.get_form())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.object = template_set(
                actor=self.request.user,
                unit=self.object.unit,
                doc_type=self.object.doc_type,
                template=form.cleaned_data["template"],
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(templates_url(self.object.unit))


class TemplateDeleteView(ScopedDeleteView):
    """恢复继承: remove the unit's own template; the ancestor's or the default applies again."""

    model = NumberTemplate
    template_name = "numbering/template_delete.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        inherited = nearest_in_lineage(
            NumberTemplate.objects.filter(doc_type=obj.doc_type), obj.unit, include_self=False
        )
        context["fallback"] = inherited.template if inherited else get_doc_type(obj.doc_type).default_template
        context["fallback_source"] = inherited.unit.name if inherited else None
        return context

    def form_valid(self, form):
        unit = self.object.unit
        try:
            template_clear(actor=self.request.user, template=self.object)
        except (ValidationError, ScopeViolation) as exc:
            messages.error(self.request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
            return HttpResponseRedirect(self.request.path)
        messages.success(self.request, _("已恢复为继承的文号模板。"))
        return HttpResponseRedirect(templates_url(unit))
