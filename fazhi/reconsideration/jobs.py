"""The daily 视为受理 task (第三十条第三款), registered with the jobs engine (docs/jobs.md)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.jobs.daily import register_daily

logger = logging.getLogger(__name__)

#: after midnight: a review window that ended yesterday is settled before anyone starts work
DEEM_ACCEPTED_HOUR = 1


@dataclass
class DeemReport:
    on: datetime.date
    deemed: list[str] = field(default_factory=list)  # case numbers
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(date)s：%(n)s 件行政复议申请审查期限届满，依照《行政复议法》第三十条第三款视为受理%(cases)s%(failed)s。"
        ) % {
            "date": self.on.isoformat(),
            "n": len(self.deemed),
            "cases": f"（{'、'.join(self.deemed)}）" if self.deemed else "",
            "failed": _("；%(n)s 件未能处理，见日志") % {"n": len(self.failed)} if self.failed else "",
        }


def deem_lapsed_accepted(*, on: datetime.date) -> DeemReport:
    """Mark 视为受理 every case whose 5-working-day review ended before ``on`` with no decision. The system
    acts (``actor=None``, shown as 系统 in the audit log, as the deadline engine's services do); each case
    is its own transaction and audit event. Idempotent: a case already deemed accepted is no longer under
    review, so a second run the same day finds nothing."""
    from fazhi.reconsideration.selectors import acceptance_lapsed_everywhere
    from fazhi.reconsideration.services import case_deem_accepted

    report = DeemReport(on=on)
    for case in acceptance_lapsed_everywhere(today=on):
        try:
            case_deem_accepted(actor=None, case=case, today=on)
        except ValidationError:  # decided meanwhile by a person: nothing to do
            logger.warning("deem-accept skipped for case %s", case.pk, exc_info=True)
            report.failed.append(case.case_number)
            continue
        report.deemed.append(case.case_number)
    if report.deemed or report.failed:
        logger.info("%s", report.summary())
    return report


register_daily(
    "reconsideration.deem_accepted",
    label="行政复议申请视为受理（第三十条第三款）",
    hour=DEEM_ACCEPTED_HOUR,
    run=deem_lapsed_accepted,
)
