"""Public routes of 双随机一公开 (mounted at /public/enforcement/inspections/)."""

from django.urls import path

from fazhi.enforcement.inspections.views import public

app_name = "inspections_public"

urlpatterns = [path("", public.PublicTaskListView.as_view(), name="list")]
