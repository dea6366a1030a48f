"""API of 两法衔接: transfers (read; POST = 登记移送) and ``transfers/<id>/status/`` (POST = 登记办理情况).

Errors are JSON with a Chinese ``message``: a status the transfer's state does not allow answers 409
``invalid_transition``, another refusal 400. Router line (api/urls.py)::

    router.register("transfers", TransferViewSet, basename="api-enforcement-transfers")
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedModelSerializer, ScopedReadOnlyViewSet
from fazhi.core.api.steps import step_api_error, step_responses
from fazhi.core.models import OrgUnit
from fazhi.core.scoping import ScopeViolation
from fazhi.enforcement.cases.choices import TransferStatus, TransferTarget
from fazhi.enforcement.cases.models import EnforcementCase, JudicialTransfer
from fazhi.enforcement.cases.services.transfers import transfer_register, transfer_update_status


class TransferSerializer(ScopedModelSerializer):
    class Meta:
        model = JudicialTransfer
        fields = [
            "id",
            "unit",
            "case",
            "target",
            "receiving_organ",
            "suspected_offence",
            "party_name",
            "transferred_on",
            "status",
            "status_on",
            "feedback",
        ]
        read_only_fields = fields


class TransferCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField(required=False, allow_null=True, help_text="执法案件（从案件移送时）")
    unit = serializers.UUIDField(required=False, allow_null=True, help_text="移送单位（直接移送时必填）")
    target = serializers.ChoiceField(choices=TransferTarget.choices, help_text="移送对象")
    receiving_organ = serializers.CharField(max_length=200, help_text="接收机关")
    suspected_offence = serializers.CharField(max_length=200, help_text="涉嫌罪名")
    party_name = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="当事人")
    transferred_on = serializers.DateField(help_text="移送日期")
    feedback = serializers.CharField(required=False, allow_blank=True, help_text="备注")


class TransferStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TransferStatus.choices, help_text="办理状态")
    on = serializers.DateField(help_text="日期")
    feedback = serializers.CharField(required=False, allow_blank=True, help_text="反馈情况")


_ERRORS, _CONFLICT = step_responses(record="移送记录", rules="两法衔接规则")


def _api_error(exc) -> exceptions.APIException:
    if isinstance(exc, ScopeViolation):
        return exceptions.PermissionDenied(str(exc))
    if hasattr(exc, "error_dict") and getattr(exc, "code", None) != "invalid_transition":
        return serializers.ValidationError(exc.message_dict)
    return step_api_error(exc)


class TransferViewSet(ScopedReadOnlyViewSet):
    # 两法衔接移送 in the caller's scope; ``?case=<id>`` for one case's transfers.
    lookup_value_converter = "uuid"
    model = JudicialTransfer
    serializer_class = TransferSerializer
    http_method_names = ["get", "post", "head", "options"]
    extra_scope_actions = {"update_status": "change"}

    def get_serializer_class(self):
        if self.action == "create":
            return TransferCreateSerializer
        if self.action == "update_status":
            return TransferStatusSerializer
        return TransferSerializer

    def refine_queryset(self, qs):
        if self.action == "list" and (case := self.request.query_params.get("case")):
            qs = qs.filter(case_id=serializers.UUIDField().run_validation(case))
        return qs.order_by("-transferred_on", "-created_at", "pk")

    @extend_schema(
        summary=gettext_lazy("登记两法衔接移送"),
        request=TransferCreateSerializer,
        responses={201: TransferSerializer, **_ERRORS},
    )
    def create(self, request):
        data = TransferCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = unit = None
        if case_id := values.pop("case", None):
            case = EnforcementCase.objects.restrict(request.user, "view").filter(pk=case_id).first()
            if case is None:
                raise exceptions.NotFound(_("案件不存在或不在您的管辖范围内。"))
        if unit_id := values.pop("unit", None):
            unit = OrgUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise exceptions.NotFound(_("单位不存在。"))
        if case is None and unit is None:
            raise serializers.ValidationError({"unit": [_("直接移送的，请指定移送单位。")]})
        try:
            transfer = transfer_register(actor=request.user, case=case, unit=unit, **values)
        except (ValidationError, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(TransferSerializer(transfer, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        summary=gettext_lazy("登记两法衔接办理情况（立案、不予立案、退回、起诉、判决）"),
        request=TransferStatusSerializer,
        responses={200: TransferSerializer, 409: _CONFLICT, **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def update_status(self, request, pk=None):
        transfer = self.get_object()
        data = TransferStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            transfer = transfer_update_status(actor=request.user, transfer=transfer, **data.validated_data)
        except (ValidationError, ScopeViolation) as exc:
            raise _api_error(exc) from exc
        return Response(
            TransferSerializer(transfer, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK,
        )
