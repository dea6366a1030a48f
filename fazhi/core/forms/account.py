from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续 5 次输错，账号将被锁定 15 分钟。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
        "locked": _("该账号因连续登录失败已被锁定，请于 %(time)s 后再试，或联系系统管理员解锁。"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username")
        user = get_user_model()._default_manager.filter(username=username).only("locked_until").first()
        if user is not None and user.is_locked:
            return forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"time": timezone.localtime(user.locked_until).strftime("%H:%M")},
            )
        return super().get_invalid_login_error()


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 10 位，须同时包含字母和数字。"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data
