from django.urls import include, path

from fazhi.core.views import account, home

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("login/", account.FazhiLoginView.as_view(), name="login"),
    path("logout/", account.FazhiLogoutView.as_view(), name="logout"),
    path("profile/", account.ProfileView.as_view(), name="profile"),
    path("profile/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path("switch-membership/", account.SwitchMembershipView.as_view(), name="switch-membership"),
    path("units/", include("fazhi.core.urls.units")),
    path("users/", include("fazhi.core.urls.users")),
    path("audit/", include("fazhi.core.urls.audit")),
]
