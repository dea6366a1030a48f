"""API routes of 行政执法案件 (mounted at /api/enforcement/cases/): the cases at the root, and the viewsets of
执法事项 and 两法衔接."""

from rest_framework.routers import SimpleRouter

from fazhi.enforcement.cases.api.items import ItemViewSet, StandardViewSet
from fazhi.enforcement.cases.api.transfers import TransferViewSet
from fazhi.enforcement.cases.api.views import CaseViewSet


class Router(SimpleRouter):
    # Object routes as <uuid:pk>, the project's convention (the generated scoping suite sees them).
    include_format_suffixes = False


router = Router(use_regex_path=False)
# --- 执法事项与裁量基准、两法衔接 (api/items.py, api/transfers.py; before the cases' "<uuid:pk>/" routes) ----
router.register("items", ItemViewSet, basename="api-enforcement-items")
router.register("standards", StandardViewSet, basename="api-enforcement-standards")
router.register("transfers", TransferViewSet, basename="api-enforcement-transfers")
# --- the cases -----------------------------------------------------------------------------------------
router.register("", CaseViewSet, basename="api-enforcement-cases")

urlpatterns = router.urls
