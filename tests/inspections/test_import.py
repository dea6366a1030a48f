"""The 检查对象名录库 register: all-or-nothing import with errors per row, and the export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.enforcement.inspections.excel_registers import KEY
from fazhi.enforcement.inspections.models import InspectedEntity
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from tests.inspections.factories import credit_code

pytestmark = pytest.mark.django_db


def row(**values) -> dict:
    base = {
        "检查对象名称": "清河县某某食品有限公司",
        "单位代码": "qh-scj",
        "统一社会信用代码": credit_code(),
        "行业": "食品销售",
        "风险等级": "中风险",
        "住所": "清河县城关镇人民路1号",
        "在库": "是",
    }
    base.update(values)
    return base


def do_import(actor, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "检查对象名录库"
    headers = list(rows[0])
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    return run_import(
        get_register(KEY), io.BytesIO(content), actor=actor, size=len(content), filename="名录库.xlsx"
    )


def test_good_file_is_imported(people, tree):
    result = do_import(
        people.clerk_a,
        [
            row(检查对象名称="清河县甲食品有限公司"),
            row(检查对象名称="清河县乙超市", 风险等级="高风险", 单位代码="qh-scj-cg"),
        ],
    )
    assert result.ok, [str(e) for e in result.errors] + [result.refused]
    assert result.saved == 2
    assert InspectedEntity.objects.get(name="清河县乙超市").unit == tree.dept_a_child


def test_bad_file_imports_nothing_and_names_each_row(people, tree):
    same = credit_code()
    wrong = credit_code()
    wrong = wrong[:17] + ("0" if wrong[17] != "0" else "1")
    result = do_import(
        people.clerk_a,
        [
            row(检查对象名称="好的一行", 统一社会信用代码=same),
            row(检查对象名称="校验码错", 统一社会信用代码=wrong),
            row(检查对象名称="重复代码", 统一社会信用代码=same),
            row(检查对象名称="越权单位", 单位代码="qh-gaj"),
        ],
    )
    assert not result.ok and result.saved == 0
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("第 3 行「统一社会信用代码」") and "校验码不正确" in m for m in messages), (
        messages
    )
    assert any(m.startswith("第 4 行") and "重复" in m for m in messages), messages
    assert any(m.startswith("第 5 行") for m in messages), messages
    assert InspectedEntity.objects.count() == 0


def test_export_of_the_filtered_pool(login, people, tree):
    do_import(
        people.clerk_a, [row(检查对象名称="清河县导出甲有限公司"), row(检查对象名称="清河县导出乙超市")]
    )
    response = login(people.clerk_a).get(reverse("inspections:entities"), {"q": "导出甲", "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [c.value for r in book.active.iter_rows() for c in r]
    assert "清河县导出甲有限公司" in values and "清河县导出乙超市" not in values
