"""Forms of the user and membership pages. Unit choices are narrowed to units the actor may manage."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.core.choices import Role
from fazhi.core.forms.base import ScopedModelForm
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.models import Membership, OrgUnit, User
from fazhi.core.services.users import USER_EDITABLE_FIELDS, user_create

PASSWORD_RULES = _("至少 10 位，须同时包含字母和数字，不能是常见密码，也不能与用户名、姓名过于相似。")

#: Django 5.2's own Chinese catalogue misses this message (its msgid changed), so it is given here.
_PASSWORD_MESSAGES = {"password_too_short": _("密码太短，至少需要 %(min_length)d 位。")}


def password_problems(password: str, user: User) -> list[str]:
    """The configured password validators' complaints, in Chinese."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        problems = []
        for error in exc.error_list:
            template = _PASSWORD_MESSAGES.get(error.code)
            problems.append(str(template) % (error.params or {}) if template else error.messages[0])
        return problems
    return []


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=PASSWORD_RULES,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_owner(self) -> User:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif password1:
            for problem in password_problems(password1, self.password_owner()):
                self.add_error("password1", problem)
        return data


class UserCreateForm(BootstrapFormMixin, NewPasswordMixin, ScopedModelForm):
    unit = UnitChoiceField(
        label=_("所属单位"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("请选择单位"),
        help_text=_("新用户的第一个任职；以后可在用户详情页增加。"),
    )
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("请选择角色")), *Role.choices])

    class Meta:
        model = User
        fields = ("username", "full_name", "title", "phone", "id_number", "email")
        help_texts = {
            "username": _("登录用，建议用姓名拼音，如 zhangsan；只能包含字母、数字和 @ . + - _。"),
            "id_number": _("18 位，末位可为 X；列表中只显示部分号码。"),
        }
        error_messages = {"username": {"unique": _("该用户名已被使用。")}}

    field_order = (
        "username",
        "full_name",
        "title",
        "unit",
        "role",
        "phone",
        "id_number",
        "email",
        "password1",
        "password2",
    )

    def __init__(self, *args, user, scope_action: str = "add", **kwargs):
        super().__init__(*args, user=user, scope_action=scope_action, **kwargs)
        unit_field_for(self.fields["unit"], user)
        self.fields["full_name"].required = True

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def password_owner(self) -> User:
        data = self.cleaned_data
        return User(
            username=data.get("username", ""),
            full_name=data.get("full_name", ""),
            email=data.get("email", ""),
        )


class UserUpdateForm(BootstrapFormMixin, ScopedModelForm):
    """Sensitive fields start empty (showing the masked value), so editing never displays them in full."""

    class Meta:
        model = User
        fields = USER_EDITABLE_FIELDS

    def __init__(self, *args, user, scope_action: str = "change", **kwargs):
        super().__init__(*args, user=user, scope_action=scope_action, **kwargs)
        for name, masker in (("phone", mask_phone), ("id_number", mask_id_number)):
            current = getattr(self.instance, name)
            self.initial[name] = ""
            field = self.fields[name]
            if current:
                field.widget.attrs["placeholder"] = masker(current)
                field.help_text = _("当前为 %(masked)s；留空表示不修改。") % {"masked": masker(current)}

    def _keep_when_empty(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        return value or getattr(self.instance, name)

    def clean_phone(self) -> str:
        return self._keep_when_empty("phone")

    def clean_id_number(self) -> str:
        return self._keep_when_empty("id_number").upper()


class PasswordResetForm(BootstrapFormMixin, NewPasswordMixin):
    def __init__(self, *args, user, target: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.target = target
        self.fields["password1"].label = _("新密码")
        self.fields["password2"].label = _("再次输入新密码")

    def password_owner(self) -> User:
        return self.target


class MembershipAddForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("单位"), queryset=OrgUnit.objects.none(), empty_label=_("请选择单位"))
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("请选择角色")), *Role.choices])

    def __init__(self, *args, user, target: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.target = target
        unit_field_for(self.fields["unit"], user)

    def clean(self):
        data = super().clean()
        unit, role = data.get("unit"), data.get("role")
        if (
            unit
            and role
            and Membership.objects.restrict(self.user, "view")
            .filter(user=self.target, unit=unit, role=role)
            .exists()
        ):
            raise ValidationError(_("该用户在此单位已有这一角色。"))
        return data


class UserFilterForm(BootstrapFormMixin, forms.Form):
    STATUS_CHOICES = [
        ("", _("全部状态")),
        ("active", _("正常")),
        ("inactive", _("已停用")),
        ("locked", _("已锁定")),
    ]

    q = forms.CharField(label=_("用户名或姓名"), required=False, max_length=100)
    unit = UnitChoiceField(
        label=_("单位（含下级）"), required=False, queryset=OrgUnit.objects.none(), empty_label=_("全部单位")
    )
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色")), *Role.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user)


def create_user_from_form(*, actor, data: dict) -> User:
    """What a valid UserCreateForm becomes: used by the 新建用户 page and the users Excel import."""
    return user_create(
        actor=actor,
        username=data["username"],
        full_name=data["full_name"],
        password=data["password1"],
        unit=data["unit"],
        role=data["role"],
        email=data["email"],
        phone=data["phone"],
        id_number=data["id_number"],
        title=data["title"],
    )
