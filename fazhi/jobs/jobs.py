"""The jobs engine's own handler: a self-test an administrator runs to check that workers run jobs."""

from __future__ import annotations

import platform
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.jobs.registry import JobError, job_handler
from fazhi.jobs.services import job_set_result, worker_identity

SELFTEST_KIND = "jobs.selftest"


@job_handler(SELFTEST_KIND, label=gettext_lazy("后台任务自检"))
def selftest(job, report) -> None:
    """Three steps with progress, a small text result and a summary; ``{"fail": true}`` fails on purpose."""
    steps = max(1, min(int(job.params.get("steps", 3)), 20))
    pause = max(0.0, min(float(job.params.get("pause", 0.2)), 2.0))
    for step in range(1, steps + 1):
        report(int(step * 90 / steps), _("自检第 %(step)d/%(steps)d 步") % {"step": step, "steps": steps})
        time.sleep(pause)
    if job.params.get("fail"):
        raise JobError(_("自检按要求以失败结束（参数 fail）。"))
    # The page shows the keys as they are: Chinese labels.
    summary = {
        _("执行进程"): worker_identity(),
        _("执行方式"): settings.FAZHI_JOBS_BACKEND,
        _("数据库"): connection.vendor,
        _("Python 版本"): platform.python_version(),
        _("完成时间"): timezone.localtime().isoformat(timespec="seconds"),
    }
    lines = [_("fazhi 后台任务自检结果"), *(f"{key}: {value}" for key, value in summary.items())]
    job_set_result(
        job, filename=_("后台任务自检结果.txt"), content=("\n".join(lines) + "\n").encode(), summary=summary
    )
    report(100, _("自检完成"))
