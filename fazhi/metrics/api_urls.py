"""API routes of the metric catalog, included under /api/metrics/ by fazhi/core/api/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from fazhi.metrics import api


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("entries", api.MetricEntryViewSet, basename="api-metric-entries")

urlpatterns = [
    path("", api.MetricCatalogView.as_view(), name="api-metrics"),
    *router.urls,
    path("<str:key>/value/", api.MetricValueView.as_view(), name="api-metric-value"),
]
