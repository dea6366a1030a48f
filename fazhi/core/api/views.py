"""API views of the foundation: parse, call one service or selector, serialize (STYLE.md).

Every viewset derives from :mod:`fazhi.core.api.base`, so a record outside the caller's scope
answers 404 exactly like a missing one, and a role without the action answers 403.

Classes here carry comments, not docstrings: drf-spectacular publishes a view's docstring as the
operation's description in the (Chinese) API documentation; ``extend_schema`` gives that instead.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet
from fazhi.core.api.serializers import (
    AuditEventSerializer,
    AuditVerifySerializer,
    ErrorSerializer,
    MembershipSerializer,
    MeSerializer,
    TokenObtainSerializer,
    TokenSerializer,
    UnitActiveSerializer,
    UnitMoveSerializer,
    UnitSerializer,
    UnitUpdateSerializer,
    UserCreateSerializer,
    UserSensitiveSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from fazhi.core.choices import AuditAction, UnitKind
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User
from fazhi.core.services.audit import verify_chain
from fazhi.core.services.tokens import token_issue, token_revoke
from fazhi.core.services.units import unit_create, unit_delete, unit_move, unit_set_active, unit_update
from fazhi.core.services.users import (
    membership_add,
    membership_remove,
    user_create,
    user_reveal_sensitive,
    user_set_active,
    user_unlock,
    user_update,
)
from fazhi.core.views.base import scope_exempt

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=gettext_lazy("提交的数据有误")),
    403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("未登录、无权限或超出管辖范围")),
    404: OpenApiResponse(ErrorSerializer, description=gettext_lazy("记录不存在或不在您的管辖范围内")),
}


# --- query parameters -----------------------------------------------------------------------------


def _param_uuid(request, name: str) -> uuid.UUID | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("参数格式不正确，应为记录编号（UUID）。")]}) from exc


def _param_choice(request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if not value:
        return None
    if value not in choices.values:
        raise serializers.ValidationError(
            {name: [_("参数取值不正确，可选值为：%(values)s。") % {"values": "、".join(choices.values)}]}
        )
    return value


def _param_date(request, name: str) -> datetime.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("日期格式不正确，应为 YYYY-MM-DD。")]}) from exc


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the configured time zone (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _uuid_param(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.QUERY, description=description)


# --- authentication ----------------------------------------------------------------------------------


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "authentication_failed"
    default_detail = gettext_lazy("用户名或密码错误。")


class AccountLockedError(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "account_locked"
    default_detail = gettext_lazy("该账号因连续登录失败已被锁定。")


# Username and password → the user's API token, through authenticate() so the lockout applies.
class TokenObtainView(APIView):
    fazhi_scope_exempt = (
        "以用户名和密码换取本人的 API 令牌，不含业务数据；经 authenticate() 计入登录失败与锁定"
    )
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("获取 API 令牌"),
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("用户名或密码错误（authentication_failed）")
            ),
            403: OpenApiResponse(ErrorSerializer, description=gettext_lazy("账号已被锁定（account_locked）")),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username = serializer.validated_data["username"]
        user = authenticate(request, username=username, password=serializer.validated_data["password"])
        if user is None:
            # The lockout backend refuses a locked account by PermissionDenied, which authenticate()
            # turns into None; tell that case apart as the login page does.
            account = User.objects.filter(username=username).only("locked_until").first()
            if account is not None and account.is_locked:
                raise AccountLockedError(
                    _("该账号因连续登录失败已被锁定，请于 %(time)s 后再试，或联系系统管理员解锁。")
                    % {"time": timezone.localtime(account.locked_until).strftime("%H:%M")}
                )
            raise InvalidCredentials(
                _("用户名或密码错误。连续 %(n)d 次输错，账号将被锁定 %(m)d 分钟。")
                % {"n": settings.FAZHI_LOGIN_FAILURE_LIMIT, "m": settings.FAZHI_LOGIN_LOCK_MINUTES}
            )
        token = token_issue(user=user)
        return Response({"token": token.key})


class TokenRevokeView(APIView):
    fazhi_scope_exempt = "撤销本人的 API 令牌，只涉及当前用户自己"

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("撤销本人的 API 令牌"),
        request=None,
        responses={204: OpenApiResponse(description=gettext_lazy("令牌已撤销")), 403: ERRORS[403]},
    )
    def post(self, request):
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    fazhi_scope_exempt = "只返回当前用户本人的资料与任职"

    @extend_schema(
        tags=["me"],
        summary=gettext_lazy("当前用户、其任职与当前身份"),
        responses={200: MeSerializer, 403: ERRORS[403]},
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)


# --- organisation units ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("组织机构列表（仅限可见范围）"),
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=UnitKind.values,
                description=gettext_lazy("单位类型"),
            ),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description=gettext_lazy("按名称或机构代码查找"),
            ),
            _uuid_param("parent", gettext_lazy("只列出该单位的直属下级")),
        ],
        responses={200: UnitSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("组织机构详情"), responses={200: UnitSerializer, 404: ERRORS[404]}
    ),
    create=extend_schema(summary=gettext_lazy("新建组织机构"), responses={201: UnitSerializer, **ERRORS}),
    update=extend_schema(summary=gettext_lazy("修改组织机构"), responses={200: UnitSerializer, **ERRORS}),
    partial_update=extend_schema(
        summary=gettext_lazy("修改组织机构的部分属性"), responses={200: UnitSerializer, **ERRORS}
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除未被引用的组织机构"),
        responses={204: OpenApiResponse(description=gettext_lazy("已删除")), **ERRORS},
    ),
)
class UnitViewSet(ScopedModelViewSet):
    # Organisation units; every write through services.units (path, history, reference checks).
    lookup_value_converter = "uuid"
    model = OrgUnit
    serializer_class = UnitSerializer
    extra_scope_actions = {"move": "change", "deactivate": "change", "activate": "change"}

    def get_serializer_class(self):
        return {
            "update": UnitUpdateSerializer,
            "partial_update": UnitUpdateSerializer,
            "move": UnitMoveSerializer,
            "deactivate": UnitActiveSerializer,
            "activate": UnitActiveSerializer,
        }.get(self.action, UnitSerializer)

    def refine_queryset(self, qs):
        if self.action != "list":
            return qs
        kind = _param_choice(self.request, "kind", UnitKind)
        if kind:
            qs = qs.filter(kind=kind)
        parent = _param_uuid(self.request, "parent")
        if parent:
            qs = qs.filter(parent_id=parent)
        q = self.request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        return qs

    def _unit_response(self, unit) -> Response:
        return Response(UnitSerializer(unit, context=self.get_serializer_context()).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parent = data.pop("parent", None)
        serializer.instance = unit_create(actor=self.request.user, parent=parent, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        serializer.instance = unit_update(
            actor=self.request.user, unit=serializer.instance, reason=reason, **data
        )

    def perform_destroy(self, instance):
        unit_delete(actor=self.request.user, unit=instance)

    @extend_schema(
        summary=gettext_lazy("调整上级单位（连同下级一并移动，记入变更记录）"),
        request=UnitMoveSerializer,
        responses={200: UnitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        unit = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = unit_move(
            actor=request.user,
            unit=unit,
            new_parent=serializer.validated_data["parent"],
            reason=serializer.validated_data.get("reason", ""),
        )
        return self._unit_response(unit)

    def _set_active(self, request, active: bool) -> Response:
        unit = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = unit_set_active(
            actor=request.user, unit=unit, active=active, reason=serializer.validated_data.get("reason", "")
        )
        return self._unit_response(unit)

    @extend_schema(
        summary=gettext_lazy("停用单位（须先停用其下级单位）"),
        request=UnitActiveSerializer,
        responses={200: UnitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._set_active(request, False)

    @extend_schema(
        summary=gettext_lazy("重新启用单位"),
        request=UnitActiveSerializer,
        responses={200: UnitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._set_active(request, True)


# --- users ------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("用户列表（身份证号、手机号已脱敏）"),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, OpenApiParameter.QUERY, description=gettext_lazy("按用户名或姓名查找")
            ),
            _uuid_param("unit", gettext_lazy("只列出在该单位任职的用户")),
        ],
        responses={200: UserSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("用户详情（身份证号、手机号已脱敏）"),
        responses={200: UserSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary=gettext_lazy("新建用户并给予首个任职"),
        request=UserCreateSerializer,
        responses={201: UserSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改用户资料"),
        request=UserUpdateSerializer,
        responses={200: UserSerializer, **ERRORS},
    ),
)
class UserViewSet(ScopedModelViewSet):
    # Users, for administrators. No delete: the audit log refers to users, so they are deactivated.
    lookup_value_converter = "uuid"
    model = User
    serializer_class = UserSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    extra_scope_actions = {"unlock": "change", "deactivate": "change", "activate": "change", "reveal": "view"}

    def get_serializer_class(self):
        return {
            "create": UserCreateSerializer,
            "partial_update": UserUpdateSerializer,
            "reveal": UserSensitiveSerializer,
        }.get(self.action, UserSerializer)

    def refine_queryset(self, qs):
        visible = (
            Membership.objects.restrict(self.request.user, "view")
            .select_related("unit")
            .order_by("unit__path", "role")
        )
        qs = qs.prefetch_related(Prefetch("memberships", queryset=visible, to_attr="visible_memberships"))
        if self.action != "list":
            return qs
        unit = _param_uuid(self.request, "unit")
        if unit:
            qs = qs.filter(memberships__unit_id=unit)
        q = self.request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        return qs

    def _user_response(self, user) -> Response:
        return Response(UserSerializer(user, context=self.get_serializer_context()).data)

    def perform_create(self, serializer):
        serializer.instance = user_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = user_update(
            actor=self.request.user, user=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        summary=gettext_lazy("解除登录锁定"), request=None, responses={200: UserSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._user_response(user_unlock(actor=request.user, user=self.get_object()))

    @extend_schema(summary=gettext_lazy("停用账号"), request=None, responses={200: UserSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._user_response(user_set_active(actor=request.user, user=self.get_object(), active=False))

    @extend_schema(summary=gettext_lazy("启用账号"), request=None, responses={200: UserSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._user_response(user_set_active(actor=request.user, user=self.get_object(), active=True))

    @extend_schema(
        summary=gettext_lazy("查看完整身份证号和手机号（记入审计日志）"),
        request=None,
        responses={200: UserSensitiveSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        user = user_reveal_sensitive(actor=request.user, user=self.get_object())
        response = Response(UserSensitiveSerializer(user).data)
        response["Cache-Control"] = "no-store"
        return response


# --- memberships ----------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("任职列表"),
        parameters=[
            _uuid_param("user", gettext_lazy("只列出该用户的任职")),
            _uuid_param("unit", gettext_lazy("只列出该单位的任职")),
        ],
        responses={200: MembershipSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("任职详情"),
        responses={200: MembershipSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
    create=extend_schema(summary=gettext_lazy("新增任职"), responses={201: MembershipSerializer, **ERRORS}),
    destroy=extend_schema(
        summary=gettext_lazy("移除任职"),
        responses={204: OpenApiResponse(description=gettext_lazy("已删除")), **ERRORS},
    ),
)
class MembershipViewSet(ScopedModelViewSet):
    lookup_value_converter = "uuid"
    model = Membership
    serializer_class = MembershipSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def refine_queryset(self, qs):
        qs = qs.select_related("user", "unit")
        if self.action != "list":
            return qs
        user = _param_uuid(self.request, "user")
        if user:
            qs = qs.filter(user_id=user)
        unit = _param_uuid(self.request, "unit")
        if unit:
            qs = qs.filter(unit_id=unit)
        return qs

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = membership_add(
            actor=self.request.user, user=data["user"], unit=data["unit"], role=data["role"]
        )

    def perform_destroy(self, instance):
        membership_remove(actor=self.request.user, membership=instance)


# --- audit ------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("审计记录（审计员与系统管理员）"),
        parameters=[
            OpenApiParameter(
                "action",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=AuditAction.values,
                description=gettext_lazy("动作"),
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                description=gettext_lazy("起始日期（含），YYYY-MM-DD"),
            ),
            OpenApiParameter(
                "until",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                description=gettext_lazy("截止日期（含），YYYY-MM-DD"),
            ),
            OpenApiParameter(
                "object_type",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description=gettext_lazy("对象类型，如 core.orgunit"),
            ),
        ],
        responses={200: AuditEventSerializer(many=True), 400: ERRORS[400], 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("审计记录详情"),
        responses={200: AuditEventSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    ),
)
class AuditEventViewSet(ScopedReadOnlyViewSet):
    model = AuditEvent
    serializer_class = AuditEventSerializer
    lookup_value_converter = "int"
    extra_scope_actions = {"verify": "view"}

    def refine_queryset(self, qs):
        qs = qs.select_related("unit")
        if self.action != "list":
            return qs
        audit_action = _param_choice(self.request, "action", AuditAction)
        if audit_action:
            qs = qs.filter(action=audit_action)
        since = _param_date(self.request, "since")
        if since:
            qs = qs.filter(created_at__gte=_day_start(since))
        until = _param_date(self.request, "until")
        if until:
            qs = qs.filter(created_at__lt=_day_start(until + datetime.timedelta(days=1)))
        object_type = self.request.query_params.get("object_type", "").strip()
        if object_type:
            qs = qs.filter(object_type=object_type)
        return qs

    @extend_schema(
        summary=gettext_lazy("核验审计日志哈希链"), responses={200: AuditVerifySerializer, 403: ERRORS[403]}
    )
    @action(detail=False, methods=["get"])
    def verify(self, request):
        report = verify_chain()
        data = {"ok": report.ok, "checked": report.checked}
        if not report.ok:
            data.update(broken_seq=report.broken_seq, reason=report.reason)
        return Response(data)


@scope_exempt("未知的 API 地址，只回答“未找到”")
def api_not_found(request, *args, **kwargs):
    """Any /api/ address no route serves: the same JSON error shape instead of an HTML page."""
    return JsonResponse(
        {"code": "not_found", "message": _("未找到该接口地址。"), "errors": {}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
