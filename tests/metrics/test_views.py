"""The metric pages: catalog, one metric's values, drill-down and its export, typed-in entries."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.registry import all_metrics

pytestmark = pytest.mark.django_db


def cells(html: str, testid: str) -> list[str]:
    """The text of every cell marked data-testid=… (whitespace collapsed, tags removed)."""
    found = re.findall(rf'data-testid="{testid}">(.*?)</td>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in found]


@pytest.fixture
def counted(tree, member, membership_metrics):
    member(tree.dept_a, Role.CLERK)
    member(tree.dept_a, Role.ADMIN)
    member(tree.dept_a_child, Role.CLERK)
    for role in (Role.CLERK, Role.CLERK, Role.CLERK, Role.LEADER):
        member(tree.dept_b, role)
    return tree


def test_catalog_lists_every_metric_grouped_by_domain(people, login):
    response = login(people.clerk_a).get(reverse("metrics:catalog"))
    assert response.status_code == 200
    html = response.content.decode()
    keys = re.findall(r'<tr data-key="([^"]+)">', html)
    assert sorted(keys) == sorted(m.key for m in all_metrics())
    assert re.findall(r'data-domain="(\w+)"', html) == [
        "reconsideration",
        "litigation",
        "normative",
        "decisions",
        "advisors",
        "enforcement",
        "disclosure",
        "complaints",
        "mediation",
        "training",
        "planning",
    ]
    assert "口径：（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结" in html
    assert "共 142 项" in html


def test_catalog_needs_a_login(client):
    response = client.get(reverse("metrics:catalog"))
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/metrics/")


def test_detail_shows_the_unit_and_its_subordinates(counted, people, login):
    url = reverse("metrics:detail") + f"?key=test.clerk_share&unit={counted.county.pk}&period=2024"
    response = login(people.admin).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr data-unit="([^"]+)"', html)
    assert rows == ["qh", "qh-cgz", "qh-gaj", "qh-sfj", "qh-scj"]  # siblings by 排序, then name
    assert cells(html, "metric-value") == ["71.4%", "—", "75.0%", "—", "66.7%"]  # 5/7; 3/4; 2/3
    chart = response.context["chart"]
    assert chart["values"] == [None, 75.0, None, 66.7]
    assert chart["labels"] == ["城关", "清公", "清司", "清市监"]
    assert 'id="metric-chart"' in html and "vendor/echarts/echarts.min.js" in html


def test_detail_marks_a_typed_in_value_beside_a_computed_one(counted, people, login, typed):
    typed("test.memberships", counted.county, 99)
    url = reverse("metrics:detail") + f"?key=test.memberships&unit={counted.county.pk}&period=2024"
    html = login(people.admin).get(url).content.decode()
    assert cells(html, "metric-value")[0] == "7个 计算值·另有填报"
    assert "另有填报值 99个，与计算值不一致，本表采用计算值" in html
    assert "99个 （未采用）" in re.sub(r"<[^>]+>", "", html)


def test_detail_defaults_and_period_errors(counted, people, login):
    response = login(people.admin_a).get(reverse("metrics:detail") + "?key=test.memberships&period=2024Q9")
    assert response.status_code == 200
    assert response.context["unit"] == counted.dept_a  # the current membership's unit
    assert (
        response.context["period_error"]
        == "期间“2024Q9”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。"
    )


def test_detail_of_an_out_of_scope_unit_is_not_found(counted, people, login):
    client = login(people.admin_a)
    for unit in (counted.dept_b, counted.county):
        url = reverse("metrics:detail") + f"?key=test.memberships&unit={unit.pk}&period=2024"
        assert client.get(url).status_code == 404
    assert client.get(reverse("metrics:detail") + "?key=no.such").status_code == 404
    # memberships, the records behind test.memberships, need the manage permission a clerk lacks
    url = reverse("metrics:detail") + f"?key=test.memberships&unit={counted.dept_a.pk}&period=2024"
    assert login(people.clerk_a).get(url).status_code == 404


def test_drilldown_lists_and_exports_the_records(counted, people, login):
    client = login(people.admin)
    query = f"?key=test.memberships&unit={counted.dept_a.pk}&period=2024"
    response = client.get(reverse("metrics:drilldown") + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert [c.label for c in response.context["columns"]] == ["用户", "所属单位", "角色"]
    assert sorted(r["values"][1] for r in response.context["records"]) == [
        "城关市场监管所",
        "清河县市场监督管理局",
        "清河县市场监督管理局",
    ]
    assert "清河县市场监督管理局（含下级）· 2024年 · <strong>3个</strong>" in html

    before = AuditEvent.objects.count()
    response = client.post(reverse("metrics:drilldown-export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "任职（test.memberships）· 清河县市场监督管理局（含下级）· 2024年 · 3个"
    assert list(rows[1]) == ["用户", "所属单位", "角色"]
    assert sorted(r[2] for r in rows[2:]) == ["系统管理员", "经办人", "经办人"]
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_type, event.object_id, event.unit) == (
        "export",
        "metrics.drilldown",
        "test.memberships",
        counted.dept_a,
    )


def test_drilldown_out_of_scope_or_without_records(counted, people, login, typed):
    client = login(people.admin_a)
    assert (
        client.get(
            reverse("metrics:drilldown") + f"?key=test.memberships&unit={counted.dept_b.pk}"
        ).status_code
        == 404
    )
    before = AuditEvent.objects.count()
    assert (
        client.post(
            reverse("metrics:drilldown-export") + f"?key=test.memberships&unit={counted.county.pk}"
        ).status_code
        == 404
    )
    assert AuditEvent.objects.count() == before
    typed("mediation.legal_aid_cases", counted.dept_a, 3)
    response = client.get(
        reverse("metrics:drilldown") + f"?key=mediation.legal_aid_cases&unit={counted.dept_a.pk}&period=2024"
    )
    assert response.context["unavailable"] == "该数值不是由业务记录计算得出，没有可列出的明细。"
    response = client.get(reverse("metrics:drilldown"))
    assert (response.status_code, response.context["unavailable"]) == (200, "请选择指标、单位和期间。")


def test_entry_form_offers_only_units_in_the_add_scope(tree, people, login):
    response = login(people.clerk_a).get(reverse("metrics:entry-create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(u.code for u in form.fields["unit"].queryset) == ["qh-scj", "qh-scj-cg"]
    keys = [key for _group, options in form.fields["key"].choices[1:] for key, _label in options]
    assert "mediation.legal_aid_cases" in keys
    assert "normative.expiring" not in keys and "normative.drafts_reviewed" not in keys
    response = login(people.leader).get(reverse("metrics:entry-create"))
    assert response.status_code == 403


def test_entering_a_value_through_the_page(tree, people, login):
    client = login(people.clerk_a)
    data = {
        "key": "mediation.legal_aid_cases",
        "unit": tree.dept_a.pk,
        "year": "2024",
        "quarter": "3",
        "value": "8",
        "evidence": "法律援助系统季度报表",
    }
    response = client.post(reverse("metrics:entry-create"), data)
    assert (response.status_code, response["Location"]) == (302, reverse("metrics:entries"))
    entry = MetricEntry.objects.get()
    assert (entry.unit, entry.period.label, entry.value, entry.entered_by) == (
        tree.dept_a,
        "2024年第三季度",
        8,
        people.clerk_a,
    )

    response = client.post(reverse("metrics:entry-create"), data)  # the same again
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "清河县市场监督管理局 2024年第三季度 的“法律援助案件”已有填报值，请修改原填报记录。"
    ]
    response = client.post(reverse("metrics:entry-create"), {**data, "unit": tree.dept_b.pk, "quarter": "4"})
    assert response.context["form"].errors["unit"] == ["所选单位不存在或不在您的管理范围内。"]
    response = client.post(reverse("metrics:entry-create"), {**data, "quarter": "4", "month": "2"})
    assert response.context["form"].non_field_errors() == ["季度和月份只能选择其一。"]
    response = client.post(reverse("metrics:entry-create"), {**data, "quarter": "4", "value": "1.5"})
    assert response.context["form"].errors["value"] == ["“法律援助案件”是计数，应为整数（单位：件）。"]
    assert MetricEntry.objects.count() == 1

    html = client.get(reverse("metrics:entries")).content.decode()
    assert f'data-entry="{entry.pk}"' in html and "8件" in html and "2024年第三季度" in html

    response = client.post(
        reverse("metrics:entry-update", args=[entry.pk]), {"value": "9", "evidence": "更正"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.value, entry.evidence) == (9, "更正")
    response = login(people.legal).post(reverse("metrics:entry-delete", args=[entry.pk]))
    assert response.status_code == 302
    assert MetricEntry.objects.count() == 0


def test_entries_of_other_units_are_not_found(tree, people, login, typed):
    entry = typed("mediation.legal_aid_cases", tree.dept_b, 5)
    client = login(people.clerk_a)
    assert client.get(reverse("metrics:entry-update", args=[entry.pk])).status_code == 404
    assert (
        client.post(
            reverse("metrics:entry-update", args=[entry.pk]), {"value": "1", "evidence": "x"}
        ).status_code
        == 404
    )
    assert client.post(reverse("metrics:entry-delete", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.value == 5
    assert str(entry.pk) not in client.get(reverse("metrics:entries")).content.decode()
