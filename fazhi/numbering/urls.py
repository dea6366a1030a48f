from django.urls import path

from fazhi.numbering import views

app_name = "numbering"

urlpatterns = [
    path("", views.NumberListView.as_view(), name="list"),
    path("<uuid:pk>/", views.NumberDetailView.as_view(), name="detail"),
    path("<uuid:pk>/void/", views.NumberVoidView.as_view(), name="void"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template-create"),
    path("templates/<uuid:pk>/edit/", views.TemplateUpdateView.as_view(), name="template-update"),
    path("templates/<uuid:pk>/delete/", views.TemplateDeleteView.as_view(), name="template-delete"),
]
