app_name = "numbering"

urlpatterns: list = []
