"""Routes of 行政执法 (mounted at /enforcement/). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.steps import STEPS
from fazhi.enforcement.views import certificates, roster, statistics

app_name = "enforcement"

urlpatterns = [
    path("", roster.OfficerListView.as_view(), name="list"),
    path("officers/new/", roster.OfficerCreateView.as_view(), name="officer-create"),
    path("officers/<uuid:pk>/", roster.OfficerDetailView.as_view(), name="officer-detail"),
    path("officers/<uuid:pk>/edit/", roster.OfficerUpdateView.as_view(), name="officer-edit"),
    path("officers/<uuid:pk>/training/", roster.TrainingAddView.as_view(), name="officer-training"),
    path("officers/<uuid:pk>/apply/", roster.CertificateApplyView.as_view(), name="officer-apply"),
    path("bodies/", roster.BodyListView.as_view(), name="bodies"),
    path("bodies/new/", roster.BodyCreateView.as_view(), name="body-create"),
    path("bodies/<uuid:pk>/", roster.BodyDetailView.as_view(), name="body-detail"),
    path("bodies/<uuid:pk>/edit/", roster.BodyUpdateView.as_view(), name="body-edit"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("certificates/", certificates.CertificateListView.as_view(), name="certificates"),
    path("certificates/<uuid:pk>/", certificates.CertificateDetailView.as_view(), name="certificate-detail"),
    path("certificates/<uuid:pk>/qr/", certificates.CertificateQrView.as_view(), name="certificate-qr"),
    *[
        path(
            f"certificates/<uuid:pk>/{step.slug}/",
            certificates.CertificateStepView.as_view(step_slug=step.slug),
            name=f"certificate-{step.slug}",
        )
        for step in STEPS
    ],
]
