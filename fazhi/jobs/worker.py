"""The embedded worker of the ``thread`` backend: one thread in the web process, no extra service.

``fazhi serve`` and ``fazhi demo`` start it (and so does the WSGI application); a dispatch also starts
it when it is not running yet. On start it fails the jobs a crashed process of this machine left
"running" and picks up jobs still queued; while idle it looks again every few seconds, so a job
queued by another process (a second web process, a management command) is not forgotten. Several
processes may run one each: a job is claimed by a conditional update and runs once.
"""

from __future__ import annotations

import datetime
import logging
import queue
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

#: seconds between looks for queued jobs this process was not told about
POLL_SECONDS = 5.0
#: a queued job younger than this is presumably on its way through some process's own queue
QUEUED_GRACE_SECONDS = 3.0

_STOP = object()


class EmbeddedWorker:
    def __init__(self):
        self.queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.poll_seconds = POLL_SECONDS

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._thread = threading.Thread(target=self._loop, name="fazhi-jobs", daemon=True)
            self._thread.start()
            logger.info("embedded job worker started")

    def submit(self, job_id) -> None:
        self.start()
        self.queue.put(job_id)

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the current job, then stop (tests; the process exiting stops the daemon thread anyway)."""
        with self._lock:
            thread = self._thread
            if thread is None:
                return
            self.queue.put(_STOP)
        thread.join(timeout)
        with self._lock:
            if self._thread is thread and not thread.is_alive():
                self._thread = None

    def _loop(self) -> None:
        self._poll(recover=True)
        while True:
            try:
                item = self.queue.get(timeout=self.poll_seconds)
            except queue.Empty:
                self._poll()
                continue
            if item is _STOP:
                break
            self._run(item)

    def _run(self, job_id) -> None:
        from fazhi.jobs.services import job_run

        close_old_connections()
        try:
            job_run(job_id)
        except Exception:  # job_run records failures itself; this is a database outage or a bug
            logger.exception("embedded worker could not run job %s", job_id)
        finally:
            connection.close()

    def _poll(self, *, recover: bool = True) -> None:
        from fazhi.jobs.choices import JobStatus
        from fazhi.jobs.models import Job
        from fazhi.jobs.services import jobs_recover_interrupted

        try:
            close_old_connections()
            if recover:
                jobs_recover_interrupted()
            cutoff = timezone.now() - datetime.timedelta(seconds=QUEUED_GRACE_SECONDS)
            waiting = list(
                Job.objects.filter(status=JobStatus.QUEUED, updated_at__lt=cutoff)
                .order_by("created_at")
                .values_list("pk", flat=True)[:100]
            )
        except Exception:  # e.g. the tables do not exist yet (before migrate)
            logger.debug("embedded worker poll failed", exc_info=True)
            waiting = []
        finally:
            connection.close()
        for job_id in waiting:
            self.queue.put(job_id)
        self._daily()

    def _daily(self) -> None:
        from fazhi.jobs.daily import run_due_daily

        try:
            close_old_connections()
            run_due_daily()
        except Exception:  # e.g. before migrate
            logger.debug("embedded worker daily tasks failed", exc_info=True)
        finally:
            connection.close()


_worker = EmbeddedWorker()


def embedded_worker() -> EmbeddedWorker:
    return _worker


def start_embedded_worker() -> bool:
    """Start the worker when the ``thread`` backend is configured; True when it runs."""
    from fazhi.jobs.backends import backend_name

    if backend_name() != "thread":
        return False
    _worker.start()
    return True
