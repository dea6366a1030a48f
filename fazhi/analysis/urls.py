from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.analysis import api, views

app_name = "analysis"


class Router(SimpleRouter):
    include_format_suffixes = False  # object routes as <uuid:pk>


router = Router(use_regex_path=False)
router.register("api/reports", api.ReportViewSet, basename="api-reports")

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("compare/", views.ComparisonView.as_view(), name="compare"),
    path("reports/<uuid:pk>/", views.ReportDetailView.as_view(), name="detail"),
    *router.urls,
]
