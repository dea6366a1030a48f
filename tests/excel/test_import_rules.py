"""The import page and the rules rows go through: the users form, the unit scope, the file itself."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.core.models import AuditEvent, User
from tests.excel.helpers import USER_HEADERS, read_sheet, response_bytes, user_row, workbook_bytes
from tests.factories import make_user


def post(client, content: bytes):
    return client.post(reverse("excel:users-import"), {"file": SimpleUploadedFile("用户.xlsx", content)})


def errors_of(response) -> list[str]:
    assert response.status_code == 200
    return [str(e) for e in response.context["errors"]]


@pytest.fixture
def admin(people, login):
    return login(people.admin)


def test_the_page_and_the_template(admin, people, tree):
    page = admin.get(reverse("excel:users-import"))
    assert page.status_code == 200
    assert "Excel 导入：用户" in page.content.decode()

    response = admin.get(reverse("excel:users-import") + "?template=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="import.xlsx"; '
        "filename*=UTF-8''%E7%94%A8%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["用户", "单位代码", "填写说明"]
    sheet = workbook["用户"]
    assert [c.value for c in sheet[1]] == USER_HEADERS
    assert sheet["A1"].font.color.rgb == "00B3242B"  # required: red
    assert sheet["C1"].font.color is None
    assert sheet["E1"].comment.text == "18 位，末位可为 X，可不填；该列已设为文本格式，请勿改为数值。"
    assert sheet["H1"].comment.text == (
        "必填。可选：系统管理员、法治工作人员、经办人、领导、审计员。从下拉列表中选择。"
    )
    assert sheet.column_dimensions["E"].number_format == "@"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {
        "H2:H100001": '"系统管理员,法治工作人员,经办人,领导,审计员"',
        "G2:G100001": "'单位代码'!$A$2:$A$7",
    }
    # the units this administrator manages, and nothing outside (no 白石县, no 云州市)
    assert [[c.value for c in row] for row in workbook["单位代码"].iter_rows()] == [
        ["单位代码", "单位名称"],
        ["qh", "清河县人民政府"],
        ["qh-cgz", "城关镇"],
        ["qh-gaj", "清河县公安局"],
        ["qh-sfj", "清河县司法局"],
        ["qh-scj", "清河县市场监督管理局"],
        ["qh-scj-cg", "城关市场监管所"],
    ]
    guide = [row[0].value for row in workbook["填写说明"].iter_rows(max_row=3)]
    assert guide[0] == "用户导入模板 · 填写说明"


def test_the_template_filled_in_imports(admin, people, tree):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(admin.get(reverse("excel:users-import") + "?template=1").content))
    workbook["用户"].append(user_row(7))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert post(admin, buffer.getvalue()).status_code == 302
    assert User.objects.filter(username="import00007").exists()


def test_only_users_who_may_add_users_see_the_page(people, login):
    assert login(people.clerk_a).get(reverse("excel:users-import")).status_code == 403
    assert login(people.nobody).get(reverse("excel:users-import") + "?template=1").status_code == 403
    assert (
        login(people.clerk_a)
        .post(
            reverse("excel:users-import"),
            {"file": SimpleUploadedFile("a.xlsx", workbook_bytes([user_row(1)]))},
        )
        .status_code
        == 403
    )
    assert not User.objects.filter(username="import00001").exists()


@pytest.fixture(params=[True, False], ids=["form-copied-per-row", "form-built-per-row"])
def reuse_form(request, monkeypatch):
    """Copying one form per row must give exactly the errors of a form built anew for each row."""
    from fazhi.excel.registers import get_register

    monkeypatch.setattr(get_register("users"), "reuse_form", request.param)
    return request.param


def test_rows_get_the_same_rules_as_the_create_page(admin, people, tree, reuse_form):
    make_user("import00002", tree.dept_a)  # already taken
    rows = [user_row(n) for n in range(1, 8)]
    rows[0][6] = "bs"  # 白石县: another county, outside this administrator's units
    rows[2][8] = "Qinghe26"  # password too short
    rows[3][1] = None  # 姓名 missing
    rows[4][3] = "12345"  # not a mobile number
    rows[5][0] = "import00004"  # repeats row 5's username
    rows[6][7] = "局长"
    users, events = User.objects.count(), AuditEvent.objects.count()

    errors = errors_of(post(admin, workbook_bytes(rows)))

    assert errors == [
        "第 2 行「单位代码」：单位代码“bs”不存在，或不在您可以操作的单位范围内。",
        "第 3 行「用户名」：该用户名已被使用。",
        "第 4 行「初始密码」：密码太短，至少需要 10 位。",
        "第 5 行「姓名」：该字段是必填项。",
        "第 6 行「手机号」：手机号应为 11 位、以 1 开头的号码。",
        "第 7 行「用户名」：与第 5 行重复。",
        "第 8 行「角色」：“局长”不是可选的值，应为：系统管理员、法治工作人员、经办人、领导、审计员。",
    ]
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)


def test_a_department_administrator_may_only_use_its_own_units(people, login, tree, reuse_form):
    client = login(people.admin_a)
    rows = [user_row(1, unit_code="qh-scj-cg"), user_row(2, unit_code="qh-gaj")]
    assert errors_of(post(client, workbook_bytes(rows))) == [
        "第 3 行「单位代码」：单位代码“qh-gaj”不存在，或不在您可以操作的单位范围内。"
    ]
    assert not User.objects.filter(username__startswith="import").exists()


def test_cells_typed_by_excel_are_read_as_an_official_means_them(admin, tree):
    rows = [user_row(1), user_row(2)]
    rows[0][3] = 13900000001  # a phone number typed as a number
    rows[1][4] = 110105199001000024.0  # a 身份证号 Excel turned into a number: its last digits are lost
    rows[1][7] = " 经办人 "
    errors = errors_of(post(admin, workbook_bytes(rows)))
    assert errors == [
        "第 3 行「身份证号」：长数字被 Excel 存成了数值，末几位已经丢失。"
        "请把该列设为“文本”格式，重新填写后再导入。"
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(admin, tree):
    rows = [user_row(1), [None] * 9, ["  "] * 9, user_row(2)]
    rows[3][5] = "not-an-email"
    assert errors_of(post(admin, workbook_bytes(rows))) == ["第 5 行「电子邮箱」：请输入合法的邮件地址。"]


def test_the_corrected_error_sheet_imports_as_it_is(admin, tree):
    rows = [user_row(1), user_row(2)]
    rows[1][0] = "bad name!"
    response = post(admin, workbook_bytes(rows))
    assert errors_of(response) == [
        "第 3 行「用户名」：请输入合法的用户名。只能包含英文字母、数字、特殊字符“@”、“.”、“-”和“_”。"
    ]
    sheet_bytes = response_bytes(admin.get(response.context["error_sheet_url"]))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(sheet_bytes))
    workbook["用户"]["A3"] = "import00002"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert post(admin, buffer.getvalue()).status_code == 302
    assert User.objects.filter(username__in=["import00001", "import00002"]).count() == 2


def test_an_error_sheet_is_only_for_the_user_who_uploaded(admin, people, login, tree):
    rows = [user_row(1)]
    rows[0][4] = "123"
    response = post(admin, workbook_bytes(rows))
    url = response.context["error_sheet_url"]
    assert login(people.root_admin).get(url).status_code == 404
    assert admin.get(url.replace(url[-32:], "0" * 32)).status_code == 404
    assert admin.get(url + "/../x").status_code == 404
    downloaded = admin.get(url)
    assert downloaded.status_code == 200
    assert read_sheet(response_bytes(downloaded), "用户")["J2"].value.startswith("「身份证号」：")


def test_progress_is_reported_while_validating_and_saving(people, tree):
    from fazhi.excel.importer import run_import
    from fazhi.excel.registers import get_register

    reports = []
    content = workbook_bytes([user_row(n) for n in range(10)])
    result = run_import(
        get_register("users"),
        io.BytesIO(content),
        actor=people.admin,
        size=len(content),
        progress=lambda percent, message: reports.append((percent, message)),
    )
    assert result.saved == 10
    percents = [p for p, _m in reports]
    assert percents == sorted(percents)
    assert reports[0] == (7, "正在校验第 2 行")
    assert (70, "正在校验第 11 行") in reports
    assert reports[-1] == (99, "正在保存")


def test_error_sheets_older_than_a_day_are_purged(admin, people, tree, settings):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    old = f"excel/errors/{people.admin.pk.hex}/{'a' * 32}.xlsx"
    default_storage.save(old, ContentFile(b"old"))
    day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(old), (day_ago, day_ago))
    rows = [user_row(1)]
    rows[0][4] = "123"
    response = post(admin, workbook_bytes(rows))
    assert not default_storage.exists(old)
    assert admin.get(response.context["error_sheet_url"]).status_code == 200


def test_the_page_lists_the_first_errors_and_counts_the_rest(admin, tree, monkeypatch):
    rows = [user_row(n) for n in range(25)]
    for row in rows:
        row[3] = "12345"
    monkeypatch.setattr("fazhi.excel.views.ERRORS_SHOWN", 20)
    response = post(admin, workbook_bytes(rows))
    assert len(response.context["errors"]) == 20
    assert "另有 5 处错误未在此列出，请下载错误说明表查看。" in response.content.decode()
