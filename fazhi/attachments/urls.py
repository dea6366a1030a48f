from django.urls import path

from fazhi.attachments import views

app_name = "attachments"

urlpatterns = [
    path("", views.AttachmentListView.as_view(), name="list"),
    path("upload/", views.AttachmentUploadView.as_view(), name="upload"),
    path("<uuid:pk>/", views.AttachmentDetailView.as_view(), name="detail"),
    path("<uuid:pk>/download/", views.AttachmentDownloadView.as_view(), name="download"),
    path("<uuid:pk>/delete/", views.AttachmentDeleteView.as_view(), name="delete"),
]
