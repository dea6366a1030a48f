"""Routes of 政府信息公开 (mounted at /disclosure/). Object routes take exactly one ``pk``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.disclosure import views
from fazhi.disclosure.api import views as api_views

app_name = "disclosure"


class Router(SimpleRouter):
    include_format_suffixes = False  # object routes as <uuid:pk>


router = Router(use_regex_path=False)
router.register("api/reports", api_views.DisclosureReportViewSet, basename="api-reports")

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("<uuid:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", views.ReportEditView.as_view(), name="edit"),
    path("<uuid:pk>/prefill/", views.ReportPrefillView.as_view(), name="prefill"),
    path("<uuid:pk>/confirm/", views.ReportConfirmView.as_view(), name="confirm"),
    path("<uuid:pk>/reopen/", views.ReportReopenView.as_view(), name="reopen"),
    path("<uuid:pk>/import/", views.ReportImportView.as_view(), name="import"),
    path("<uuid:pk>/docx/", views.ReportDocxView.as_view(), name="docx"),
    path("<uuid:pk>/xlsx/", views.ReportXlsxView.as_view(), name="xlsx"),
    *router.urls,
]
