"""Public routes of 双随机一公开 (mounted at /public/enforcement/inspections/)."""

app_name = "inspections_public"

urlpatterns = []
