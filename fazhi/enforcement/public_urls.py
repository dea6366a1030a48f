"""Public routes of 行政执法 (mounted at /public/enforcement/): no login, no personal identifiers."""

from django.urls import path

from fazhi.enforcement.views import public

app_name = "enforcement_public"

urlpatterns = [
    path("", public.PublicBodyListView.as_view(), name="bodies"),
    path("roster/", public.PublicRosterView.as_view(), name="roster"),
    path("verify/<str:token>/", public.PublicVerifyView.as_view(), name="verify"),
]
