"""Routes of 行政执法案件 (mounted at /enforcement/cases/): cases, 执法事项与裁量基准, 两法衔接."""

from fazhi.enforcement.cases import urls_cases, urls_items, urls_transfers

app_name = "enforcement_cases"

urlpatterns = [*urls_cases.urlpatterns, *urls_items.urlpatterns, *urls_transfers.urlpatterns]
