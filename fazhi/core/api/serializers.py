"""Serializers of the foundation's API: they parse and render; every write goes through a service.

Personal identifiers (手机号, 身份证号) are masked in every representation; the full values leave the
server only through the audited ``reveal`` action (:class:`UserSensitiveSerializer`).

Serializer classes carry comments, not docstrings: drf-spectacular would publish a docstring as the
component's description in the (Chinese) API documentation.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.base import ScopedModelSerializer
from fazhi.core.choices import Role
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.models import AuditEvent, Membership, OrgUnit, User


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related record given by its id, found only among those the requesting user may ``action``.

    Unknown, malformed and out-of-scope ids get the same message, so the field cannot be used to
    learn whether a record exists elsewhere.
    """

    def __init__(self, *, model, action: str, message, **kwargs):
        self.model = model
        self.scope_action = action
        kwargs.setdefault("pk_field", serializers.UUIDField())
        kwargs["error_messages"] = {
            "does_not_exist": message,
            "incorrect_type": message,
            "invalid": message,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model._default_manager.restrict(getattr(request, "user", None), self.scope_action)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            self.fail("does_not_exist")
        except DjangoValidationError:
            self.fail("does_not_exist")


def _active_unit(unit: OrgUnit, message) -> OrgUnit:
    if not unit.is_active:
        raise serializers.ValidationError(message)
    return unit


# The shape of every error answer.
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("稳定的机器可读代码，如 not_found、invalid、out_of_scope。"))
    message = serializers.CharField(help_text=_("中文说明。"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text=_("按字段列出的错误信息。")
    )


# --- authentication ------------------------------------------------------------------------------


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        label=_("令牌"), read_only=True, help_text=_("请求时放在请求头中：Authorization: Token <令牌>")
    )


# --- organisation units ----------------------------------------------------------------------------


# A unit; ``parent`` is chosen among the active units the user manages, and fixed after creation.
class UnitSerializer(ScopedModelSerializer):
    parent = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="add",
        message=_("上级单位不存在或不在您的管理范围内。"),
        required=False,
        allow_null=True,
        label=_("上级单位"),
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label=_("类型名称"))
    level_display = serializers.CharField(source="get_level_display", read_only=True, label=_("层级名称"))

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "parent",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "division_code",
            "credit_code",
            "sort_order",
            "is_active",
            "depth",
        ]
        read_only_fields = ["id", "is_active", "depth"]

    def validate_parent(self, parent):
        if parent is not None:
            _active_unit(parent, _("上级单位已停用，不能在其下新建单位。"))
        return parent


# Attributes only; a unit changes parent through the ``move`` action, which keeps history.
class UnitUpdateSerializer(UnitSerializer):
    parent = serializers.UUIDField(source="parent_id", read_only=True, label=_("上级单位"))
    reason = serializers.CharField(
        label=_("变更原因"),
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("更名或简称变更时记入机构变更记录。"),
    )

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "reason"]


class UnitMoveSerializer(serializers.Serializer):
    parent = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="change",
        message=_("上级单位不存在或不在您的管理范围内。"),
        label=_("新的上级单位"),
    )
    reason = serializers.CharField(label=_("调整原因"), required=False, allow_blank=True, max_length=200)

    def validate_parent(self, parent):
        return _active_unit(parent, _("上级单位已停用，不能把单位移到其下。"))


class UnitActiveSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("原因"), required=False, allow_blank=True, max_length=200)


# --- users and memberships ---------------------------------------------------------------------------


class MembershipBriefSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, label=_("单位名称"))
    role_display = serializers.CharField(source="get_role_display", read_only=True, label=_("角色名称"))

    class Meta:
        model = Membership
        fields = ["id", "unit", "unit_name", "role", "role_display", "is_active"]
        read_only_fields = fields


