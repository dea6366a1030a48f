"""Roster import from .xlsx (all or nothing, errors per row) and the export, round trip."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.enforcement.choices import CertificateStatus, OfficerStatus
from fazhi.enforcement.excel_registers import KEY
from fazhi.enforcement.models import EnforcementCertificate, EnforcementOfficer
from fazhi.excel.export import write_export
from fazhi.excel.importer import run_import
from fazhi.excel.registers import get_register
from tests.enforcement.factories import id_number, make_body

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def bodies(tree):
    return make_body(tree.dept_a, name="清河县市场监督管理局"), make_body(tree.dept_b, name="清河县公安局")


def row(**values) -> dict:
    base = {
        "姓名": "王某某",
        "单位代码": "qh-scj",
        "执法主体": "清河县市场监督管理局",
        "身份证号": id_number(),
        "职务": "科员",
        "执法类别": "市场监管",
        "执法区域": "清河县",
        "具有法律职业资格": "否",
        "法律职业资格证书编号": None,
        "人员状态": "在岗",
        "执法证号": None,
        "发证日期": None,
        "有效期至": None,
    }
    base.update(values)
    return base


def workbook(rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "行政执法人员"
    headers = list(rows[0])
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def do_import(actor, rows):
    content = workbook(rows)
    return run_import(
        get_register(KEY), io.BytesIO(content), actor=actor, size=len(content), filename="名册.xlsx"
    )


def test_import_creates_officers_and_their_cards(people, bodies):
    expiring = TODAY + datetime.timedelta(days=200)
    result = do_import(
        people.legal,
        [
            row(姓名="王一"),
            row(
                姓名="王二",
                单位代码="qh-scj-cg",
                执法证号="江南执201900123",
                发证日期=D(2021, 5, 10),
                有效期至=expiring,
            ),
            row(
                姓名="王三",
                单位代码="qh-gaj",
                执法主体="清河县公安局",
                具有法律职业资格="是",
                法律职业资格证书编号="A20193301",
            ),
        ],
    )
    assert result.ok, [str(e) for e in result.errors] + [result.refused]
    assert result.saved == 3
    two = EnforcementOfficer.objects.get(name="王二")
    assert two.unit.code == "qh-scj-cg" and two.body == bodies[0]
    card = EnforcementCertificate.objects.get(officer=two)
    assert card.status == CertificateStatus.VALID and card.number == "江南执201900123"
    assert card.expires_on == expiring and card.review_due_on >= TODAY
    assert card.review_due_on.month == 5 and card.review_due_on.day == 10
    assert EnforcementOfficer.objects.get(name="王三").has_legal_qualification


def test_import_is_all_or_nothing_with_errors_per_row(people, bodies):
    duplicate = id_number()
    result = do_import(
        people.legal,
        [
            row(姓名="好行", 身份证号=duplicate),
            row(姓名="坏主体", 执法主体="不存在的局"),
            row(姓名="坏证号", 身份证号="110105194912310021"),
            row(姓名="重复", 身份证号=duplicate),
            row(姓名="有证无日期", 执法证号="江南执1"),
            row(姓名="主体不在上级", 单位代码="qh-gaj"),
        ],
    )
    assert not result.ok and result.saved == 0
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("第 3 行「执法主体」") and "找不到名为“不存在的局”" in m for m in messages)
    assert any(m.startswith("第 4 行「身份证号」") for m in messages)
    assert any(m.startswith("第 5 行「身份证号」") and "重复" in m for m in messages)
    assert any(m.startswith("第 6 行「发证日期」") for m in messages)
    assert any(m.startswith("第 7 行「执法主体」") for m in messages)
    assert EnforcementOfficer.objects.count() == 0 and EnforcementCertificate.objects.count() == 0


def test_import_refuses_units_out_of_scope(people, bodies):
    result = do_import(people.clerk_b, [row()])
    assert not result.ok and EnforcementOfficer.objects.count() == 0


def test_export_round_trip(people, bodies, login):
    do_import(
        people.legal,
        [
            row(姓名="王一"),
            row(
                姓名="王二",
                执法证号="江南执201900123",
                发证日期=D(2021, 5, 10),
                有效期至=TODAY + datetime.timedelta(days=30),
            ),
        ],
    )
    originals = {o.name: o.id_number for o in EnforcementOfficer.objects.all()}
    out = io.BytesIO()
    write_export(
        get_register(KEY),
        EnforcementOfficer.objects.restrict(people.legal).order_by("name"),
        out,
        actor=people.legal,
    )
    sheet = load_workbook(io.BytesIO(out.getvalue()))["行政执法人员"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert [r["姓名"] for r in rows] == ["王一", "王二"]
    assert rows[1]["执法证号"] == "江南执201900123" and rows[1]["证件状态"] == "有效"
    assert rows[0]["身份证号"] != originals["王一"] and "*" in rows[0]["身份证号"]  # masked
    # the masked file cannot be imported back; with the real numbers (and new people) it can
    EnforcementCertificate.objects.all().delete()
    EnforcementOfficer.objects.all().delete()
    for r in rows:
        r.pop("证件状态")
    again = do_import(people.legal, rows)
    assert not again.ok and all("身份证号" in str(e) for e in again.errors)
    for r in rows:
        r["身份证号"] = originals[r["姓名"]]
    again = do_import(people.legal, rows)
    assert again.ok, [str(e) for e in again.errors]
    assert EnforcementCertificate.objects.get().number == "江南执201900123"
    # the list page's export button
    response = login(people.legal).get(reverse("enforcement:list"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_status_choice_labels_import(people, bodies):
    result = do_import(people.legal, [row(姓名="退休者", 人员状态="退休")])
    assert result.ok
    assert EnforcementOfficer.objects.get().status == OfficerStatus.RETIRED
