"""Background jobs with a row the UI can show: in-process worker or Celery."""
