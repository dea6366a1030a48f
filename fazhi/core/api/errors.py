"""API errors as JSON with a Chinese message and a stable machine code."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.core.scoping import ScopeViolation

MESSAGES = {
    "not_found": _("未找到该记录。"),
    "not_authenticated": _("请先登录。"),
    "authentication_failed": _("用户名或密码错误。"),
    "permission_denied": _("您没有此项操作的权限。"),
    "invalid": _("提交的数据有误，请按提示修改。"),
    "method_not_allowed": _("不支持该请求方法。"),
    "throttled": _("请求过于频繁，请稍后再试。"),
    "parse_error": _("请求内容无法解析。"),
    "unsupported_media_type": _("不支持的请求内容类型。"),
    "out_of_scope": _("该操作会使记录超出您的管辖范围，已取消，未作任何修改。"),
}


def exception_handler(exc, context):
    if isinstance(exc, ScopeViolation):
        return Response(
            {"code": "out_of_scope", "message": str(exc), "errors": {}}, status=status.HTTP_403_FORBIDDEN
        )
    if isinstance(exc, DjangoValidationError):
        non_field = api_settings.NON_FIELD_ERRORS_KEY
        if hasattr(exc, "error_dict"):
            # Django files model-wide errors (full_clean, constraints) under "__all__"; the API's key instead.
            detail = {
                (non_field if key == NON_FIELD_ERRORS else key): value
                for key, value in exc.message_dict.items()
            }
        else:
            detail = {non_field: exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        # A service's restricted .get() that finds nothing: out of scope reads as not found, never a 500.
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        data = response.data
        errors = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        message = MESSAGES["invalid"]
    else:
        code = getattr(exc, "default_code", "error")
        errors = {}
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        message = MESSAGES.get(code) or (str(detail) if detail else _("请求失败。"))
        # A specific reason (e.g. "认证令牌无效。") beats the generic text; DRF's own default does not.
        if (
            code in {"permission_denied", "authentication_failed"}
            and detail
            and str(detail) != str(type(exc).default_detail)
        ):
            message = str(detail)
    response.data = {"code": code, "message": message, "errors": errors}
    return response
