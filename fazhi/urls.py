from django.urls import include, path

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("calendar/", include("fazhi.workdays.urls")),
    path("numbering/", include("fazhi.numbering.urls")),
    path("attachments/", include("fazhi.attachments.urls")),
    path("metrics/", include("fazhi.metrics.urls")),
    path("jobs/", include("fazhi.jobs.urls")),
    path("excel/", include("fazhi.excel.urls")),
    path("docgen/", include("fazhi.docgen.urls")),
    path("reconsideration/", include("fazhi.reconsideration.urls")),
    path("analysis/", include("fazhi.analysis.urls")),
    path("normative/", include("fazhi.normative.urls")),
    path("disclosure/", include("fazhi.disclosure.urls")),
    path("reports/", include("fazhi.reporting.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("public/enforcement/", include("fazhi.enforcement.public_urls")),
    path("public/reports/", include("fazhi.reporting.public_urls")),
    path("public/normative/", include("fazhi.normative.public_urls")),
    path("public/reconsideration/", include("fazhi.reconsideration.public_urls")),
    path("api/", include("fazhi.core.api.urls")),
]
