"""API routes of 案卷评查, included under /api/enforcement/reviews/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.enforcement.casereview.api.views import CampaignViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("campaigns", CampaignViewSet, basename="api-casereview-campaigns")

urlpatterns = router.urls
