"""Public routes of the 权责清单 and 裁量基准 (see public_urls.py): no login."""

from django.urls import path

from fazhi.enforcement.cases.views import public_items

urlpatterns = [
    path("items/", public_items.PublicItemListView.as_view(), name="items"),
]
