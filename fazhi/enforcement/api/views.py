"""API of 行政执法: bodies and officers (read, ID numbers masked), certificates (read, 申领, and one POST action
per step of their life), and the assignability check cases will use (处罚法 第42条).

Errors are JSON with a Chinese ``message``: a step the state does not allow answers 409
``invalid_transition``, a refusal of the service 400 ``refused``, a role without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.core.api.steps import StepNotAllowed, step_api_error
from fazhi.core.scoping import ScopeViolation
from fazhi.enforcement.api.serializers import (
    ApplySerializer,
    AssignableCheckSerializer,
    BodySerializer,
    CertificateDetailSerializer,
    CertificateSerializer,
    OfficerSerializer,
)
from fazhi.enforcement.models import EnforcementBody, EnforcementCertificate, EnforcementOfficer
from fazhi.enforcement.selectors import ensure_assignable, officers_assignable
from fazhi.enforcement.services import certificate_apply
from fazhi.enforcement.steps import STEP_BY_SLUG, STEPS, step_allowed


def _api_error(exc) -> exceptions.APIException:
    if isinstance(exc, PermissionDenied | ScopeViolation):
        return exceptions.PermissionDenied(str(exc) or _("您无权办理该证件。"))
    return step_api_error(exc)


class BodyViewSet(ScopedReadOnlyViewSet):
    # 行政执法主体 in the caller's scope.
    lookup_value_converter = "uuid"
    model = EnforcementBody
    serializer_class = BodySerializer

    def refine_queryset(self, qs):
        return qs.select_related("unit")


class OfficerViewSet(ScopedReadOnlyViewSet):
    # The roster; ``?assignable_on=YYYY-MM-DD`` lists only officers with a usable 行政执法证 that day.
    lookup_value_converter = "uuid"
    model = EnforcementOfficer
    serializer_class = OfficerSerializer
    extra_scope_actions = {"check_assignable": "view"}

    def refine_queryset(self, qs):
        qs = qs.select_related("body")
        on = self.request.query_params.get("assignable_on")
        if self.action == "list" and on:
            field = serializers.DateField()
            qs = officers_assignable(on=field.to_internal_value(on), queryset=qs)
        return qs

    @extend_schema(
        summary=gettext_lazy("核验执法人员能否被指派办案（《行政处罚法》第四十二条）"),
        request=AssignableCheckSerializer,
        responses={200: None},
    )
    @action(detail=False, methods=["post"], url_path="check-assignable", url_name="check-assignable")
    def check_assignable(self, request):
        data = AssignableCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["officers"]
        officers = list(EnforcementOfficer.objects.restrict(request.user, "view").filter(pk__in=ids))
        if len(officers) != len(set(ids)):
            raise exceptions.NotFound(_("部分执法人员不存在或不在您的管辖范围内。"))
        try:
            ensure_assignable(officers, on=data.validated_data["on"])
        except ValidationError as exc:
            return Response({"assignable": False, "reasons": exc.messages})
        return Response({"assignable": True, "reasons": []})


def _step_action(slug: str):
    step = STEP_BY_SLUG[slug]

    def run(self, request, pk=None):
        return self.run_step(request, slug)

    run.__name__ = slug
    run = action(detail=True, methods=["post"], url_path=slug, url_name=slug)(run)
    return extend_schema(
        summary=gettext_lazy("证件办理：%(label)s") % {"label": step.label},
        request=None,
        responses={200: CertificateDetailSerializer},
    )(run)


class CertificateViewSet(ScopedReadOnlyViewSet):
    # 行政执法证件: read, 申领 (POST to the list), and the steps of their life as POST actions.
    lookup_value_converter = "uuid"
    model = EnforcementCertificate
    serializer_class = CertificateSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {step.slug: "change" for step in STEPS}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CertificateDetailSerializer
        if self.action == "create":
            return ApplySerializer
        return CertificateSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("officer")
        if self.action == "retrieve":
            qs = qs.prefetch_related("events")
        return qs

    def _read(self, pk):
        card = (
            EnforcementCertificate.objects.restrict(self.request.user, "view")
            .prefetch_related("events")
            .get(pk=pk)
        )
        return CertificateDetailSerializer(card, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("申领执法证件"),
        request=ApplySerializer,
        responses={201: CertificateDetailSerializer},
    )
    def create(self, request):
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer = (
            EnforcementOfficer.objects.restrict(request.user, "change")
            .filter(pk=data.validated_data["officer"])
            .first()
        )
        if officer is None:
            raise exceptions.NotFound(_("执法人员不存在或不在您的管辖范围内。"))
        try:
            card = certificate_apply(
                actor=request.user,
                officer=officer,
                kind=data.validated_data["kind"],
                applied_on=data.validated_data["applied_on"],
            )
        except (ValidationError, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(self._read(card.pk), status=status.HTTP_201_CREATED)

    def run_step(self, request, slug: str) -> Response:
        step = STEP_BY_SLUG[slug]
        card = self.get_object()
        if not step_allowed(step, card, request.user):
            raise StepNotAllowed(
                _("证件当前状态为“%(state)s”，不能%(step)s，或您无权办理。")
                % {"state": card.get_status_display(), "step": step.label}
            )
        form = step.form_class(request.data)
        if not form.is_valid():
            raise serializers.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        try:
            result = step.perform(request.user, card, form.cleaned_data)
        except (ValidationError, PermissionDenied, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(self._read(result.pk))


for _step in STEPS:
    setattr(CertificateViewSet, _step.slug, _step_action(_step.slug))
