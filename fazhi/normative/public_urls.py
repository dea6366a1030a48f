"""The public library of normative documents (mounted at /public/normative/, no login)."""

from django.urls import path

from fazhi.normative.views import library

app_name = "normative_public"

urlpatterns: list = [
    path("", library.LibraryView.as_view(), name="index"),
    path("<uuid:pk>/", library.LibraryDocumentView.as_view(), name="document"),
    path("cleanup/", library.LibraryCleanupListView.as_view(), name="cleanup-list"),
    path("cleanup/<uuid:pk>/", library.LibraryCleanupDetailView.as_view(), name="cleanup-detail"),
    path("cleanup/<uuid:pk>/export/", library.LibraryCleanupExportView.as_view(), name="cleanup-export"),
]
