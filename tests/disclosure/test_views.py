"""Pages: list, new table, entry with refusals at the cell, read-only view, confirm and reopen,
用平台数据填入, exports and import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent
from fazhi.disclosure.exports import report_xlsx
from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.services import report_confirm, report_create, report_values
from tests.disclosure.factories import balanced_values


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.clerk_a, unit=tree.dept_a, year=2025, values=balanced_values())


def stored(report) -> dict:
    return {c.code: c.value for c in DisclosureCell.objects.filter(report=report)}


def form_data(report, **changes) -> dict:
    data = {code: str(value) for code, value in stored(report).items()}
    data.update({k.replace("__", "."): v for k, v in changes.items()})
    return data


def test_list_shows_tables_in_scope(report, login, people, tree):
    other = report_create(actor=people.clerk_b, unit=tree.dept_b, year=2025)
    response = login(people.clerk_a).get(reverse("disclosure:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert str(report.pk) in body
    assert str(other.pk) not in body
    assert "新建年报表" in body
    assert (
        login(people.leader).get(reverse("disclosure:list") + "?year=2024").context["object_list"].count()
        == 0
    )


def test_create_then_edit(login, people, tree):
    client = login(people.clerk_a)
    assert client.get(reverse("disclosure:create")).status_code == 200
    response = client.post(
        reverse("disclosure:create"), {"unit": tree.dept_a.pk, "year": 2025, "layout": "2021"}
    )
    report = DisclosureReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:edit", args=[report.pk])
    assert report.cells.count() == 166
    again = client.post(
        reverse("disclosure:create"), {"unit": tree.dept_a.pk, "year": 2025, "layout": "2021"}
    )
    assert again.status_code == 200
    assert DisclosureReport.objects.count() == 1


def test_edit_page_lays_out_the_form(report, login, people):
    response = login(people.clerk_a).get(reverse("disclosure:edit", args=[report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="t3.new.natural" value="10"' in body
    assert 'name="t3.handled.natural"' not in body  # computed, shown read-only
    assert '<span data-value="t3.handled.natural">11</span>' in body
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in body
    assert 'rowspan="22"' in body
    assert "其余 " in body and "无平台数据来源" in body


def test_saving_a_consistent_table(report, login, people):
    client = login(people.clerk_a)
    data = form_data(report, t3__new__natural="11", t3__disclosed__natural="7")
    response = client.post(reverse("disclosure:edit", args=[report.pk]), data)
    assert response.status_code == 302
    assert report_values(report)["t3.new.total"] == 15


def test_a_broken_check_is_shown_at_the_cell_and_nothing_is_stored(report, login, people):
    before = stored(report)
    data = form_data(report, t3__new__natural="12", t2__rules__issued="3")
    response = login(people.clerk_a).post(reverse("disclosure:edit", args=[report.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<div class="invalid-feedback d-block text-start small" data-cell-error="t3.carried_over.natural">'
        in body
    )
    assert (
        "表三 第“一、本年新收政府信息公开申请数量”行加“二、上年结转政府信息公开申请数量”行之和（14）"
        "不等于“三（七）总计”行加“四、结转下年度继续办理”行之和（12）：“自然人”列"
    ) in body
    assert 'name="t3.new.natural" value="12"' in body  # what was typed is kept on the page
    assert stored(report) == before


def test_a_value_that_is_not_a_number_is_shown_at_its_cell(report, login, people):
    before = stored(report)
    data = form_data(report, t2__penalty__decisions="三十五")
    response = login(people.clerk_a).post(reverse("disclosure:edit", args=[report.pk]), data)
    assert response.status_code == 200
    assert 'data-cell-error="t2.penalty.decisions"' in response.content.decode()
    assert stored(report) == before


def test_detail_is_read_only_with_who_entered(report, login, people):
    response = login(people.leader).get(reverse("disclosure:detail", args=[report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<input" not in body.split('data-testid="table-t2"')[1]
    assert 'title="市场监管经办人，' in body
    assert 'data-testid="confirm"' in body  # the leader may approve
    assert 'data-testid="edit"' not in body  # but not change


def test_confirm_by_a_leader_and_not_by_a_clerk(report, login, people):
    url = reverse("disclosure:confirm", args=[report.pk])
    assert login(people.clerk_a).post(url).status_code == 404
    assert DisclosureReport.objects.get().status == "draft"
    response = login(people.leader).post(url)
    assert response.status_code == 302
    assert DisclosureReport.objects.get().status == "confirmed"
    page = login(people.clerk_a).get(reverse("disclosure:edit", args=[report.pk]))
    assert 'data-testid="confirmed-warning"' in page.content.decode()
    before = stored(report)
    refused = login(people.clerk_a).post(
        reverse("disclosure:edit", args=[report.pk]), form_data(report, t2__rules__issued="1")
    )
    assert refused.status_code == 200
    assert stored(report) == before


def test_reopen_with_a_reason(report, login, people):
    report_confirm(actor=people.leader, report=report)
    client = login(people.leader)
    url = reverse("disclosure:reopen", args=[report.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "表三数字需更正"}).status_code == 302
    assert DisclosureReport.objects.get().status == "draft"
    event = AuditEvent.objects.filter(object_id=str(report.pk), action=AuditAction.TRANSITION).latest("seq")
    assert event.note == "表三数字需更正"


def test_prefill_button_reports_what_it_did(report, login, people):
    response = login(people.clerk_a).post(reverse("disclosure:prefill", args=[report.pk]), follow=True)
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "无平台数据来源，保持手工填写的数字" in text or "平台暂无可填入的数字" in text


def test_exports_download_and_are_audited(report, login, people):
    client = login(people.leader)
    docx = client.get(reverse("disclosure:docx", args=[report.pk]))
    assert docx.status_code == 200
    assert len(Document(io.BytesIO(docx.content)).tables) == 3
    xlsx = client.get(reverse("disclosure:xlsx", args=[report.pk]))
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["表二", "表三", "表四", "说明"]
    assert "filename*=UTF-8''" in xlsx["Content-Disposition"]
    assert AuditEvent.objects.filter(object_id=str(report.pk), action=AuditAction.EXPORT).count() == 2


def test_import_page(report, login, people):
    client = login(people.clerk_a)
    url = reverse("disclosure:import", args=[report.pk])
    assert client.get(url).status_code == 200
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    workbook["表三"]["D5"] = 12
    out = io.BytesIO()
    workbook.save(out)
    before = stored(report)
    response = client.post(url, {"file": SimpleUploadedFile("年报.xlsx", out.getvalue())})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "（Excel 表三 D29 单元格）" in body
    assert stored(report) == before
    workbook["表三"]["D5"] = 10
    workbook["表二"]["B4"] = 1
    out = io.BytesIO()
    workbook.save(out)
    response = client.post(url, {"file": SimpleUploadedFile("年报.xlsx", out.getvalue())})
    assert response.status_code == 302
    assert stored(report)["t2.rules.issued"] == Decimal(1)


def test_list_queries_do_not_grow_with_the_tables(login, people, tree, django_assert_num_queries):
    client = login(people.admin)
    for unit in (tree.dept_a, tree.dept_b):
        report_create(actor=people.admin, unit=unit, year=2025, values=balanced_values())
    client.get(reverse("disclosure:list"))  # warm the per-user caches
    with django_assert_num_queries(10) as counted:
        first = client.get(reverse("disclosure:list"))
    for unit in (tree.town, tree.justice, tree.dept_a_child):
        report_create(actor=people.admin, unit=unit, year=2025, values=balanced_values())
    with django_assert_num_queries(len(counted)):
        second = client.get(reverse("disclosure:list"))
    assert len(second.context["object_list"]) == len(first.context["object_list"]) + 3
