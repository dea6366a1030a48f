"""Pages of the document-template engine (administrators): templates in effect per unit, download,
upload a unit's own, and remove it (restore inheritance)."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.choices import Permission
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere, units_with_permission
from fazhi.core.selectors import nearest_in_lineage
from fazhi.core.views.base import ScopedCreateView, ScopedDeleteView, ScopedListView
from fazhi.docgen.forms import TemplateUploadForm
from fazhi.docgen.models import DocumentTemplate
from fazhi.docgen.registry import document_types, get_document_type
from fazhi.docgen.selectors import effective_template
from fazhi.docgen.services import template_clear, template_download_audit, template_upload

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _managed_units(user):
    return units_with_permission(user, Permission.MANAGE).order_by("depth", "path")


def _unit_from(user, raw: str):
    try:
        return _managed_units(user).filter(pk=uuid.UUID(raw)).first()
    except ValueError:
        return None


def templates_url(unit) -> str:
    return f"{reverse('docgen:templates')}?unit={unit.pk}"


class TemplateListView(ScopedListView):
    """A unit's documents, one row per registered document: its own template, inherited, or the default."""

    model = DocumentTemplate
    scope_action = "change"
    template_name = "docgen/templates.html"
    paginate_by = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.unit = self.selected_unit()
        return super().get(request, *args, **kwargs)

    def selected_unit(self):
        raw = self.request.GET.get("unit", "")
        if raw:
            unit = _unit_from(self.request.user, raw)
            if unit is None:
                raise Http404(_("所选单位不存在或不在您的管理范围内。"))
            return unit
        managed = _managed_units(self.request.user)
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
        own = {t.doc_key: t for t in context["object_list"]}
        rows = []
        if self.unit is not None:
            for doc in document_types():
                effective = effective_template(unit=self.unit, key=doc.key)
                rows.append({"doc": doc, "own": own.get(doc.key), "effective": effective})
        context.update(unit=self.unit, rows=rows, units=_managed_units(self.request.user))
        return context


class TemplateDownloadView(LoginRequiredMixin, generic.View):
    """The template in effect for (unit, document) — own, an ancestor's or the default — as .docx."""

    fazhi_scope_exempt = (
        "按单位与文书类型下载在用模板：单位只在用户可管理的单位（units_with_permission）中查找，"
        "上级单位的模板仅作为本单位在用模板提供，不展示上级单位的记录"
    )
    http_method_names = ["get"]

    def get(self, request):
        if not has_permission_anywhere(request.user, Permission.MANAGE):
            raise PermissionDenied(_("您没有此项操作的权限。"))
        unit = _unit_from(request.user, request.GET.get("unit", ""))
        if unit is None:
            raise Http404(_("所选单位不存在或不在您的管理范围内。"))
        try:
            doc = get_document_type(request.GET.get("key", ""))
        except ValidationError as exc:
            raise Http404(exc.messages[0]) from exc
        effective = effective_template(unit=unit, key=doc.key)
        try:
            content = effective.read()
        except OSError as exc:
            raise Http404(_("模板文件已不存在，请联系系统管理员。")) from exc
        template_download_audit(actor=request.user, unit=unit, key=doc.key, effective=effective)
        response = HttpResponse(content, content_type=DOCX_MIME)
        filename = f"{doc.label}（{unit.name}）模板.docx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"template-{doc.key}.docx\"; filename*=UTF-8''{quote(filename, safe='')}"
        )
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class TemplateUploadView(ScopedCreateView):
    model = DocumentTemplate
    form_class = TemplateUploadForm
    template_name = "docgen/template_form.html"

    def get_initial(self):
        initial = super().get_initial()
        unit = _unit_from(self.request.user, self.request.GET.get("unit", ""))
        if unit is not None:
            initial["unit"] = unit.pk
        key = self.request.GET.get("key", "")
        if key:
            try:
                initial["doc_key"] = get_document_type(key).key
            except ValidationError:
                pass
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        key = form["doc_key"].value()
        try:
            context["doc"] = get_document_type(key) if key else None
        except ValidationError:
            context["doc"] = None
        context["docs"] = document_types()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = template_upload(
                actor=self.request.user, unit=data["unit"], key=data["doc_key"], file=data["file"]
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(
            self.request,
            _("已保存“%(unit)s”的%(doc)s模板。")
            % {"unit": self.object.unit.name, "doc": self.object.doc_label},
        )
        return HttpResponseRedirect(templates_url(self.object.unit))


class TemplateDeleteView(ScopedDeleteView):
    """恢复继承: remove the unit's own template; the ancestor's or the default applies again."""

    model = DocumentTemplate
    template_name = "docgen/template_delete.html"

    def refine_queryset(self, qs):
        return qs.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        inherited = nearest_in_lineage(
            DocumentTemplate.objects.filter(doc_key=obj.doc_key), obj.unit, include_self=False
        )
        context["fallback_source"] = inherited.unit.name if inherited else None
        return context

    def form_valid(self, form):
        unit = self.object.unit
        try:
            template_clear(actor=self.request.user, template=self.object)
        except (ValidationError, ScopeViolation) as exc:
            messages.error(self.request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
            return HttpResponseRedirect(self.request.path)
        messages.success(self.request, _("已删除本单位的模板，恢复使用继承的模板。"))
        return HttpResponseRedirect(templates_url(unit))
