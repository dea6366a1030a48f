"""Routes of 案卷评查 (mounted at /enforcement/reviews/). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.casereview.views import campaigns, files, rubrics

app_name = "casereview"

urlpatterns = [
    path("", campaigns.CampaignListView.as_view(), name="list"),
    path("new/", campaigns.CampaignCreateView.as_view(), name="create"),
    path("<uuid:pk>/", campaigns.CampaignDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", campaigns.CampaignEditView.as_view(), name="edit"),
    path("<uuid:pk>/delete/", campaigns.CampaignDeleteView.as_view(), name="delete"),
    path("<uuid:pk>/draw/", campaigns.CampaignDrawView.as_view(), name="draw"),
    path("<uuid:pk>/verify/", campaigns.CampaignVerifyView.as_view(), name="verify"),
    path("<uuid:pk>/complete/", campaigns.CampaignCompleteView.as_view(), name="complete"),
    path("<uuid:pk>/results/", campaigns.CampaignResultsView.as_view(), name="results"),
    path("<uuid:pk>/results.xlsx", campaigns.CampaignExportView.as_view(), name="export"),
    path("<uuid:pk>/report.docx", campaigns.CampaignReportView.as_view(), name="report"),
    path("files/<uuid:pk>/", files.FileScoreView.as_view(), name="file"),
    path("files/<uuid:pk>/finish/", files.FileFinishView.as_view(), name="file-finish"),
    path("rubrics/", rubrics.RubricListView.as_view(), name="rubrics"),
    path("rubrics/new/", rubrics.RubricCreateView.as_view(), name="rubric-create"),
    path("rubrics/default/", rubrics.RubricDefaultView.as_view(), name="rubric-default"),
    path("rubrics/<uuid:pk>/", rubrics.RubricDetailView.as_view(), name="rubric-detail"),
    path("rubrics/<uuid:pk>/edit/", rubrics.RubricEditView.as_view(), name="rubric-edit"),
    path("rubrics/<uuid:pk>/copy/", rubrics.RubricCopyView.as_view(), name="rubric-copy"),
    path("rubrics/<uuid:pk>/items/new/", rubrics.RubricItemAddView.as_view(), name="rubric-item-add"),
    path("rubric-items/<uuid:pk>/edit/", rubrics.RubricItemEditView.as_view(), name="rubric-item-edit"),
    path("rubric-items/<uuid:pk>/delete/", rubrics.RubricItemDeleteView.as_view(), name="rubric-item-delete"),
]
