"""Routes of the yearly report (mounted at /reports/). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.reporting.views import outline, reports, supervisor

app_name = "reporting"

urlpatterns = [
    path("", reports.ReportListView.as_view(), name="list"),
    path("new/", reports.ReportCreateView.as_view(), name="create"),
    path("supervisor/", supervisor.SupervisorView.as_view(), name="supervisor"),
    path("outlines/", outline.OutlineOverviewView.as_view(), name="outlines"),
    path("outlines/customize/", outline.OutlineCustomizeView.as_view(), name="outline-customize"),
    path("outlines/<uuid:pk>/", outline.OutlineTemplateView.as_view(), name="outline"),
    path("<uuid:pk>/", reports.ReportDetailView.as_view(), name="detail"),
    path("<uuid:pk>/step/", reports.ReportStepView.as_view(), name="step"),
    path("<uuid:pk>/diff/", reports.ReportDiffView.as_view(), name="diff"),
    path("<uuid:pk>/export/", reports.ReportExportView.as_view(), name="export"),
    path("sections/<uuid:pk>/", reports.SectionEditView.as_view(), name="section"),
]
