"""Public routes of 行政执法案件 (mounted at /public/enforcement/cases/): decisions and the item list."""

from fazhi.enforcement.cases import public_urls_decisions, public_urls_items

app_name = "enforcement_cases_public"

urlpatterns = [*public_urls_decisions.urlpatterns, *public_urls_items.urlpatterns]
