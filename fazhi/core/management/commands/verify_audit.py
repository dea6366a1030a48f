"""``fazhi verify-audit``: recompute the audit hash chain; exit 1 naming the first broken record."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.management.commands._base import FazhiCommand
from fazhi.core.services.audit import verify_chain


class Command(FazhiCommand):
    help = gettext_lazy(
        "按顺序重新计算审计日志的哈希链。链条完整时输出记录总数并以 0 退出；"
        "否则在标准错误中指出第一条被改动、删除或断链的记录（序号与原因），并以 1 退出。"
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                _("审计链不完整：第 %(seq)d 条记录有问题。%(reason)s。（此前 %(checked)d 条记录完整）")
                % {
                    "seq": report.broken_seq,
                    "reason": report.reason,
                    "checked": report.checked,
                },
                returncode=1,
            )
        self.stdout.write(_("审计链完整：共 %(count)d 条记录") % {"count": report.checked})
