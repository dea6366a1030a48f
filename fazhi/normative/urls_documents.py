"""Routes of the document register and workflow (mounted at /normative/ with urls_oversight's).
Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.normative.steps import STEPS
from fazhi.normative.views import documents, steps

urlpatterns = [
    path("", documents.DocumentListView.as_view(), name="list"),
    path("register/", documents.DocumentCreateView.as_view(), name="create"),
    path("<uuid:pk>/", documents.DocumentDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", documents.DocumentUpdateView.as_view(), name="edit"),
    path("<uuid:pk>/upload/", documents.DocumentUploadView.as_view(), name="upload"),
    path("<uuid:pk>/comments/add/", steps.CommentAddView.as_view(), name="comment-add"),
    path("comments/<uuid:pk>/respond/", steps.CommentRespondView.as_view(), name="comment-respond"),
    path("clauses/<uuid:pk>/conclude/", steps.ClauseConcludeView.as_view(), name="clause-conclude"),
    *[
        path(
            f"<uuid:pk>/{step.slug}/",
            steps.DocumentStepView.as_view(step_slug=step.slug),
            name=f"step-{step.slug}",
        )
        for step in STEPS
    ],
]
