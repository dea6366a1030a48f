"""The daily 失效 of normative documents whose validity ran out (RULES.md §4.2), registered with the jobs
engine (docs/jobs.md); found by fazhi.jobs' autodiscovery and imported by the app's ready()."""

from __future__ import annotations

import datetime

from fazhi.jobs.daily import register_daily

#: after midnight: a document whose last day in force was yesterday is shown as 已失效 before work starts
EXPIRE_HOUR = 1


def expire_lapsed(*, on: datetime.date) -> int:
    from fazhi.normative.services.validity import expire_due

    return expire_due(on=on)


register_daily(
    "normative.expire",
    label="行政规范性文件有效期届满自动失效",
    hour=EXPIRE_HOUR,
    run=expire_lapsed,
)
