from django.urls import path

from fazhi.core.views import units

app_name = "units"

urlpatterns = [
    path("", units.UnitListView.as_view(), name="list"),
    path("new/", units.UnitCreateView.as_view(), name="create"),
    path("<uuid:pk>/", units.UnitDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", units.UnitUpdateView.as_view(), name="update"),
    path("<uuid:pk>/move/", units.UnitMoveView.as_view(), name="move"),
    path("<uuid:pk>/toggle-active/", units.UnitToggleActiveView.as_view(), name="toggle-active"),
    path("<uuid:pk>/delete/", units.UnitDeleteView.as_view(), name="delete"),
]
