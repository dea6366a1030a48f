"""Large imports run as background jobs (fazhi.jobs), with progress on the job's page.

The upload is kept in Django's default storage under ``excel/uploads/`` until the import has run to an
answer (saved, or refused with its error sheet); after an unexpected failure it stays, so “重新执行”
can run it again.
"""

from __future__ import annotations

import logging
import uuid

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.scoping import has_permission_anywhere
from fazhi.excel.importer import run_import
from fazhi.excel.registers import Register, get_register
from fazhi.jobs.registry import JobError, job_handler
from fazhi.jobs.services import job_enqueue, job_set_result

logger = logging.getLogger(__name__)

IMPORT_KIND = "excel.import"
UPLOAD_FOLDER = "excel/uploads"


def start_import_job(register: Register, upload, *, actor, filename: str):
    """Store the uploaded file and queue its import; returns the job (its page shows the progress)."""
    stored = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.xlsx", upload)
    membership = actor.current_membership()
    try:
        return job_enqueue(
            actor=actor,
            kind=IMPORT_KIND,
            unit=membership.unit if membership else None,
            params={"register": register.key, "file": stored, "filename": filename[:200]},
        )
    except Exception:
        default_storage.delete(stored)
        raise


@job_handler(IMPORT_KIND, label=gettext_lazy("Excel 导入"))
def import_job(job, report) -> None:
    try:
        register = get_register(job.params.get("register", ""))
    except LookupError as exc:
        raise JobError(_("导入的数据类型已不存在，无法执行。")) from exc
    actor = job.owner
    if not register.importable or not has_permission_anywhere(
        actor, register.model.scope_permission(register.import_action)
    ):
        raise JobError(_("您已没有导入%(title)s的权限，导入未执行。") % {"title": register.title})
    name = job.params.get("file", "")
    if not name.startswith(f"{UPLOAD_FOLDER}/") or not default_storage.exists(name):
        raise JobError(_("上传的文件已不存在（可能已导入或已清理），请重新上传。"))
    filename = job.params.get("filename", "")
    report(1, _("正在检查文件"))
    with default_storage.open(name, "rb") as stream:
        result = run_import(
            register, stream, actor=actor, size=default_storage.size(name), filename=filename, progress=report
        )
    default_storage.delete(name)
    if result.refused:
        raise JobError(result.refused)
    if result.errors:
        job_set_result(
            job,
            filename=_("%(title)s导入_错误说明.xlsx") % {"title": register.title},
            content=result.error_sheet,
            summary={
                _("文件"): filename,
                _("数据行"): result.rows,
                _("错误数"): len(result.errors),
                _("第一处错误"): str(result.errors[0]),
            },
        )
        raise JobError(result.message + _("请下载错误说明表查看每一处错误。"))
    job_set_result(
        job,
        summary={
            _("文件"): filename,
            _("数据行"): result.rows,
            _("已导入"): result.saved,
            _("用时"): _("%(seconds).1f 秒") % {"seconds": result.seconds},
        },
    )
    report(100, result.message)
