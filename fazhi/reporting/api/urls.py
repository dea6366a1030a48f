"""API routes of the yearly report, to be included under /api/reports/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.reporting.api.views import ReportViewSet


class Router(SimpleRouter):
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("", ReportViewSet, basename="api-reporting")

urlpatterns = router.urls
