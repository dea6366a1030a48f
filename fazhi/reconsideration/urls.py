"""Routes of 行政复议 (mounted at /reconsideration/). Object routes take exactly one ``pk``."""

from django.urls import path

app_name = "reconsideration"

urlpatterns: list = []

# --- cases: list, register, detail, the forms of each step (views/cases.py, views/steps.py) --------
from fazhi.reconsideration.steps import STEPS  # noqa: E402
from fazhi.reconsideration.views import cases, steps  # noqa: E402

urlpatterns += [
    path("", cases.CaseListView.as_view(), name="list"),
    path("register/", cases.CaseRegisterView.as_view(), name="create"),
    path("<uuid:pk>/", cases.CaseDetailView.as_view(), name="detail"),
    *[
        path(
            f"<uuid:pk>/{step.slug}/",
            steps.CaseStepView.as_view(step_slug=step.slug),
            name=f"step-{step.slug}",
        )
        for step in STEPS
    ],
]

# --- documents (views/documents.py) -----------------------------------------------------------------
from fazhi.reconsideration.views import documents as document_views  # noqa: E402

urlpatterns += [
    path("<uuid:pk>/document/", document_views.CaseDocumentView.as_view(), name="document"),
]

# --- deadline board and statistics (views/board.py, views/statistics.py) ----------------------------
from fazhi.reconsideration.views import board as board_views  # noqa: E402
from fazhi.reconsideration.views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("board/", board_views.BoardView.as_view(), name="board"),
    path("statistics/", statistics_views.StatisticsView.as_view(), name="statistics"),
]
