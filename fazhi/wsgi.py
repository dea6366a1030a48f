import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()

# FAZHI_JOBS_BACKEND=thread: each web process runs background jobs on its own worker thread.
from fazhi.jobs.worker import start_embedded_worker  # noqa: E402 — needs the application set up

start_embedded_worker()
