"""Progress reports from a running handler to the job row, cheap enough to call for every row.

A handler often does its real work in one transaction (an import saves all rows or none). A progress
update written through that transaction would stay invisible until the end, so:

* outside the handler's own transaction, the row is updated directly;
* inside it, on PostgreSQL, a second connection writes the update (with a short lock timeout, so it
  can never wait on the handler's own transaction);
* inside it, on SQLite, the database is locked by the handler's write; the update is kept in this
  process's memory, where the pages read it when the job runs in the web process (the embedded
  ``thread`` backend, the usual SQLite setup).

Writes are throttled; the final state is always written when the job ends.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, connection, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

#: at most one database write per this many seconds (the page polls once a second)
MIN_INTERVAL = 0.5

_live: dict[str, tuple[int, str]] = {}
_live_lock = threading.Lock()


def live_progress(job_id) -> tuple[int, str] | None:
    """The newest report of a job running in this process, or None."""
    with _live_lock:
        return _live.get(str(job_id))


def _forget(job_id) -> None:
    with _live_lock:
        _live.pop(str(job_id), None)


class ProgressReporter:
    """The ``report(progress, message)`` callable handed to a handler."""

    def __init__(self, job):
        self.job = job
        self.key = str(job.pk)
        # Atomic blocks open when the handler starts (a test's transaction, an inline run) are not the
        # handler's own: only deeper ones hide the update.
        self.baseline = len(connection.atomic_blocks)
        self.progress = 0
        self.message = ""
        self._written: tuple[int, str] | None = None
        self._last_write = 0.0
        self._side = None
        self._side_failed = False

    def __call__(self, progress: int, message: str = "") -> None:
        try:
            progress = max(0, min(100, int(progress)))
        except (TypeError, ValueError):
            progress = self.progress
        self.progress, self.message = progress, str(message)[:500]
        with _live_lock:
            _live[self.key] = (self.progress, self.message)
        state = (self.progress, self.message)
        now = time.monotonic()
        if state == self._written or now - self._last_write < MIN_INTERVAL:
            return
        if self._write(*state):
            self._written = state
            self._last_write = now

    def _write(self, progress: int, message: str) -> bool:
        from fazhi.jobs.choices import JobStatus
        from fazhi.jobs.models import Job

        if len(connection.atomic_blocks) <= self.baseline:
            Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
                progress=progress, message=message, updated_at=timezone.now()
            )
            return True
        if connection.vendor != "postgresql" or self._side_failed:
            return False
        return self._write_aside(progress, message)

    def _write_aside(self, progress: int, message: str) -> bool:
        from fazhi.jobs.models import Job

        try:
            if self._side is None:
                self._side = connections.create_connection(connection.alias)
            table = self._side.ops.quote_name(Job._meta.db_table)
            pk = Job._meta.pk.get_db_prep_value(self.job.pk, self._side)
            with self._side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                cursor.execute(
                    f"UPDATE {table} SET progress = %s, message = %s WHERE id = %s AND status = 'running'",  # noqa: S608 — the table name is ours
                    [progress, message, pk],
                )
            return True
        except DatabaseError:
            # E.g. the handler's transaction holds the job row: stop trying for this run.
            logger.info("job %s: progress kept in memory only", self.key)
            self._side_failed = True
            return False

    def close(self) -> None:
        _forget(self.key)
        if self._side is not None:
            try:
                self._side.close()
            except DatabaseError:
                pass
            self._side = None
