"""Routes of 执法事项与裁量基准 (see urls.py). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.cases.views import items

urlpatterns = [
    path("items/", items.ItemListView.as_view(), name="items"),
    path("items/new/", items.ItemCreateView.as_view(), name="item-create"),
    path("items/<uuid:pk>/", items.ItemDetailView.as_view(), name="item-detail"),
    path("items/<uuid:pk>/edit/", items.ItemUpdateView.as_view(), name="item-edit"),
    path("items/<uuid:pk>/retire/", items.ItemRetireView.as_view(), name="item-retire"),
    path("items/<uuid:pk>/restore/", items.ItemRestoreView.as_view(), name="item-restore"),
    path("items/<uuid:pk>/delete/", items.ItemDeleteView.as_view(), name="item-delete"),
    path("items/<uuid:pk>/standards/new/", items.StandardCreateView.as_view(), name="standard-create"),
    path("standards/<uuid:pk>/edit/", items.StandardUpdateView.as_view(), name="standard-edit"),
    path("standards/<uuid:pk>/delete/", items.StandardDeleteView.as_view(), name="standard-delete"),
]
