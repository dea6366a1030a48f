"""Public routes of 行政复议 (mounted at /public/reconsideration/): no login, nothing personal."""

from django.urls import path

from fazhi.reconsideration.views.public import PublicStatusCheckView

app_name = "reconsideration_public"

urlpatterns: list = [
    path("", PublicStatusCheckView.as_view(), name="check"),
]
