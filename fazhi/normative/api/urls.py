"""API routes of 行政规范性文件, to be included under /api/normative/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.normative.api.views import DocumentViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("documents", DocumentViewSet, basename="api-normative-documents")

urlpatterns = router.urls
