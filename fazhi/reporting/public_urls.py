"""Public routes (mounted at /public/reports/): published reports, no login."""

from django.urls import path

from fazhi.reporting.views import public

app_name = "reporting_public"

urlpatterns = [
    path("", public.PublicReportListView.as_view(), name="list"),
    path("<uuid:pk>/", public.PublicReportView.as_view(), name="detail"),
    path("<uuid:pk>/download/", public.PublicReportDownloadView.as_view(), name="download"),
]
