from django.urls import path

from fazhi.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.CatalogView.as_view(), name="catalog"),
    path("values/", views.MetricDetailView.as_view(), name="detail"),
    path("drilldown/", views.DrilldownView.as_view(), name="drilldown"),
    path("drilldown/export/", views.DrilldownExportView.as_view(), name="drilldown-export"),
    path("entries/", views.EntryListView.as_view(), name="entries"),
    path("entries/new/", views.EntryCreateView.as_view(), name="entry-create"),
    path("entries/<uuid:pk>/edit/", views.EntryUpdateView.as_view(), name="entry-update"),
    path("entries/<uuid:pk>/delete/", views.EntryDeleteView.as_view(), name="entry-delete"),
]
