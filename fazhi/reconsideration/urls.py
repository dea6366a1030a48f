"""Routes of 行政复议 (mounted at /reconsideration/). Object routes take exactly one ``pk``."""

from django.urls import path

app_name = "reconsideration"

urlpatterns: list = []

# --- cases: list, register, detail, the forms of each step (views/cases.py, views/steps.py) --------

# --- documents (views/documents.py) -----------------------------------------------------------------

# --- deadline board and statistics (views/board.py, views/statistics.py) ----------------------------
