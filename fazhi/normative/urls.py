from fazhi.normative import urls_documents, urls_oversight

app_name = "normative"

urlpatterns = [*urls_documents.urlpatterns, *urls_oversight.urlpatterns]
