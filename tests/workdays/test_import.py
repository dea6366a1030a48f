"""Importing a year's schedule from .xlsx: every row valid, or nothing saved and every problem named."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from fazhi.core.models import AuditEvent
from fazhi.workdays.calendar import load_calendar
from fazhi.workdays.importers import ImportRejected, template_workbook
from fazhi.workdays.models import CalendarDay, CalendarYear
from fazhi.workdays.services import calendar_import
from tests.workdays.helpers import SCHEDULE_2027, XLSX, xlsx_upload

D = datetime.date


def nothing_saved():
    return (
        CalendarDay.objects.count(),
        CalendarYear.objects.count(),
        AuditEvent.objects.count(),
        load_calendar().version,
    ) == (0, 0, 0, "cc1.11.0+r0")


def rejected(people, upload, year=2027) -> list[str]:
    with pytest.raises(ImportRejected) as exc:
        calendar_import(actor=people.root_admin, upload=upload, year=year)
    return [str(e) for e in exc.value.errors]


def test_a_bad_row_saves_nothing_and_every_problem_is_named(people):
    rows = [
        *SCHEDULE_2027[:3],
        ("2027-02-30", "放假", "春节"),
        ("2027-02-07", "休息", "春节"),
        ("2026-12-31", "放假", "元旦"),
        ("2027-02-08", "放假", ""),
        ("2027-01-03", "放假", "元旦"),
        ("2027-01-04", "调休上班", "元旦调休上班"),
        (None, None, None),  # blank rows are skipped
        ("", "放假", "春节"),
    ]
    assert rejected(people, xlsx_upload(rows)) == [
        "第5行“日期”：“2027-02-30”不是有效日期，应为 2027-01-01 这样的日期。",
        "第6行“类型”：只能填“放假”或“调休上班”，收到的是“休息”。",
        "第7行“日期”：2026-12-31不属于2027年度。",
        "第8行“名称”：不能为空，如“春节”“国庆节调休上班”。",
        "第9行“日期”：2027-01-03与第4行重复。",
        "第10行“类型”：2027-01-04是周一，本来就是工作日，无需登记为调休上班。",
        "第12行“日期”：不能为空。",
    ]
    assert nothing_saved()


def test_a_good_file_replaces_the_years_entered_days(people):
    calendar_import(actor=people.root_admin, upload=xlsx_upload(SCHEDULE_2027), year=2027)
    assert CalendarDay.objects.count() == 12
    rows = [
        (datetime.datetime(2027, 1, 1), "放假", "元旦", "国务院办公厅通知"),
        ("2027/10/1", " 放假 ", "国庆节", None),
    ]
    calendar_import(
        actor=people.root_admin,
        upload=xlsx_upload(rows, header=("日期", "类型", "名称", "备注")),
        year=2027,
        mark_complete=True,
    )
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "note")) == [
        (D(2027, 1, 1), "holiday", "元旦", "国务院办公厅通知"),
        (D(2027, 10, 1), "holiday", "国庆节", ""),
    ]
    assert CalendarYear.objects.get(year=2027).complete is True
    assert load_calendar().version == "cc1.11.0+r2"


def test_not_an_xlsx(people):
    upload = SimpleUploadedFile("2027.xlsx", b"PK\x03\x04 this is not a workbook", content_type=XLSX)
    assert rejected(people, upload) == ["无法读取该文件：请上传 .xlsx 格式的 Excel 工作簿（可先下载模板）。"]
    assert nothing_saved()


def test_missing_columns(people):
    assert rejected(people, xlsx_upload([("2027-01-01", "元旦")], header=("日期", "名称"))) == [
        "第一个工作表的首行缺少列：类型（应为 日期、类型、名称，可选 备注）。"
    ]
    assert nothing_saved()


def test_formulas_and_empty_files(people):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append(["=DATE(2027,1,1)", "放假", "元旦"])
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile("f.xlsx", output.getvalue(), content_type=XLSX)
    assert rejected(people, upload) == ["第2行“日期”：不接受公式，请复制后“粘贴为数值”。"]
    assert rejected(people, xlsx_upload([])) == ["文件中没有数据行。"]
    assert nothing_saved()


def test_template_is_an_empty_sheet_with_a_guide(login, people):
    workbook = load_workbook(io.BytesIO(template_workbook()))
    assert workbook.sheetnames == ["节假日安排", "填写说明"]
    assert [c.value for c in workbook["节假日安排"][1]] == ["日期", "类型", "名称", "备注"]
    assert all(cell.value is None for row in workbook["节假日安排"].iter_rows(min_row=2) for cell in row)
    response = login(people.clerk_a).get("/calendar/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    # The blank template itself imports as "no rows", never as data
    assert rejected(people, SimpleUploadedFile("t.xlsx", response.content, content_type=XLSX)) == [
        "文件中没有数据行。"
    ]
