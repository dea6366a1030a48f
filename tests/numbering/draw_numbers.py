"""Child process of the concurrency test (test_concurrency.py): draws numbers on its own connection.

    python -m tests.numbering.draw_numbers DB_NAME UNIT_ID ACTOR_ID DOC_TYPE YEAR COUNT

Runs with the parent's environment (FAZHI_ENV=test, DATABASE_URL) and the test database's name, which
pytest-django chose in the parent. Prints "ready", waits for a line on stdin so that every child
starts drawing at the same moment, then prints the sequence numbers it drew as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    db_name, unit_id, actor_id, doc_type, year, count = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    from django.conf import settings

    # Before the first connection is made: use the parent's test database, not the configured one.
    database = settings.DATABASES["default"]
    database["NAME"] = db_name
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Commits need not wait for the disk here: what is tested is locking and visibility, which
        # synchronous_commit does not change; it only keeps 4,000 serialised commits fast.
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

    import django

    django.setup()

    import tests.numbering.doc_types  # noqa: F401 — registers the test document types
    from fazhi.core.models import OrgUnit, User
    from fazhi.numbering.services import number_issue

    unit = OrgUnit.objects.get(pk=unit_id)
    actor = User.objects.get(pk=actor_id)
    print("ready", flush=True)
    sys.stdin.readline()
    drawn = [
        number_issue(actor=actor, unit=unit, doc_type=doc_type, year=int(year)).seq for _ in range(int(count))
    ]
    print(json.dumps(drawn), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
