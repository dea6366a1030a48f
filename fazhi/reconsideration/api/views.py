"""API of 行政复议 cases: list and read (applicants masked), register, and one POST action per step.

The viewset derives from ``fazhi.core.api.base``: out of scope answers 404 like a missing case, a role
without the action 403. A step the case's state does not allow answers 409 ``invalid_transition``; a
refusal of the service 400 ``refused`` — both with the service's Chinese sentence as ``message``.

Classes carry comments, not docstrings: drf-spectacular would publish a docstring as the operation's
description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.core.api.steps import StepNotAllowed, StepRefused, step_api_error, step_responses
from fazhi.reconsideration.api.serializers import (
    STEP_SERIALIZERS,
    CaseRegisterSerializer,
    CaseRegistrationSerializer,
    ReconsiderationCaseDetailSerializer,
    ReconsiderationCaseSerializer,
)
from fazhi.reconsideration.choices import CaseStatus, MatterCategory, Procedure
from fazhi.reconsideration.models import CaseApplicant, CaseEvent, ReconsiderationCase
from fazhi.reconsideration.services import case_register, case_set_procedure
from fazhi.reconsideration.steps import STEP_BY_SLUG, STEPS, step_refusal

ERRORS, CONFLICT = step_responses(record="案件", rules="办案规则")


def _choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if not value:
        return None
    if value not in choices.values:
        raise serializers.ValidationError(
            {name: [_("参数取值不正确，可选值为：%(values)s。") % {"values": "、".join(choices.values)}]}
        )
    return value


def _step_action(slug: str):
    """The POST action of one step, named after it (``copy-sent`` → ``copy_sent``)."""
    step = STEP_BY_SLUG[slug]

    def run(self, request, pk=None):
        return self.run_step(request, slug)

    run.__name__ = slug.replace("-", "_")
    run = action(detail=True, methods=["post"], url_path=slug, url_name=slug)(run)
    return extend_schema(
        summary=gettext_lazy("办案步骤：%(label)s") % {"label": step.label},
        request=STEP_SERIALIZERS[slug],
        responses={200: ReconsiderationCaseDetailSerializer, **ERRORS, 409: CONFLICT},
    )(run)


_q = OpenApiParameter.QUERY


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("行政复议案件列表（仅限管辖范围）"),
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, _q, enum=CaseStatus.values, description=gettext_lazy("状态")
            ),
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                _q,
                enum=MatterCategory.values,
                description=gettext_lazy("案件类别"),
            ),
            OpenApiParameter(
                "procedure", OpenApiTypes.STR, _q, enum=Procedure.values, description=gettext_lazy("审理程序")
            ),
            OpenApiParameter("year", OpenApiTypes.INT, _q, description=gettext_lazy("收到申请的年度")),
            OpenApiParameter(
                "q", OpenApiTypes.STR, _q, description=gettext_lazy("按案号、申请人、被申请人或行政行为查找")
            ),
        ],
        responses={200: ReconsiderationCaseSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("行政复议案件详情（申请人证件号码、联系电话已脱敏）"),
        responses={200: ReconsiderationCaseDetailSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class CaseViewSet(ScopedReadOnlyViewSet):
    # Reconsideration cases: read, register (登记), and the steps of the procedure.
    lookup_value_converter = "uuid"
    model = ReconsiderationCase
    serializer_class = ReconsiderationCaseSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {slug.replace("-", "_"): "change" for slug in STEP_BY_SLUG}

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ReconsiderationCaseDetailSerializer
        if self.action == "create":
            return CaseRegisterSerializer
        if self.action in self.extra_scope_actions:
            return STEP_SERIALIZERS[self.action.replace("_", "-")]
        return ReconsiderationCaseSerializer

    def refine_queryset(self, qs):
        user = self.request.user
        qs = qs.select_related("unit").prefetch_related(
            Prefetch("applicants", queryset=CaseApplicant.objects.restrict(user, "view")),
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch(
                    "events", queryset=CaseEvent.objects.restrict(user, "view").order_by("on", "created_at")
                )
            )
        if self.action != "list":
            return qs
        params = self.request.query_params
        for name, choices in (("status", CaseStatus), ("category", MatterCategory), ("procedure", Procedure)):
            value = _choice(self.request, name, choices)
            if value:
                qs = qs.filter(**{name: value})
        year = params.get("year", "").strip()
        if year:
            if not year.isdigit():
                raise serializers.ValidationError({"year": [_("年度应为四位数字，如 2025。")]})
            qs = qs.filter(received_on__year=int(year))
        q = params.get("q", "").strip()
        if q:
            applicants = CaseApplicant.objects.restrict(user, "view").filter(name__icontains=q)
            qs = qs.filter(
                Q(case_number__icontains=q)
                | Q(respondent_name__icontains=q)
                | Q(contested_act__icontains=q)
                | Q(pk__in=applicants.values("case_id"))
            )
        return qs

    def _read(self, pk) -> dict:
        """The case as stored, rendered in full for the caller."""
        user = self.request.user
        case = (
            ReconsiderationCase.objects.restrict(user, "view")
            .select_related("unit")
            .prefetch_related(
                Prefetch("applicants", queryset=CaseApplicant.objects.restrict(user, "view")),
                Prefetch(
                    "events", queryset=CaseEvent.objects.restrict(user, "view").order_by("on", "created_at")
                ),
            )
            .get(pk=pk)
        )
        return ReconsiderationCaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(
        summary=gettext_lazy("登记行政复议申请（同一申请人已就同一行政行为申请的，返回提示，不拒绝）"),
        request=CaseRegisterSerializer,
        responses={201: CaseRegistrationSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        procedure = data.pop("procedure", Procedure.ORDINARY)
        basis = data.pop("procedure_basis", "")
        applicants = [dict(a) for a in data.pop("applicants")]
        try:
            with transaction.atomic():
                registration = case_register(actor=request.user, applicants=applicants, **data)
                case = registration.case
                if procedure == Procedure.SIMPLE:
                    # 第五十三条: the basis is recorded with the choice, as an event of the case.
                    case = case_set_procedure(
                        actor=request.user,
                        case=case,
                        procedure=procedure,
                        on=data["received_on"],
                        basis=basis,
                    )
        except ValidationError as exc:
            raise StepRefused("；".join(exc.messages)) from exc
        duplicates = registration.duplicates
        message = _("已登记行政复议申请，案号 %(number)s。") % {"number": case.case_number}
        if duplicates:
            message += _(
                "注意：同一申请人已就同一行政行为申请行政复议（%(numbers)s），请核对是否为重复申请。"
            ) % {"numbers": "、".join(d.case_number for d in duplicates)}
        body = {
            "case": self._read(case.pk),
            "duplicate_warning": bool(duplicates),
            "duplicates": [
                {"id": str(d.pk), "case_number": d.case_number, "status": d.status} for d in duplicates
            ],
            "message": message,
        }
        return Response(
            body, status=status.HTTP_201_CREATED
        )  # already rendered; the serializer is its schema

    def run_step(self, request, slug: str) -> Response:
        step = STEP_BY_SLUG[slug]
        case = self.get_object()  # restrict(user, "change"): out of scope or without the right → 404
        today = timezone.localdate()
        refusal = step_refusal(step, case, request.user, today, changeable=True)
        if refusal:
            raise StepNotAllowed(str(refusal))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            step.perform(request.user, case, dict(serializer.validated_data), today)
        except ValidationError as exc:
            raise step_api_error(exc) from exc
        return Response(self._read(case.pk))


for _step in STEPS:
    setattr(CaseViewSet, _step.slug.replace("-", "_"), _step_action(_step.slug))
