"""API: scoped reads with every cell; writes through the same checks, 400 with the Chinese errors per cell."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.disclosure.models import DisclosureCell, DisclosureReport
from fazhi.disclosure.services import report_create, report_values
from tests.disclosure.factories import balanced_values


@pytest.fixture
def report(tree, people):
    return report_create(actor=people.clerk_a, unit=tree.dept_a, year=2025, values=balanced_values())


def stored(report) -> dict:
    return {c.code: c.value for c in DisclosureCell.objects.filter(report=report)}


def test_list_and_detail(report, login, people, tree):
    report_create(actor=people.clerk_b, unit=tree.dept_b, year=2025)
    client = login(people.clerk_a)
    rows = client.get(reverse("disclosure:api-reports-list")).json()["results"]
    assert [r["id"] for r in rows] == [str(report.pk)]
    assert rows[0]["status_label"] == "填报中"
    detail = client.get(reverse("disclosure:api-reports-detail", args=[report.pk])).json()
    cells = {c["code"]: c for c in detail["cells"]}
    assert len(cells) == 10 + 175 + 15
    assert cells["t3.new.total"] == {
        "code": "t3.new.total", "table": "t3", "row": "new", "column": "total",
        "where": "表三 第“一、本年新收政府信息公开申请数量”行“总计”列", "computed": True, "value": 14,
    }  # fmt: skip
    assert cells["t2.fees.amount"]["value"] == 12.3456


def test_create_with_cells(login, people, tree):
    response = login(people.clerk_a).post(
        reverse("disclosure:api-reports-list"),
        {"unit": str(tree.dept_a.pk), "year": 2025, "cells": balanced_values()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    report = DisclosureReport.objects.get()
    assert report_values(report)["t3.handled.total"] == 14


def test_create_refused_per_cell(login, people, tree):
    response = login(people.clerk_a).post(
        reverse("disclosure:api-reports-list"),
        {"unit": str(tree.dept_a.pk), "year": 2025, "cells": balanced_values() | {"t4.review.total": 5}},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["t4.review.total"] == [
        "表四 “行政复议”栏“总计”列填写的数（5）不等于“结果维持”、“结果纠正”、“其他结果”、“尚未审结”四列之和（4）"
    ]
    assert not DisclosureReport.objects.exists()


def test_patch_saves_or_refuses_the_whole_change(report, login, people):
    client = login(people.clerk_a)
    url = reverse("disclosure:api-reports-detail", args=[report.pk])
    before = stored(report)
    bad = client.patch(
        url, {"cells": {"t2.rules.issued": 2, "t3.new.natural": 13}}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]["t3.carried_over.natural"][0].endswith("：“自然人”列")
    assert stored(report) == before
    good = client.patch(
        url,
        {
            "cells": {
                "t2.rules.issued": 2,
                "t3.new.natural": 11,
                "t3.disclosed.natural": 7,
                "t3.new.total": 15,
            }
        },
        content_type="application/json",
    )
    assert good.status_code == 200, good.json()
    cells = {c["code"]: c["value"] for c in good.json()["cells"]}
    assert cells["t3.new.total"] == 15
    assert cells["t2.rules.issued"] == 2


def test_out_of_scope_is_not_found(report, login, people):
    client = login(people.clerk_b)
    url = reverse("disclosure:api-reports-detail", args=[report.pk])
    assert client.get(url).status_code == 404
    assert (
        client.patch(url, {"cells": {"t2.rules.issued": 1}}, content_type="application/json").status_code
        == 404
    )
    assert stored(report)["t2.rules.issued"] == 0


def test_confirm_and_reopen_need_approve(report, login, people):
    confirm = reverse("disclosure:api-reports-confirm", args=[report.pk])
    assert login(people.clerk_a).post(confirm).status_code == 403
    response = login(people.leader).post(confirm)
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    refused = login(people.clerk_a).patch(
        reverse("disclosure:api-reports-detail", args=[report.pk]),
        {"cells": {"t2.rules.issued": 1}},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "已确认，不能修改" in refused.json()["errors"]["non_field_errors"][0]
    reopen = reverse("disclosure:api-reports-reopen", args=[report.pk])
    assert (
        login(people.leader)
        .post(reopen, {"reason": "更正"}, content_type="application/json")
        .json()["status"]
        == "draft"
    )


def test_prefill_answers_what_it_filled(report, login, people):
    response = login(people.clerk_a).post(reverse("disclosure:api-reports-prefill", args=[report.pk]))
    assert response.status_code == 200
    body = response.json()
    assert "t3.new.natural" in body["without_source"]
    assert len(body["filled"]) + len(body["without_data"]) + len(body["without_source"]) == 166
