"""Routes of cleanup campaigns, filing reviews, evaluations, statistics and the import (under /normative/)."""

from django.urls import path

from fazhi.normative.views import oversight, statistics

urlpatterns: list = [
    path("cleanup/", oversight.CampaignListView.as_view(), name="campaign-list"),
    path("cleanup/new/", oversight.CampaignCreateView.as_view(), name="campaign-create"),
    path("cleanup/<uuid:pk>/", oversight.CampaignDetailView.as_view(), name="campaign-detail"),
    path("cleanup/<uuid:pk>/publish/", oversight.CampaignPublishView.as_view(), name="campaign-publish"),
    path("cleanup/<uuid:pk>/export/", oversight.CampaignExportView.as_view(), name="campaign-export"),
    path("cleanup/items/<uuid:pk>/decide/", oversight.CleanupDecideView.as_view(), name="cleanup-decide"),
    path("filings/", oversight.FilingListView.as_view(), name="filing-list"),
    path("filings/new/", oversight.FilingCreateView.as_view(), name="filing-create"),
    path("filings/<uuid:pk>/", oversight.FilingDetailView.as_view(), name="filing-detail"),
    path("filings/<uuid:pk>/decide/", oversight.FilingDecideView.as_view(), name="filing-decide"),
    path("evaluations/", oversight.EvaluationListView.as_view(), name="evaluations"),
    path("evaluations/<uuid:pk>/", oversight.EvaluationRecordView.as_view(), name="evaluation-record"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("import/", oversight.ImportView.as_view(), name="import"),
]
