"""Base API views: the same scoping and validation as the UI (ADR 0001).

The classes a viewset or serializer derives from carry comments, not docstrings: drf-spectacular
publishes the nearest docstring in a class's MRO as the description in the (Chinese) API docs.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from rest_framework import permissions, serializers, viewsets

from fazhi.core.forms.base import narrow_choice_fields
from fazhi.core.models.base import ScopedMixin
from fazhi.core.scoping import has_permission_anywhere
from fazhi.core.services.audit import snapshot
from fazhi.core.services.records import record_create, record_delete, record_update

ACTION_FOR = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}
METADATA_ACTION_FOR = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class ScopedSerializerMixin:
    # Narrows related-record choices to the requesting user's scope.

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            action = self.context.get("scope_action", "add")
            # A many-to-many field keeps its queryset on the child relation; narrow that one.
            narrowable = {
                name: field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
                for name, field in fields.items()
            }
            narrow_choice_fields(narrowable, request.user, getattr(self.Meta, "model", None), action)
        return fields


class ScopedModelSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    pass


class HasScopedPermission(permissions.BasePermission):
    # A role that grants the view's action in no unit at all is refused (403) before any lookup.
    # Which rows may be touched is still decided by the restricted queryset (out of scope → 404).

    def has_permission(self, request, view) -> bool:
        model = getattr(view, "model", None)
        if model is None or not issubclass(model, ScopedMixin):
            raise ImproperlyConfigured(f"{type(view).__name__} 必须指定一个受范围控制的 model")
        return has_permission_anywhere(request.user, model.scope_permission(view.scope_action()))


class ScopedViewSetMixin:
    model = None
    permission_classes = [permissions.IsAuthenticated, HasScopedPermission]
    #: extra actions map to a model action here, e.g. {"unlock": "change"}
    extra_scope_actions: dict[str, str] = {}

    def scope_action(self) -> str:
        """The model action of this request. An unmapped action that writes fails closed."""
        action = getattr(self, "action", None)
        if action in self.extra_scope_actions:
            return self.extra_scope_actions[action]
        if action in ACTION_FOR:
            return ACTION_FOR[action]
        method = getattr(getattr(self, "request", None), "method", None)
        if action == "metadata":
            # OPTIONS: DRF re-checks permissions with the request cloned as POST and PUT to list
            # only the writes this user may make.
            return METADATA_ACTION_FOR.get(method, "view")
        if action is None or method in permissions.SAFE_METHODS:
            return "view"
        raise ImproperlyConfigured(
            f"{type(self).__name__}.{action} 未在 extra_scope_actions 中声明对应的范围操作，拒绝执行"
        )

    def get_queryset(self):
        if self.model is None or not issubclass(self.model, ScopedMixin):
            raise ImproperlyConfigured(f"{type(self).__name__} 必须指定一个受范围控制的 model")
        qs = self.model._default_manager.restrict(self.request.user, self.scope_action())
        qs = self.refine_queryset(qs)
        if not getattr(qs, "is_restricted", False):
            raise ImproperlyConfigured(f"{type(self).__name__} 的查询集未经 restrict()，拒绝执行")
        return qs

    def refine_queryset(self, qs):
        return qs

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["scope_action"] = self.scope_action()
        return context


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    # Create/update/delete through the generic audited record services, with the scope re-checked.

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = self.model(**serializer.validated_data)
            serializer.instance = record_create(actor=self.request.user, instance=instance)

    def perform_update(self, serializer):
        with transaction.atomic():
            before = snapshot(serializer.instance)
            for key, value in serializer.validated_data.items():
                setattr(serializer.instance, key, value)
            record_update(actor=self.request.user, instance=serializer.instance, before=before)

    def perform_destroy(self, instance):
        record_delete(actor=self.request.user, instance=instance)
