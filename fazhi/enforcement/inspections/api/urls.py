"""API routes of 双随机一公开, included under /api/enforcement/inspections/ by fazhi/core/api/urls.py."""

from rest_framework.routers import SimpleRouter

from fazhi.enforcement.inspections.api.views import TaskViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
router.register("tasks", TaskViewSet, basename="api-inspections-tasks")

urlpatterns = router.urls
