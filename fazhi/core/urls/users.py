from django.urls import path

from fazhi.core.views import users

app_name = "users"

urlpatterns = [
    path("", users.UserListView.as_view(), name="list"),
    path("new/", users.UserCreateView.as_view(), name="create"),
    path("<uuid:pk>/", users.UserDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", users.UserUpdateView.as_view(), name="update"),
    path("<uuid:pk>/reveal/", users.UserRevealView.as_view(), name="reveal"),
    path("<uuid:pk>/toggle-active/", users.UserToggleActiveView.as_view(), name="toggle-active"),
    path("<uuid:pk>/unlock/", users.UserUnlockView.as_view(), name="unlock"),
    path("<uuid:pk>/password/", users.UserPasswordResetView.as_view(), name="reset-password"),
    path("<uuid:pk>/memberships/add/", users.MembershipAddView.as_view(), name="membership-add"),
    path("memberships/<uuid:pk>/remove/", users.MembershipRemoveView.as_view(), name="membership-remove"),
]
