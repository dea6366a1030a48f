"""Base API views: the same scoping and validation as the UI (ADR 0001)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from rest_framework import serializers, viewsets

from fazhi.core.forms.base import narrow_choice_fields
from fazhi.core.models.base import ScopedMixin
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


class ScopedSerializerMixin:
    """Narrows related-record choices to the requesting user's scope."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            action = self.context.get("scope_action", "add")
            narrow_choice_fields(fields, request.user, getattr(self.Meta, "model", None), action)
        return fields


class ScopedModelSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    pass


class ScopedViewSetMixin:
    model = None
    #: extra actions map to a model action here, e.g. {"unlock": "change"}
    extra_scope_actions: dict[str, str] = {}

    def scope_action(self) -> str:
        action = getattr(self, "action", None) or "list"
        return self.extra_scope_actions.get(action) or ACTION_FOR.get(action, "view")

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
    """Create/update/delete through the generic audited record services, with the scope re-checked."""

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
