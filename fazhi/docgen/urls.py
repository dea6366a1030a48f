from django.urls import path

from fazhi.docgen import views

app_name = "docgen"

urlpatterns = [
    path("", views.TemplateListView.as_view(), name="templates"),
    path("download/", views.TemplateDownloadView.as_view(), name="template-download"),
    path("upload/", views.TemplateUploadView.as_view(), name="template-upload"),
    path("<uuid:pk>/delete/", views.TemplateDeleteView.as_view(), name="template-delete"),
]
