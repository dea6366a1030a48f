"""Routes of 两法衔接 (see urls.py). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.cases.views import transfers

urlpatterns = [
    path("transfers/", transfers.TransferListView.as_view(), name="transfers"),
    path("transfers/new/", transfers.TransferCreateView.as_view(), name="transfer-create"),
    path("transfers/<uuid:pk>/", transfers.TransferDetailView.as_view(), name="transfer-detail"),
    path("transfers/<uuid:pk>/status/", transfers.TransferStatusView.as_view(), name="transfer-status"),
]
