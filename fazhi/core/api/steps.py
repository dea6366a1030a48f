"""What every module's step API shares (reconsideration, normative, enforcement …): a step the record's
state does not allow answers 409 ``invalid_transition``; a step the rules refuse answers 400 ``refused``;
both carry the service's Chinese sentence as their message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status

from fazhi.core.api.serializers import ErrorSerializer


class StepNotAllowed(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"
    default_detail = gettext_lazy("当前状态不允许该步骤。")


class StepRefused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"
    default_detail = gettext_lazy("办理规则不允许该操作。")


def step_api_error(exc: ValidationError) -> exceptions.APIException:
    """The API error for a service's refusal: 409 when it names a state (code ``invalid_transition``)."""
    message = "；".join(exc.messages)
    if getattr(exc, "code", None) == "invalid_transition":
        return StepNotAllowed(message)
    return StepRefused(message)


def step_responses(*, record: str, rules: str) -> tuple[dict, OpenApiResponse]:
    """The documented error answers of a module's step actions: ``record`` names what is acted on
    (案件, 文件 …), ``rules`` what refuses (办案规则, 制定程序 …)."""
    errors = {
        400: OpenApiResponse(ErrorSerializer, description=f"提交的数据有误，或{rules}不允许（refused）"),
        403: OpenApiResponse(ErrorSerializer, description="未登录、无权限或超出管辖范围"),
        404: OpenApiResponse(ErrorSerializer, description=f"{record}不存在或不在您的管辖范围内"),
    }
    conflict = OpenApiResponse(
        ErrorSerializer, description=f"{record}当前状态不允许该步骤（invalid_transition）"
    )
    return errors, conflict
