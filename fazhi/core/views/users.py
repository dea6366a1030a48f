"""Pages for users and their memberships (用户与任职), for system administrators within their units.

A user is visible to those who manage a unit where the user holds a membership; personal identifiers
are masked everywhere except on the response to an explicit, audited "查看完整信息".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from fazhi.core.forms.users import (
    MembershipAddForm,
    PasswordResetForm,
    UserCreateForm,
    UserFilterForm,
    UserUpdateForm,
    create_user_from_form,
)
from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.models import Membership, User
from fazhi.core.scoping import ScopeViolation
from fazhi.core.services.users import (
    USER_EDITABLE_FIELDS,
    membership_add,
    membership_remove,
    user_reset_password,
    user_reveal_sensitive,
    user_set_active,
    user_unlock,
    user_update,
)
from fazhi.core.views.base import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedUpdateView
from fazhi.core.views.units import (
    ScopedObjectFormView,
    ScopedPostActionView,
    add_errors,
    querystring_without_page,
)
from fazhi.excel.export import ExcelExportMixin

#: never "user": that name belongs to the signed-in user in every template (base.html's top bar)
ACCOUNT = "account"


def user_detail_url(user: User) -> str:
    return reverse("users:detail", args=[user.pk])


def visible_memberships(actor):
    """The memberships ``actor`` may see, for prefetching: another unit's membership stays hidden."""
    return Membership.objects.restrict(actor, "view").select_related("unit").order_by("unit__path", "role")


def mask_user(user: User) -> User:
    user.masked_phone = mask_phone(user.phone)
    user.masked_id_number = mask_id_number(user.id_number)
    return user


class UserListView(ExcelExportMixin, ScopedListView):
    model = User
    excel_register = "users"
    template_name = "core/users/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_permission_anywhere()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.filter_form = UserFilterForm(request.GET or None, user=request.user)
        return super().get(request, *args, **kwargs)

    def refine_queryset(self, qs):
        form = self.filter_form
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if q := data["q"].strip():
                qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
            membership = {}
            if data["unit"]:
                membership["memberships__unit__path__startswith"] = data["unit"].path
            if data["role"]:
                membership["memberships__role"] = data["role"]
            if membership:  # one filter() call, so unit and role must hold on the same membership
                qs = qs.filter(**membership)
            now = timezone.now()
            if data["status"] == "active":
                qs = qs.filter(is_active=True).exclude(locked_until__gt=now)
            elif data["status"] == "inactive":
                qs = qs.filter(is_active=False)
            elif data["status"] == "locked":
                qs = qs.filter(locked_until__gt=now)
        return qs.prefetch_related(
            Prefetch(
                "memberships", queryset=visible_memberships(self.request.user), to_attr="visible_memberships"
            )
        ).order_by("username")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for user in context["object_list"]:
            mask_user(user)
        context["filter_form"] = self.filter_form
        context["querystring"] = querystring_without_page(self.request)
        return context


class UserDetailView(ScopedDetailView):
    model = User
    context_object_name = ACCOUNT
    template_name = "core/users/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mask_user(self.object)
        context["memberships"] = list(visible_memberships(self.request.user).filter(user=self.object))
        context.setdefault("membership_form", MembershipAddForm(user=self.request.user, target=self.object))
        context.setdefault("revealed", False)
        return context


class UserRevealView(UserDetailView):
    """Shows the full 身份证号 and 手机号 on this one response; the call is audited."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.object = user_reveal_sensitive(actor=request.user, user=self.object)
        response = self.render_to_response(self.get_context_data(object=self.object, revealed=True))
        add_never_cache_headers(response)
        return response


class UserCreateView(ScopedCreateView):
    model = User
    form_class = UserCreateForm
    template_name = "core/users/form.html"

    def form_valid(self, form):
        try:
            self.object = create_user_from_form(actor=self.request.user, data=form.cleaned_data)
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已新建用户“%(name)s”。") % {"name": self.object.full_name})
        return HttpResponseRedirect(user_detail_url(self.object))


class UserUpdateView(ScopedUpdateView):
    model = User
    context_object_name = ACCOUNT
    form_class = UserUpdateForm
    template_name = "core/users/form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = user_update(
                actor=self.request.user, user=self.object, **{f: data[f] for f in USER_EDITABLE_FIELDS}
            )
        except (ValidationError, ScopeViolation) as exc:
            return self.fail(form, exc)
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(user_detail_url(self.object))


class UserToggleActiveView(ScopedPostActionView):
    model = User
    scope_action = "change"
    success_url_name = "users:detail"

    def act(self, user: User) -> str:
        user = user_set_active(actor=self.request.user, user=user, active=not user.is_active)
        return (_("已启用账号“%(name)s”。") if user.is_active else _("已停用账号“%(name)s”。")) % {
            "name": user
        }


class UserUnlockView(ScopedPostActionView):
    model = User
    scope_action = "change"
    success_url_name = "users:detail"

    def act(self, user: User) -> str:
        user = user_unlock(actor=self.request.user, user=user)
        return _("已解锁账号“%(name)s”，可以重新登录。") % {"name": user}


class UserPasswordResetView(ScopedObjectFormView):
    model = User
    context_object_name = ACCOUNT
    form_class = PasswordResetForm
    template_name = "core/users/password_reset.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["target"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            user_reset_password(
                actor=self.request.user, user=self.object, password=form.cleaned_data["password1"]
            )
        except (ValidationError, ScopeViolation) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已为“%(name)s”重置密码，请将新密码当面或以安全方式告知本人。") % {"name": self.object},
        )
        return HttpResponseRedirect(user_detail_url(self.object))


class MembershipAddView(ScopedObjectFormView):
    model = User
    context_object_name = ACCOUNT
    form_class = MembershipAddForm
    template_name = "core/users/membership_add.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["target"] = self.object
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            membership = membership_add(
                actor=self.request.user, user=self.object, unit=data["unit"], role=data["role"]
            )
        except (ValidationError, ScopeViolation) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已增加任职：%(unit)s · %(role)s")
            % {"unit": membership.unit.name, "role": membership.get_role_display()},
        )
        return HttpResponseRedirect(user_detail_url(self.object))


class MembershipRemoveView(ScopedPostActionView):
    model = Membership
    scope_action = "delete"

    def refine_queryset(self, qs):
        return qs.select_related("user", "unit")

    def act(self, membership: Membership) -> str:
        membership_remove(actor=self.request.user, membership=membership)
        return _("已移除任职：%(unit)s · %(role)s") % {
            "unit": membership.unit.name,
            "role": membership.get_role_display(),
        }

    def get_success_url(self) -> str:
        user = self.object.user
        # After removing the last membership within one's scope the user is no longer visible.
        if User.objects.restrict(self.request.user, "view").filter(pk=user.pk).exists():
            return user_detail_url(user)
        return reverse("users:list")
