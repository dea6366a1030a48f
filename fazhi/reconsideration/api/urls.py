"""API routes of 行政复议, included under /api/reconsideration/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.reconsideration.api.views import CaseViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("cases", CaseViewSet, basename="api-reconsideration-cases")

urlpatterns = router.urls
