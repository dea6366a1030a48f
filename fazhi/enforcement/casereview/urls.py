"""Routes of casereview."""

app_name = "casereview"

urlpatterns = []
