"""Concurrent writers never fork the audit chain (SQLite: IMMEDIATE transactions; PostgreSQL: row lock)."""

import threading

import pytest
from django.db import close_old_connections, connection

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import audit_record, verify_chain

WORKERS = 4
PER_WORKER = 25


@pytest.mark.django_db(transaction=True)
def test_parallel_appends_keep_one_unbroken_chain():
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_WORKER):
                audit_record(actor=None, action=AuditAction.EXPORT, actor_name=f"worker{n}", note=str(i))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()
    assert errors == []
    assert AuditEvent.objects.count() == WORKERS * PER_WORKER
    report = verify_chain()
    assert report.ok, report.reason
    assert report.checked == WORKERS * PER_WORKER
