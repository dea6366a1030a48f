"""Acceptance (issue 3): 8 processes drawing 500 numbers each get 4,000 distinct, gap-free numbers.

Real processes, each with its own database connection, all released at the same moment; the test is
transactional so the children see the committed unit and user. `make test` runs it on SQLite (the
test database is a file) and on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent
from fazhi.core.services.audit import verify_chain
from fazhi.numbering.models import IssuedNumber, NumberSequence
from tests.factories import make_user
from tests.numbering.doc_types import CASE

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
PER_PROCESS = 500
YEAR = 2025


def _spawn(unit, actor) -> subprocess.Popen:
    env = dict(os.environ, FAZHI_ENV="test", PYTHONPATH=str(ROOT))
    return subprocess.Popen(  # noqa: S603 — our own interpreter and module, arguments from the test
        [
            sys.executable,
            "-m",
            "tests.numbering.draw_numbers",
            str(connection.settings_dict["NAME"]),
            str(unit.pk),
            str(actor.pk),
            CASE,
            str(YEAR),
            str(PER_PROCESS),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_eight_processes_draw_4000_distinct_gap_free_numbers(tree):
    actor = make_user("drawer", tree.justice, Role.CLERK)
    children = [_spawn(tree.justice, actor) for _ in range(PROCESSES)]
    try:
        for child in children:
            line = child.stdout.readline()
            if line.strip() != "ready":
                child.kill()
                pytest.fail(f"子进程启动失败：{line}{child.stderr.read()}")
        for child in children:  # release them together
            child.stdin.write("go\n")
            child.stdin.flush()
        results = []
        for child in children:
            out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()

    assert [len(r) for r in results] == [PER_PROCESS] * PROCESSES
    drawn = [seq for r in results for seq in r]
    assert sorted(drawn) == list(range(1, PROCESSES * PER_PROCESS + 1))
    for r in results:  # each process saw its own numbers increase
        assert r == sorted(r)

    numbers = IssuedNumber.objects.filter(unit=tree.justice, doc_type=CASE, year=YEAR)
    assert numbers.count() == PROCESSES * PER_PROCESS
    assert sorted(numbers.values_list("seq", flat=True)) == list(range(1, PROCESSES * PER_PROCESS + 1))
    texts = Counter(numbers.values_list("text", flat=True))
    assert len(texts) == PROCESSES * PER_PROCESS
    assert "清司复〔2025〕4000号" in texts
    assert (
        NumberSequence.objects.get(unit=tree.justice, doc_type=CASE, year=YEAR).last
        == PROCESSES * PER_PROCESS
    )
    assert AuditEvent.objects.filter(object_type="numbering.issuednumber").count() == PROCESSES * PER_PROCESS
    report = verify_chain()
    assert report.ok, report.reason
