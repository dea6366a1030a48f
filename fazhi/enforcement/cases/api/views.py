"""API of the case procedure: cases (list with the page's filters, detail, 立案 by POST to the list) and
one POST action per step (steps.py; the fields are those of the step's form).

Errors are JSON with a Chinese ``message``: a step the state does not allow answers 409
``invalid_transition``, a refusal of the service 400 ``refused``, a role without the right 403, a case out of
scope 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.core.api.steps import StepNotAllowed, step_api_error, step_responses
from fazhi.core.scoping import ScopeViolation
from fazhi.enforcement.cases import services as s
from fazhi.enforcement.cases.api.serializers import (
    EnforcementCaseDetailSerializer,
    EnforcementCaseRegisterSerializer,
    EnforcementCaseSerializer,
)
from fazhi.enforcement.cases.forms_cases import CaseFilterForm
from fazhi.enforcement.cases.models import EnforcementCase, EnforcementItem
from fazhi.enforcement.cases.steps import STEP_BY_SLUG, STEPS, step_allowed, step_open
from fazhi.enforcement.cases.views.cases import filter_cases
from fazhi.enforcement.models import EnforcementBody, EnforcementOfficer

_ERRORS, _CONFLICT = step_responses(record="案件", rules="办案规则")


def _api_error(exc) -> exceptions.APIException:
    if isinstance(exc, PermissionDenied | ScopeViolation):
        return exceptions.PermissionDenied(str(exc) or _("您无权办理该案件。"))
    if isinstance(exc, EnforcementCase.DoesNotExist):
        return exceptions.NotFound(_("案件不存在或不在您的管辖范围内。"))
    return step_api_error(exc)


def _step_action(slug: str):
    step = STEP_BY_SLUG[slug]

    def run(self, request, pk=None):
        return self.run_step(request, slug)

    run.__name__ = slug.replace("-", "_")
    run = action(detail=True, methods=["post"], url_path=slug, url_name=slug)(run)
    return extend_schema(
        summary=gettext_lazy("案件办理：%(label)s") % {"label": step.label},
        request=None,
        responses={200: EnforcementCaseDetailSerializer, **_ERRORS, 409: _CONFLICT},
    )(run)


_FILTERS = [
    OpenApiParameter(name, str, description=text)
    for name, text in (
        ("status", "状态"),
        ("procedure", "程序"),
        ("body", "执法主体 id"),
        ("item", "执法事项 id"),
        ("year", "立案年度"),
        ("q", "案号（前缀）或当事人（包含）"),
        ("overdue", "1：超过决定期限未决定"),
    )
]


class CaseViewSet(ScopedReadOnlyViewSet):
    # 行政执法案件: read (the list takes the page's filters), 立案 (POST to the list), the steps as POST actions.
    lookup_value_converter = "uuid"
    model = EnforcementCase
    serializer_class = EnforcementCaseSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {step.slug.replace("-", "_"): step.action for step in STEPS}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EnforcementCaseDetailSerializer
        if self.action == "create":
            return EnforcementCaseRegisterSerializer
        return EnforcementCaseSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("body", "item")
        if self.action == "list":
            form = CaseFilterForm(self.request.query_params or None, user=self.request.user)
            qs = filter_cases(qs, form, timezone.localdate()).order_by("-filed_on", "-created_at")
        elif self.action == "retrieve":
            qs = qs.prefetch_related("assignments__officer", "legal_reviews", "records")
        return qs

    @extend_schema(parameters=_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _read(self, pk):
        case = (
            EnforcementCase.objects.restrict(self.request.user, "view")
            .select_related("body", "item")
            .prefetch_related("assignments__officer", "legal_reviews", "records")
            .get(pk=pk)
        )
        return EnforcementCaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("立案"),
        request=EnforcementCaseRegisterSerializer,
        responses={201: EnforcementCaseDetailSerializer, **_ERRORS},
    )
    def create(self, request):
        data = EnforcementCaseRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = request.user
        body = (
            EnforcementBody.objects.restrict(user, "view").filter(pk=v["body"]).select_related("unit").first()
        )
        item = EnforcementItem.objects.restrict(user, "view").filter(pk=v["item"]).first()
        if body is None or item is None:
            raise exceptions.NotFound(_("执法主体或执法事项不存在，或不在您的管辖范围内。"))
        officers = list(EnforcementOfficer.objects.restrict(user, "view").filter(pk__in=v["officers"]))
        if len(officers) != len(set(v["officers"])):
            raise exceptions.NotFound(_("部分执法人员不存在或不在您的管辖范围内。"))
        lead = next((o for o in officers if o.pk == v["lead"]), None)
        try:
            case = s.case_register(
                actor=user,
                body=body,
                item=item,
                officers=officers,
                lead=lead,
                **{k: v[k] for k in v if k not in ("body", "item", "officers", "lead")},
            )
        except (ValidationError, ScopeViolation, PermissionDenied) as exc:
            raise _api_error(exc) from exc
        return Response(self._read(case.pk), status=status.HTTP_201_CREATED)

    def run_step(self, request, slug: str) -> Response:
        step = STEP_BY_SLUG[slug]
        case = self.get_object()
        if not step_open(step, case) or not step_allowed(step, case, request.user):
            raise StepNotAllowed(
                _("案件当前状态为“%(state)s”，不能%(step)s，或您无权办理。")
                % {"state": case.get_status_display(), "step": step.label}
            )
        form = step.form_class(request.data, request.FILES, case=case, user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        try:
            warnings = step.perform(request.user, case, form.cleaned_data)
        except (ValidationError, PermissionDenied, ScopeViolation, EnforcementCase.DoesNotExist) as exc:
            raise _api_error(exc) from exc
        data = self._read(case.pk)
        data["warnings"] = list(warnings or [])
        return Response(data)


for _step in STEPS:
    setattr(CaseViewSet, _step.slug.replace("-", "_"), _step_action(_step.slug))