# A user as administrators see them: identifiers masked, memberships limited to their own scope.
class UserSerializer(ScopedModelSerializer):
    phone = serializers.SerializerMethodField(label=_("手机号（已脱敏）"))
    id_number = serializers.SerializerMethodField(label=_("身份证号（已脱敏）"))
    is_locked = serializers.BooleanField(read_only=True, label=_("已锁定"))
    memberships = serializers.SerializerMethodField(label=_("任职"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "id_number",
            "title",
            "is_active",
            "is_locked",
            "locked_until",
            "last_login",
            "date_joined",
            "memberships",
        ]
        read_only_fields = ["id", "is_active", "locked_until", "last_login", "date_joined"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, user: User) -> str:
        return mask_phone(user.phone)

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number(self, user: User) -> str:
        return mask_id_number(user.id_number)

    @extend_schema_field(MembershipBriefSerializer(many=True))
    def get_memberships(self, user: User):
        memberships = getattr(user, "visible_memberships", None)
        if memberships is None:
            request = self.context.get("request")
            memberships = (
                Membership.objects.restrict(getattr(request, "user", None), "view")
                .filter(user=user)
                .select_related("unit")
                .order_by("unit__path", "role")
            )
        return MembershipBriefSerializer(memberships, many=True, context=self.context).data


# A new user enters with a first membership (unit + role), so that someone can see them.
class UserCreateSerializer(UserSerializer):
    phone = serializers.CharField(label=_("手机号"), required=False, allow_blank=True, max_length=11)
    id_number = serializers.CharField(label=_("身份证号"), required=False, allow_blank=True, max_length=18)
    password = serializers.CharField(
        label=_("初始密码"),
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("至少 10 位，须同时包含字母和数字。"),
    )
    unit = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="add",
        message=_("单位不存在或不在您的管理范围内。"),
        write_only=True,
        label=_("任职单位"),
    )
    role = serializers.ChoiceField(label=_("角色"), choices=Role.choices, write_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "password", "unit", "role"]

    def validate_unit(self, unit):
        return _active_unit(unit, _("该单位已停用，不能在其下新增用户。"))

    def validate(self, attrs):
        candidate = User(
            username=attrs.get("username", ""),
            full_name=attrs.get("full_name", ""),
            email=attrs.get("email", ""),
        )
        try:
            password_validation.validate_password(attrs.get("password", ""), candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc
        return attrs

    def to_representation(self, instance):
        return UserSerializer(instance, context=self.context).to_representation(instance)


# The attributes an administrator may change; username, password and memberships elsewhere.
class UserUpdateSerializer(UserSerializer):
    username = serializers.CharField(read_only=True)
    phone = serializers.CharField(label=_("手机号"), required=False, allow_blank=True, max_length=11)
    id_number = serializers.CharField(label=_("身份证号"), required=False, allow_blank=True, max_length=18)

    def to_representation(self, instance):
        return UserSerializer(instance, context=self.context).to_representation(instance)


# The full identifiers: only as the answer to the audited ``reveal`` action.
class UserSensitiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "phone", "id_number"]
        read_only_fields = fields


class MembershipSerializer(ScopedModelSerializer):
    user = ScopedPrimaryKeyField(
        model=User,
        action="view",
        message=_("用户不存在或不在您的管理范围内。"),
        label=_("用户"),
    )
    unit = ScopedPrimaryKeyField(
        model=OrgUnit,
        action="add",
        message=_("单位不存在或不在您的管理范围内。"),
        label=_("单位"),
    )
    role = serializers.ChoiceField(label=_("角色"), choices=Role.choices)
    username = serializers.CharField(source="user.username", read_only=True, label=_("用户名"))
    user_full_name = serializers.CharField(source="user.full_name", read_only=True, label=_("姓名"))
    unit_name = serializers.CharField(source="unit.name", read_only=True, label=_("单位名称"))
    role_display = serializers.CharField(source="get_role_display", read_only=True, label=_("角色名称"))

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "username",
            "user_full_name",
            "unit",
            "unit_name",
            "role",
            "role_display",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "is_active", "created_at"]
        # One clear message instead of the generic unique-together text; the service re-checks.
        validators = []

    def validate_unit(self, unit):
        return _active_unit(unit, _("该单位已停用，不能在其下新增任职。"))

    def validate(self, attrs):
        if Membership.objects.filter(user=attrs["user"], unit=attrs["unit"], role=attrs["role"]).exists():
            raise serializers.ValidationError({"role": [_("该用户在此单位已有相同角色的任职。")]})
        return attrs


# The signed-in user, with all of their own memberships and the one currently chosen.
class MeSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField(label=_("手机号（已脱敏）"))
    id_number = serializers.SerializerMethodField(label=_("身份证号（已脱敏）"))
    memberships = serializers.SerializerMethodField(label=_("任职"))
    current_membership = serializers.SerializerMethodField(label=_("当前身份"))

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "id_number",
            "title",
            "memberships",
            "current_membership",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, user: User) -> str:
        return mask_phone(user.phone)

    @extend_schema_field(OpenApiTypes.STR)
    def get_id_number(self, user: User) -> str:
        return mask_id_number(user.id_number)

    @extend_schema_field(MembershipBriefSerializer(many=True))
    def get_memberships(self, user: User):
        memberships = user.memberships.select_related("unit").order_by("unit__path", "role")
        return MembershipBriefSerializer(memberships, many=True).data

    @extend_schema_field(MembershipBriefSerializer(allow_null=True))
    def get_current_membership(self, user: User):
        membership = user.current_membership()
        return MembershipBriefSerializer(membership).data if membership is not None else None


# --- audit ----------------------------------------------------------------------------------------------


class AuditEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True, label=_("动作名称"))
    actor = serializers.UUIDField(source="actor_id", read_only=True, allow_null=True, label=_("操作人"))
    unit = serializers.UUIDField(source="unit_id", read_only=True, allow_null=True, label=_("单位"))
    unit_name = serializers.SerializerMethodField(label=_("单位名称"))

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "created_at",
            "actor",
            "actor_name",
            "unit",
            "unit_name",
            "action",
            "action_display",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "note",
            "client_ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_unit_name(self, event: AuditEvent) -> str:
        # The unit may have been deleted since: the log has no database constraint on it.
        unit = event.unit if "unit" in event._state.fields_cache else None
        return unit.name if unit is not None else ""


class AuditVerifySerializer(serializers.Serializer):
    ok = serializers.BooleanField(label=_("链完整"))
    checked = serializers.IntegerField(label=_("已核验记录数"))
    broken_seq = serializers.IntegerField(label=_("首条异常记录序号"), required=False)
    reason = serializers.CharField(label=_("异常原因"), required=False)
