"""Export of list pages: scoped and filtered rows, Chinese headers, real dates, masked identifiers, audit."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, OrgUnit, User
from tests.excel.helpers import read_sheet, response_bytes
from tests.factories import make_user

USER_EXPORT_HEADERS = [
    "用户名",
    "姓名",
    "职务",
    "手机号",
    "身份证号",
    "电子邮箱",
    "单位代码",
    "单位名称",
    "角色",
    "状态",
    "最近登录",
    "创建日期",
]


def export(client, url_name: str, query: str = ""):
    response = client.get(f"{reverse(url_name)}?{query}{'&' if query else ''}export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response


def rows_of(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_users_export_has_only_scoped_rows_masked_identifiers_and_real_dates(people, login, tree):
    joined = datetime.datetime(2025, 3, 31, 17, 30, tzinfo=datetime.UTC)  # 2025-04-01 01:30 in Beijing
    User.objects.filter(pk=people.clerk_a.pk).update(
        phone="13800138000",
        id_number="11010519491231002X",
        title="科员",
        email="a@example.gov.cn",
        date_joined=joined,
        last_login=joined,
    )
    client = login(people.admin_a)  # 系统管理员 of 市场监管局: sees its own people only

    response = export(client, "users:list")

    assert "attachment" in response["Content-Disposition"]
    sheet = read_sheet(response_bytes(response), "用户")
    assert [c.value for c in sheet[1]] == USER_EXPORT_HEADERS
    rows = rows_of(sheet)
    assert [r[0] for r in rows] == ["admin_a", "clerk_a"]
    clerk = rows[1]
    assert clerk[:10] == [
        "clerk_a",
        "市场监管经办人",
        "科员",
        "138****8000",
        "110***********002X",
        "a@example.gov.cn",
        "qh-scj",
        "清河县市场监督管理局",
        "经办人",
        "正常",
    ]
    assert clerk[10] == datetime.datetime(2025, 4, 1, 1, 30)
    assert sheet["K3"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert clerk[11] == datetime.datetime(2025, 4, 1)
    assert sheet["L3"].number_format == "yyyy-mm-dd"
    assert sheet["L3"].is_date
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L1"
    assert sheet.column_dimensions["E"].width == 22


def test_users_export_follows_the_list_filters_and_is_audited(people, login, tree):
    client = login(people.admin)
    before = AuditEvent.objects.count()

    response = export(client, "users:list", f"role={Role.CLERK}&unit={tree.dept_a.pk}")

    sheet = read_sheet(response_bytes(response), "用户")
    assert [r[0] for r in rows_of(sheet)] == ["clerk_a"]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type) == (AuditAction.EXPORT, "core.user")
    assert event.actor_id == people.admin.pk
    assert event.object_repr == "用户（Excel）"
    assert event.note == "导出用户 1 行；筛选条件：单位（含下级）=清河县市场监督管理局；角色=经办人"
    assert event.unit_id == tree.county.pk


def test_users_export_of_every_page_not_just_the_first(people, login, tree):
    for n in range(60):
        make_user(f"many{n:02d}", tree.town, Role.CLERK)
    client = login(people.admin)
    html = client.get(reverse("users:list"))
    assert len(html.context["object_list"]) == 50
    sheet = read_sheet(response_bytes(export(client, "users:list")), "用户")
    visible = User.objects.restrict(people.admin, "view").count()
    assert sheet.max_row == visible + 1


def test_units_export_in_tree_order_with_labels(people, login, tree):
    client = login(people.clerk_a)  # sees 市场监管局 and its 所

    sheet = read_sheet(response_bytes(export(client, "units:list")), "组织机构")

    assert [c.value for c in sheet[1]] == [
        "名称",
        "简称",
        "机构代码",
        "上级单位代码",
        "类型",
        "层级",
        "行政区划代码",
        "统一社会信用代码",
        "排序",
        "启用",
        "创建日期",
    ]
    today = timezone.localdate()
    assert rows_of(sheet) == [
        [
            "清河县市场监督管理局",
            "清市监",
            "qh-scj",
            "qh",
            "政府部门",
            "县级",
            None,
            None,
            0,
            "是",
            datetime.datetime(today.year, today.month, today.day),
        ],
        [
            "城关市场监管所",
            "城关所",
            "qh-scj-cg",
            "qh-scj",
            "政府部门",
            "县级",
            None,
            None,
            0,
            "是",
            datetime.datetime(today.year, today.month, today.day),
        ],
    ]
    assert OrgUnit.objects.count() == 9


def test_list_pages_offer_the_export_with_their_filters(people, login, tree):
    client = login(people.admin)
    page = client.get(reverse("users:list") + "?q=clerk&page=1").content.decode()
    assert 'href="?q=clerk&amp;export=xlsx"' in page
    assert f'href="{reverse("excel:users-import")}"' in page
    units = client.get(reverse("units:list")).content.decode()
    assert 'href="?export=xlsx"' in units


def test_export_needs_the_list_permission(people, login):
    client = login(people.clerk_a)  # no 管理 permission: the users list itself refuses
    response = client.get(reverse("users:list") + "?export=xlsx")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_units_export_follows_the_filters(people, login, tree):
    client = login(people.admin)
    sheet = read_sheet(response_bytes(export(client, "units:list", "kind=town")), "组织机构")
    assert [row[0] for row in rows_of(sheet)] == ["城关镇"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.note == "导出组织机构 1 行；筛选条件：类型=镇街"


def test_exports_write_rows_on_the_fast_path():
    """Plain rows go as XML text into openpyxl's pure-Python stream (fazhi/__init__.py keeps openpyxl off
    lxml); on openpyxl's cell objects exports are five times slower."""
    import io

    from openpyxl import load_workbook
    from openpyxl.xml import LXML

    from fazhi.excel.writer import add_sheet, new_workbook

    assert LXML is False
    workbook = new_workbook()
    sheet = add_sheet(workbook, "测试")
    sheet.append(["名称", "数量", "日期"])
    sheet.write_rows([["甲", 1, datetime.date(2025, 3, 3)]])
    assert sheet._raw is not None  # the raw writer of the pure-Python stream was found and used
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("甲", 1)
