"""API of 双随机一公开: tasks (list, detail with the drawn entities), the draw (POST), its verification
(GET, re-derived from the recorded seed), the results (GET, and POST one entity's result).

Errors are JSON with a Chinese ``message``: a step the state does not allow answers 409
``invalid_transition``, a refusal of the service 400 ``refused``, a role without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.core.api.steps import step_api_error
from fazhi.core.scoping import ScopeViolation
from fazhi.enforcement.inspections import services
from fazhi.enforcement.inspections.api.serializers import (
    DrawnEntitySerializer,
    DrawVerificationSerializer,
    InspectionDrawSerializer,
    InspectionResultEntrySerializer,
    InspectionTaskDetailSerializer,
    InspectionTaskSerializer,
)
from fazhi.enforcement.inspections.models import DrawnEntity, InspectionTask
from fazhi.enforcement.inspections.selectors import verify_draw


def _api_error(exc) -> exceptions.APIException:
    if isinstance(exc, PermissionDenied | ScopeViolation):
        return exceptions.PermissionDenied(str(exc) or _("您无权办理该抽查任务。"))
    return step_api_error(exc)


def _drawn(task):
    return DrawnEntity.objects.filter(task=task).select_related("inspector_1", "inspector_2", "result")


class TaskViewSet(ScopedReadOnlyViewSet):
    # 抽查任务 in the caller's scope (a joint task also for its participating departments).
    lookup_value_converter = "uuid"
    model = InspectionTask
    serializer_class = InspectionTaskSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {"draw": "change", "verify": "view", "results": "view", "record_result": "view"}

    def get_serializer_class(self):
        return InspectionTaskDetailSerializer if self.action == "retrieve" else InspectionTaskSerializer

    def refine_queryset(self, qs):
        qs = qs.select_related("unit").prefetch_related("participants")
        if self.action == "retrieve":
            qs = qs.prefetch_related("drawn__inspector_1", "drawn__inspector_2", "drawn__result")
        return qs.order_by("-planned_start", "-created_at")

    def _detail(self, pk):
        task = (
            InspectionTask.objects.restrict(self.request.user, "view")
            .prefetch_related("participants", "drawn__inspector_1", "drawn__inspector_2", "drawn__result")
            .get(pk=pk)
        )
        return InspectionTaskDetailSerializer(task, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("随机抽取"),
        request=InspectionDrawSerializer,
        responses={200: InspectionTaskDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="draw", url_name="draw")
    def draw(self, request, pk=None):
        task = self.get_object()
        data = InspectionDrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.task_draw(actor=request.user, task=task, on=data.validated_data.get("on"))
        except (ValidationError, PermissionDenied, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(self._detail(task.pk))

    @extend_schema(
        summary=gettext_lazy("复核抽取结果（按记录的随机种子重新推算）"),
        responses={200: DrawVerificationSerializer},
    )
    @action(detail=True, methods=["get"], url_path="verify", url_name="verify")
    def verify(self, request, pk=None):
        task = self.get_object()
        report = verify_draw(task)
        return Response(
            {
                "verdict": str(report.verdict),
                "ok": report.ok,
                "problems": report.problems,
                "seed": task.seed,
                "algorithm": task.algorithm,
            }
        )

    @extend_schema(
        summary=gettext_lazy("抽中对象及检查结果"), responses={200: DrawnEntitySerializer(many=True)}
    )
    @action(detail=True, methods=["get"], url_path="results", url_name="results")
    def results(self, request, pk=None):
        task = self.get_object()
        return Response(DrawnEntitySerializer(_drawn(task).order_by("position"), many=True).data)

    @extend_schema(
        summary=gettext_lazy("登记一户的检查结果"),
        request=InspectionResultEntrySerializer,
        responses={200: DrawnEntitySerializer},
    )
    @action(detail=True, methods=["post"], url_path="record-result", url_name="record-result")
    def record_result(self, request, pk=None):
        # the task in view scope; the service decides on the drawn entity (a joint task's participant
        # records the entities its own officers inspect)
        task = self.get_object()
        data = InspectionResultEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        drawn = _drawn(task).filter(credit_code=values.pop("credit_code").strip().upper()).first()
        if drawn is None:
            raise exceptions.NotFound(_("该统一社会信用代码不在本任务的抽中对象中。"))
        try:
            services.result_record(actor=request.user, drawn=drawn, **values)
        except (ValidationError, PermissionDenied, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(DrawnEntitySerializer(_drawn(task).get(pk=drawn.pk)).data)
