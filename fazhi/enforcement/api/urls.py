"""API routes of 行政执法, to be included under /api/enforcement/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.enforcement.api.views import BodyViewSet, CertificateViewSet, OfficerViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("bodies", BodyViewSet, basename="api-enforcement-bodies")
router.register("officers", OfficerViewSet, basename="api-enforcement-officers")
router.register("certificates", CertificateViewSet, basename="api-enforcement-certificates")

urlpatterns = router.urls
