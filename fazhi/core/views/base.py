"""Base views: every page that shows or changes scoped records derives from these (ADR 0001).

``get_queryset`` restricts before anything else and refuses to run when the result was not
restricted; subclasses refine it through :meth:`ScopedViewMixin.refine_queryset` only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.models.base import ScopedMixin
from fazhi.core.scoping import ScopeViolation, has_permission_anywhere
from fazhi.core.services.audit import snapshot
from fazhi.core.services.records import record_create, record_delete, record_update


class ScopedViewMixin(LoginRequiredMixin):
    model = None
    #: the model action this page performs; mapped to a role permission by the model
    scope_action = "view"

    def get_queryset(self):
        if self.model is None or not issubclass(self.model, ScopedMixin):
            raise ImproperlyConfigured(f"{type(self).__name__} 必须指定一个受范围控制的 model")
        qs = self.model._default_manager.restrict(self.request.user, self.scope_action)
        qs = self.refine_queryset(qs)
        if not getattr(qs, "is_restricted", False):
            raise ImproperlyConfigured(f"{type(self).__name__} 的查询集未经 restrict()，拒绝执行")
        return qs

    def refine_queryset(self, qs):
        """Add filters, ordering and select_related here; never start a new queryset."""
        return qs

    def require_permission_anywhere(self) -> None:
        permission = self.model.scope_permission(self.scope_action)
        if not has_permission_anywhere(self.request.user, permission):
            raise PermissionDenied(_("您没有此项操作的权限。"))


class ScopedListView(ScopedViewMixin, generic.ListView):
    paginate_by = 50


class ScopedDetailView(ScopedViewMixin, generic.DetailView):
    pass


class ScopedFormMixin(ScopedViewMixin):
    """Passes the user to the form so choice fields are narrowed to the user's scope."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["scope_action"] = self.scope_action
        return kwargs

    def fail(self, form, exc: Exception):
        if isinstance(exc, ValidationError):
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            form.add_error(None, str(exc))
        return self.form_invalid(form)


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    scope_action = "add"
    success_message = _("已保存。")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = record_create(actor=self.request.user, instance=form.instance)
                # ModelForm only defines save_m2m() after save(commit=False), which record_create
                # replaces; its _save_m2m() writes the many-to-many fields of the saved instance.
                form._save_m2m()
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ScopedUpdateView(ScopedFormMixin, generic.UpdateView):
    scope_action = "change"
    success_message = _("已保存。")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self._before = snapshot(obj)
        return obj

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = record_update(
                    actor=self.request.user, instance=form.instance, before=self._before
                )
                form._save_m2m()  # as in ScopedCreateView: record_update replaces form.save()
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class ScopedDeleteView(ScopedViewMixin, generic.DeleteView):
    scope_action = "delete"

    def form_valid(self, form):
        try:
            record_delete(actor=self.request.user, instance=self.object)
        except ValidationError as exc:
            messages.error(self.request, "；".join(exc.messages))
            return HttpResponseRedirect(self.request.path)
        messages.success(self.request, _("已删除。"))
        return HttpResponseRedirect(self.get_success_url())


def scope_exempt(reason: str):
    """Mark a view that shows no scoped records (login, profile, static pages). The reason is required."""

    def decorate(view):
        view.fazhi_scope_exempt = reason
        return view

    return decorate
