"""Routes (see urls.py)."""

urlpatterns = []
