"""Sign-in, sign-out, profile, password change and switching between one's memberships."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import generic

from fazhi.core.forms.account import LoginForm, PasswordChangeForm
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.services.users import membership_switch, user_change_own_password


class FazhiLoginView(auth_views.LoginView):
    fazhi_scope_exempt = "登录页，不含业务数据"
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class FazhiLogoutView(auth_views.LogoutView):
    fazhi_scope_exempt = "退出登录"


class ProfileView(LoginRequiredMixin, generic.TemplateView):
    fazhi_scope_exempt = "本人资料，只显示当前用户自己"
    template_name = "core/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["masked_phone"] = mask_phone(user.phone)
        context["masked_id_number"] = mask_id_number(user.id_number)
        context["memberships"] = user.memberships.select_related("unit").order_by("unit__path")
        return context


class PasswordChangeView(LoginRequiredMixin, generic.FormView):
    fazhi_scope_exempt = "本人修改密码"
    template_name = "core/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        try:
            user_change_own_password(
                user=self.request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error("new_password1", exc.messages)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return redirect("profile")


class SwitchMembershipView(LoginRequiredMixin, generic.View):
    fazhi_scope_exempt = "切换本人的任职身份"
    http_method_names = ["post"]

    def post(self, request):
        try:
            membership = membership_switch(user=request.user, membership_id=request.POST.get("membership"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("已切换为：%(unit)s · %(role)s")
                % {"unit": membership.unit.name, "role": membership.get_role_display()},
            )
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)
