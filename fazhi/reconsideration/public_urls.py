"""Public routes of 行政复议 (mounted at /public/reconsideration/): no login, nothing personal."""

from django.urls import path

app_name = "reconsideration_public"

urlpatterns: list = []
