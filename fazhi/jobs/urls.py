from django.urls import path

from fazhi.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("selftest/", views.JobSelftestView.as_view(), name="selftest"),
    path("<uuid:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<uuid:pk>/status/", views.JobProgressView.as_view(), name="progress"),
    path("<uuid:pk>/retry/", views.JobRetryView.as_view(), name="retry"),
    path("<uuid:pk>/download/", views.JobDownloadView.as_view(), name="download"),
]
