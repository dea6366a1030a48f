from django.urls import path

from fazhi.core.views import audit

app_name = "audit"

urlpatterns = [
    path("", audit.AuditListView.as_view(), name="list"),
    # The one integer identifier in a URL: audit records are visible only to auditors within scope.
    path("<int:pk>/", audit.AuditDetailView.as_view(), name="detail"),
    path("export/", audit.AuditExportView.as_view(), name="export"),
    path("verify/", audit.AuditVerifyView.as_view(), name="verify"),
]
