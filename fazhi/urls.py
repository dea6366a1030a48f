from django.urls import include, path

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("api/", include("fazhi.core.api.urls")),
]
