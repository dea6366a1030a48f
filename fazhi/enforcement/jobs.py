"""The daily task marking expired certificates (有效期届满), registered with the jobs engine (docs/jobs.md)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.jobs.daily import register_daily

logger = logging.getLogger(__name__)

EXPIRE_HOUR = 1


@dataclass
class ExpiryReport:
    on: datetime.date
    expired: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("%(date)s：%(n)s 个行政执法证件有效期届满，已标记为已过期%(failed)s。") % {
            "date": self.on.isoformat(),
            "n": len(self.expired),
            "failed": _("；%(n)s 个未能处理，见日志") % {"n": len(self.failed)} if self.failed else "",
        }


def mark_expired(*, on: datetime.date) -> ExpiryReport:
    """The system (actor None, shown as 系统 in the audit log) marks every valid card whose last valid day
    is before ``on``; one transaction and audit event per card. Idempotent."""
    from fazhi.enforcement.selectors import expired_everywhere
    from fazhi.enforcement.services import certificate_expire

    report = ExpiryReport(on=on)
    for certificate in expired_everywhere(today=on):
        try:
            certificate_expire(actor=None, certificate=certificate, on=on)
        except ValidationError:  # renewed or revoked meanwhile by a person
            logger.warning("expiry skipped for certificate %s", certificate.pk, exc_info=True)
            report.failed.append(certificate.number)
            continue
        report.expired.append(certificate.number)
    if report.expired or report.failed:
        logger.info("%s", report.summary())
    return report


register_daily(
    "enforcement.expire_certificates",
    label="行政执法证件有效期届满标记",
    hour=EXPIRE_HOUR,
    run=mark_expired,
)
