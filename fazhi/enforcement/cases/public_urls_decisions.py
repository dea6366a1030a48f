"""Public routes of 行政处罚决定公示 (see public_urls.py)."""

from django.urls import path

from fazhi.enforcement.cases.views import public

urlpatterns = [
    path("", public.PublicDecisionListView.as_view(), name="decisions"),
    path("<uuid:pk>/", public.PublicDecisionDetailView.as_view(), name="decision"),
]
