from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from fazhi.core.api import views


class Router(DefaultRouter):
    # Object routes as <uuid:pk> / <int:pk> (the project's convention, seen by the generated scoping
    # suite); no ".json" suffix routes, whose extra ``format`` argument nothing here needs.
    include_format_suffixes = False

    def get_method_map(self, viewset, method_map):
        # Route only the methods the viewset allows, so a route's ``actions`` tell the truth
        # (users cannot be deleted, memberships not edited): the rest answer 405 on every id.
        allowed = set(viewset.http_method_names)
        return {m: a for m, a in super().get_method_map(viewset, method_map).items() if m in allowed}


router = Router(use_regex_path=False)
router.register("units", views.UnitViewSet, basename="api-units")
router.register("users", views.UserViewSet, basename="api-users")
router.register("memberships", views.MembershipViewSet, basename="api-memberships")
router.register("audit", views.AuditEventViewSet, basename="api-audit")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", views.TokenObtainView.as_view(), name="api-token"),
    path("auth/token/revoke/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("me/", views.MeView.as_view(), name="api-me"),
    *router.urls,
    path("", include("fazhi.attachments.api_urls")),
    path("metrics/", include("fazhi.metrics.api_urls")),
    path("reconsideration/", include("fazhi.reconsideration.api.urls")),
    path("reports/", include("fazhi.reporting.api.urls")),
    path("normative/", include("fazhi.normative.api.urls")),
    path("enforcement/cases/", include("fazhi.enforcement.cases.api.urls")),
    path("enforcement/reviews/", include("fazhi.enforcement.casereview.api.urls")),
    path("enforcement/inspections/", include("fazhi.enforcement.inspections.api.urls")),
    path("enforcement/", include("fazhi.enforcement.api.urls")),
    # Last: every other /api/ address answers a JSON 404, never Django's HTML page.
    re_path(r"^.*$", views.api_not_found, name="api-not-found"),
]
