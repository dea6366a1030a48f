"""API routes of attachments, included under /api/ by fazhi.core.api.urls."""

from rest_framework.routers import SimpleRouter

from fazhi.attachments.api import AttachmentViewSet

router = SimpleRouter(use_regex_path=False)
router.register("attachments", AttachmentViewSet, basename="api-attachments")

urlpatterns = router.urls
