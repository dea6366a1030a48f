"""Routes of inspections."""

app_name = "inspections"

urlpatterns = []
