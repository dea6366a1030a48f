"""API: the catalog, a value for a unit and period (scoped), and typed-in values (CRUD, scoped)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent, User
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.registry import all_metrics

NOT_FOUND = {"code": "not_found", "message": "未找到该记录。", "errors": {}}


@pytest.fixture
def api():
    def _api(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(User.objects.get(pk=user.pk))
        return client

    return _api


@pytest.fixture
def counted(tree, member, membership_metrics):
    member(tree.dept_a, Role.CLERK)
    member(tree.dept_a, Role.ADMIN)
    for role in (Role.CLERK, Role.CLERK, Role.CLERK, Role.LEADER):
        member(tree.dept_b, role)
    return tree


def state():
    return list(
        MetricEntry.objects.order_by("pk").values_list("key", "unit_id", "value", "evidence")
    ), AuditEvent.objects.count()


def test_catalog(people, api):
    response = api(people.clerk_a).get("/api/metrics/")
    assert response.status_code == 200
    data = response.json()
    assert [m["key"] for m in data] == [m.key for m in all_metrics()]
    rate = next(m for m in data if m["key"] == "reconsideration.correction_rate")
    assert rate == {
        "key": "reconsideration.correction_rate",
        "label": "综合纠错率",
        "domain": "reconsideration",
        "measure": "%",
        "kind": "rate",
        "obtained": "both",
        "definition": rate["definition"],
        "numerator": [
            "reconsideration.revoked",
            "reconsideration.changed",
            "reconsideration.confirmed_illegal",
            "reconsideration.confirmed_invalid",
            "reconsideration.ordered_perform",
            "reconsideration.terminated",
        ],
        "denominator": ["reconsideration.closed"],
        "formula": "（撤销＋变更＋确认违法＋确认无效＋责令履行＋终止）÷审结",
        "computable": False,
        "alias_of": "",
        "origin": "METRICS.md",
    }
    assert api().get("/api/metrics/").status_code == 403


def test_value_of_a_rate(counted, people, api):
    response = api(people.admin).get("/api/metrics/test.clerk_share/value/", {"unit": "qh", "year": 2024})
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "key": "test.clerk_share",
        "label": "经办人占比",
        "measure": "%",
        "kind": "rate",
        "unit": {"id": str(counted.county.pk), "code": "qh", "name": "清河县人民政府"},
        "period": {
            "token": "2024",
            "label": "2024年",
            "kind": "year",
            "start": "2024-01-01",
            "end": "2024-12-31",
        },
        "value": 66.7,
        "display": "66.7%",
        "source": "computed",
        "not_applicable": False,
        "computed_value": 66.7,
        "typed_in_value": None,
        "typed_in_entries": 0,
        "both_present": False,
        "drilldown_available": False,
        "numerator": 4,
        "denominator": 6,
        "formula": "经办人任职÷任职",
        "formula_configured": False,
        "numerator_keys": ["test.clerks"],
        "denominator_keys": ["test.memberships"],
        "missing": [],
    }


def test_value_periods_and_not_applicable(counted, people, api):
    client = api(people.admin)
    town = client.get(
        "/api/metrics/test.clerk_share/value/", {"unit": str(counted.town.pk), "period": "2024Q2"}
    )
    assert (town.json()["display"], town.json()["value"], town.json()["period"]["label"]) == (
        "—",
        None,
        "2024年第二季度",
    )
    month = client.get(
        "/api/metrics/test.memberships/value/", {"unit": "qh", "year": 2024, "month": 6}
    ).json()
    assert (month["value"], month["display"], month["drilldown_available"]) == (6, "6个", True)
    other = client.get(
        "/api/metrics/test.memberships/value/", {"unit": "qh", "year": 2024, "month": 7}
    ).json()
    assert other["value"] == 0


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        (
            {"year": 2024},
            400,
            {
                "code": "invalid",
                "message": "提交的数据有误，请按提示修改。",
                "errors": {"unit": ["请给出单位（id 或机构代码）。"]},
            },
        ),
        (
            {"unit": "qh"},
            400,
            {
                "code": "invalid",
                "message": "提交的数据有误，请按提示修改。",
                "errors": {"period": ["请给出期间：年份（可加季度或月份），或起止日期。"]},
            },
        ),
        (
            {"unit": "qh", "year": 2024, "quarter": 5},
            400,
            {
                "code": "invalid",
                "message": "提交的数据有误，请按提示修改。",
                "errors": {"period": ["季度应为 1–4，收到的是 5。"]},
            },
        ),
        ({"unit": "bs", "year": 2024}, 404, NOT_FOUND),  # the sibling county: out of scope
        ({"unit": "nope", "year": 2024}, 404, NOT_FOUND),
    ],
)
def test_value_errors(counted, people, api, params, status, body):
    response = api(people.admin).get("/api/metrics/test.memberships/value/", params)
    assert (response.status_code, response.json()) == (status, body)


def test_value_of_an_unknown_metric(people, api):
    response = api(people.admin).get("/api/metrics/nope.nope/value/", {"unit": "qh", "year": 2024})
    assert (response.status_code, response.json()) == (
        404,
        {
            "code": "unknown_metric",
            "message": "未知的指标：nope.nope。指标目录见“指标”页面或 GET /api/metrics/。",
            "errors": {},
        },
    )
    assert api().get("/api/metrics/test.memberships/value/", {"unit": "qh", "year": 2024}).status_code == 403


def test_entries_crud(tree, people, api):
    client = api(people.clerk_a)
    response = client.post(
        "/api/metrics/entries/",
        {
            "key": "mediation.legal_aid_cases",
            "unit": str(tree.dept_a.pk),
            "period": "2024Q3",
            "value": "8",
            "evidence": "法律援助系统季度报表",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    entry = MetricEntry.objects.get()
    assert {
        k: data[k]
        for k in (
            "id",
            "key",
            "label",
            "unit_name",
            "period_token",
            "period_label",
            "period_start",
            "period_end",
            "value",
            "display",
            "evidence",
            "entered_by_name",
        )
    } == {
        "id": str(entry.pk),
        "key": "mediation.legal_aid_cases",
        "label": "法律援助案件",
        "unit_name": "清河县市场监督管理局",
        "period_token": "2024Q3",
        "period_label": "2024年第三季度",
        "period_start": "2024-07-01",
        "period_end": "2024-09-30",
        "value": "8.0000",
        "display": "8件",
        "evidence": "法律援助系统季度报表",
        "entered_by_name": "市场监管经办人",
    }

    response = client.patch(
        f"/api/metrics/entries/{entry.pk}/", {"value": "9", "key": "other.key"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["key"]) == ("9.0000", "mediation.legal_aid_cases")

    listed = client.get("/api/metrics/entries/", {"key": "mediation.legal_aid_cases", "year": 2024}).json()
    assert [row["id"] for row in listed["results"]] == [str(entry.pk)]
    assert client.get("/api/metrics/entries/", {"year": 2023}).json()["results"] == []

    assert client.delete(f"/api/metrics/entries/{entry.pk}/").status_code == 403  # a clerk may not delete
    assert api(people.legal).delete(f"/api/metrics/entries/{entry.pk}/").status_code == 204
    assert MetricEntry.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(object_type="metrics.metricentry").values_list("action", flat=True)
    ) == ["delete", "update", "create"]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"unit": "dept_b"}, {"unit": ["单位不存在或不在您的管辖范围内。"]}),
        (
            {"period": "2024Q5"},
            {"period": ["期间“2024Q5”无法识别，应写作 2025、2025Q3、2025-10 或 2025-01-01~2025-06-30。"]},
        ),
        ({"value": "1.5"}, {"value": ["“法律援助案件”是计数，应为整数（单位：件）。"]}),
        ({"key": "normative.expiring"}, {"key": ["“即将到期”只由业务记录计算，不能人工填报。"]}),
        ({"evidence": ""}, {"evidence": ["该字段不能为空。"]}),
    ],
)
def test_entry_create_refusals_change_nothing(tree, people, api, payload, errors):
    data = {
        "key": "mediation.legal_aid_cases",
        "unit": str(tree.dept_a.pk),
        "period": "2024",
        "value": "3",
        "evidence": "依据",
    }
    if payload.get("unit") == "dept_b":
        payload = {**payload, "unit": str(tree.dept_b.pk)}
    before = state()
    response = api(people.clerk_a).post("/api/metrics/entries/", {**data, **payload}, format="json")
    assert (response.status_code, response.json()["errors"]) == (400, errors)
    assert state() == before


def test_entries_of_other_units_are_not_found(tree, people, api, typed):
    entry = typed("mediation.legal_aid_cases", tree.dept_b, 5)
    client = api(people.clerk_a)
    before = state()
    assert client.get(f"/api/metrics/entries/{entry.pk}/").json() == NOT_FOUND
    assert client.patch(f"/api/metrics/entries/{entry.pk}/", {"value": "1"}, format="json").status_code == 404
    assert client.get("/api/metrics/entries/").json()["results"] == []
    assert state() == before
