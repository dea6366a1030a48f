"""Imports: all or nothing, errors per row and column in Chinese, and the error sheet."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, Membership, User
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from tests.excel.helpers import USER_HEADERS, read_sheet, response_bytes, user_row, workbook_bytes

ID_ERROR = "身份证号格式或校验位不正确（应为 18 位，末位可为 X）。"


def upload(client, content: bytes, name: str = "用户.xlsx"):
    return client.post(reverse("excel:users-import"), {"file": SimpleUploadedFile(name, content)})


def user_count() -> int:
    return User.objects.count()


def test_import_of_1000_rows_with_one_bad_row_saves_nothing_and_names_the_cell(
    people, login, settings, django_capture_on_commit_callbacks
):
    """The acceptance test of issue 3: through the page, which hands 1,000 users to a background job."""
    from fazhi.jobs.choices import JobStatus
    from fazhi.jobs.models import Job

    settings.FAZHI_JOBS_BACKEND = "inline"
    rows = [user_row(n) for n in range(1000)]
    rows[10][4] = "110105199001011235"  # wrong check digit; Excel row 12 (the header is row 1)
    client = login(people.admin)
    users, memberships, events = user_count(), Membership.objects.count(), AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook_bytes(rows))

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (user_count(), Membership.objects.count()) == (users, memberships)
    # the only new audit event is the job's own creation: no user, membership or import was recorded
    new_events = AuditEvent.objects.filter(seq__gt=events).values_list("object_type", flat=True)
    assert list(new_events) == ["jobs.job"]
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "共发现 1 处错误（涉及 1 行），未导入任何数据。请改正后重新导入整个文件。"
        "请下载错误说明表查看每一处错误。"
    )
    assert job.result_summary["第一处错误"] == f"第 12 行「身份证号」：{ID_ERROR}"
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f"第 12 行「身份证号」：{ID_ERROR}" in page

    with job.result_file.open("rb") as stream:
        sheet = read_sheet(stream.read(), "用户")
    assert [c.value for c in sheet[1]] == [*USER_HEADERS, "错误说明"]
    assert sheet.max_row == 1001
    assert sheet["J12"].value == f"「身份证号」：{ID_ERROR}"
    assert sheet["E12"].value == "110105199001011235"
    assert sheet["E12"].fill.fgColor.rgb == "00FFC7CE"
    assert sheet["J11"].value is None
    assert sheet["E11"].fill.fgColor.rgb != "00FFC7CE"


def test_the_engine_refuses_1000_rows_with_one_bad_row(people, tree):
    rows = [user_row(n) for n in range(1000)]
    rows[500][0] = "bad name"  # Excel row 502
    content = workbook_bytes(rows)
    users = user_count()

    result = run_import(get_register("users"), io.BytesIO(content), actor=people.admin, size=len(content))

    assert user_count() == users
    assert (result.rows, result.saved) == (1000, 0)
    message = "请输入合法的用户名。只能包含英文字母、数字、特殊字符“@”、“.”、“-”和“_”。"
    assert [str(e) for e in result.errors] == [f"第 502 行「用户名」：{message}"]
    sheet = read_sheet(result.error_sheet, "用户")
    assert sheet["J502"].value == f"「用户名」：{message}"
    assert sheet["A502"].fill.fgColor.rgb == "00FFC7CE"


def test_a_small_file_with_errors_lists_them_on_the_page(people, login):
    rows = [user_row(n) for n in range(20)]
    rows[10][4] = "110105199001011235"
    client = login(people.admin)
    users, events = user_count(), AuditEvent.objects.count()

    response = upload(client, workbook_bytes(rows))

    assert response.status_code == 200
    assert (user_count(), AuditEvent.objects.count()) == (users, events)
    errors = [str(e) for e in response.context["errors"]]
    assert errors == [f"第 12 行「身份证号」：{ID_ERROR}"]
    assert response.context["result"].message == (
        "共发现 1 处错误（涉及 1 行），未导入任何数据。请改正后重新导入整个文件。"
    )
    assert f"第 12 行「身份证号」：{ID_ERROR}" in response.content.decode()

    sheet_response = client.get(response.context["error_sheet_url"])
    assert sheet_response.status_code == 200
    sheet = read_sheet(response_bytes(sheet_response), "用户")
    assert sheet.max_row == 21
    assert sheet["J12"].value == f"「身份证号」：{ID_ERROR}"
    assert sheet["E12"].fill.fgColor.rgb == "00FFC7CE"
    download = AuditEvent.objects.order_by("-seq").first()
    assert (download.action, download.object_type) == (AuditAction.DOWNLOAD, "excel.errorsheet")


def test_a_valid_file_creates_every_user_through_user_create(people, login, tree):
    rows = [user_row(1), user_row(2, unit_code="qh-gaj", role="法治工作人员")]
    client = login(people.admin)

    response = upload(client, workbook_bytes(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("users:list")
    first = User.objects.get(username="import00001")
    assert (first.full_name, first.title, first.phone, first.id_number) == (
        "导入用户1",
        "科员",
        "13900000001",
        rows[0][4],
    )
    assert first.check_password(rows[0][8])
    assert list(first.memberships.values_list("unit__code", "role")) == [("qh-scj", Role.CLERK)]
    second = User.objects.get(username="import00002")
    assert list(second.memberships.values_list("unit__code", "role")) == [("qh-gaj", Role.LEGAL_STAFF)]
    event = AuditEvent.objects.filter(object_type="excel.import").get()
    assert (event.action, event.object_id) == (AuditAction.CREATE, "users")
    assert event.note == "从文件“用户.xlsx”导入用户 2 条"
    # user_create's own events: the user and the first membership, for each row
    assert AuditEvent.objects.filter(object_type="core.user", action=AuditAction.CREATE).count() == 2


def test_run_import_directly(people, tree):
    result = run_import(
        get_register("users"),
        io.BytesIO(workbook_bytes([user_row(5)])),
        actor=people.admin,
        size=len(workbook_bytes([user_row(5)])),
        filename="x.xlsx",
    )
    assert result.ok, result.errors
    assert result.saved == 1


@pytest.fixture
def job_threshold(settings):
    settings.FAZHI_IMPORT_JOB_THRESHOLD = 3
    settings.FAZHI_JOBS_BACKEND = "inline"


def test_a_large_import_runs_as_a_job_with_progress(
    people, login, tree, job_threshold, django_capture_on_commit_callbacks
):
    from fazhi.jobs.choices import JobStatus
    from fazhi.jobs.models import Job

    client = login(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook_bytes([user_row(n) for n in range(5)]))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.owner_id, job.unit_id) == ("excel.import", people.admin.pk, tree.county.pk)
    assert (job.status, job.progress, job.error) == (JobStatus.SUCCEEDED, 100, "")
    assert job.message == "已导入 5 条用户记录。"
    assert job.result_summary["文件"] == "用户.xlsx"
    assert (job.result_summary["数据行"], job.result_summary["已导入"]) == (5, 5)
    assert User.objects.filter(username__startswith="import").count() == 5
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "100%" in page
    assert "已导入 5 条用户记录。" in page
    from django.core.files.storage import default_storage

    assert default_storage.listdir("excel/uploads")[1] == []


def test_a_large_import_with_errors_fails_its_job_with_the_error_sheet(
    people, login, tree, job_threshold, django_capture_on_commit_callbacks
):
    from fazhi.jobs.choices import JobStatus
    from fazhi.jobs.models import Job

    rows = [user_row(n) for n in range(5)]
    rows[3][7] = "局长"  # Excel row 5, 角色
    client = login(people.admin)
    users = user_count()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook_bytes(rows))

    job = Job.objects.get()
    assert user_count() == users
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "共发现 1 处错误（涉及 1 行），未导入任何数据。请改正后重新导入整个文件。"
        "请下载错误说明表查看每一处错误。"
    )
    assert job.result_summary["第一处错误"] == (
        "第 5 行「角色」：“局长”不是可选的值，应为：系统管理员、法治工作人员、经办人、领导、审计员。"
    )
    assert job.result_name == "用户导入_错误说明.xlsx"
    with job.result_file.open("rb") as stream:
        sheet = read_sheet(stream.read(), "用户")
    assert sheet["J5"].value == (
        "「角色」：“局长”不是可选的值，应为：系统管理员、法治工作人员、经办人、领导、审计员。"
    )
