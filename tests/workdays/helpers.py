"""Helpers of the workdays tests: .xlsx uploads built in memory."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: a small, made-up 2027 schedule (the real one is not published yet)
SCHEDULE_2027 = [
    ("2027-01-01", "放假", "元旦"),
    ("2027-01-02", "放假", "元旦"),
    ("2027-01-03", "放假", "元旦"),
    ("2027-02-06", "放假", "春节"),
    ("2027-02-07", "放假", "春节"),
    ("2027-02-08", "放假", "春节"),
    ("2027-02-09", "放假", "春节"),
    ("2027-02-10", "放假", "春节"),
    ("2027-02-11", "放假", "春节"),
    ("2027-02-12", "放假", "春节"),
    ("2027-02-13", "放假", "春节"),
    ("2027-02-20", "调休上班", "春节调休上班"),
]


def xlsx_upload(rows, *, header=("日期", "类型", "名称"), name="2027.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX)
