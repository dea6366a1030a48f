"""The background job that analyses an uploaded report file (docs/jobs.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.analysis.models import ReportSource
from fazhi.analysis.services import source_analyse
from fazhi.jobs.registry import JobError, job_handler
from fazhi.jobs.services import job_set_result


@job_handler("analysis.analyse", label=gettext_lazy("分析法治政府建设报告"))
def analyse_source(job, report):
    source = ReportSource.objects.restrict(job.owner, "change").filter(pk=job.params["source"]).first()
    if source is None:
        raise JobError(_("报告文件不存在或已无权访问。"))
    report(10, _("正在识别报告、章节与数字"))
    try:
        stored = source_analyse(actor=job.owner, source=source)
    except ValidationError as exc:
        raise JobError("；".join(exc.messages)) from None
    report(100, _("分析完成"))
    job_set_result(
        job,
        summary={
            "报告数": len(stored),
            "报告": "；".join(f"{r.government}{r.year or ''}年" for r in stored),
            "指标数字": sum(r.figures.filter(keyed=True).count() for r in stored),
        },
    )
