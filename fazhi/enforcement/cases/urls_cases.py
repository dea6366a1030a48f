"""Routes of the case procedure (see urls.py). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.cases.steps import STEPS
from fazhi.enforcement.cases.views import cases

urlpatterns = [
    path("", cases.CaseListView.as_view(), name="list"),
    path("new/", cases.CaseRegisterView.as_view(), name="create"),
    path("<uuid:pk>/", cases.CaseDetailView.as_view(), name="detail"),
    *[
        path(
            f"<uuid:pk>/{step.slug}/",
            cases.CaseStepView.as_view(step_slug=step.slug),
            name=f"step-{step.slug}",
        )
        for step in STEPS
    ],
]
