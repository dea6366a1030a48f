"""Public routes (see public_urls.py)."""

urlpatterns = []
