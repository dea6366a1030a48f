"""Typed-in values through the services: validated by the metric's kind, audited, within scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.services import metric_entry_create, metric_entry_delete, metric_entry_update
from fazhi.metrics.values import evaluate

Y2024 = Period.for_year(2024)


def state():
    return (
        list(
            MetricEntry.objects.order_by("pk").values_list(
                "key", "unit_id", "period_start", "value", "evidence"
            )
        ),
        AuditEvent.objects.count(),
    )


def test_create_update_delete_are_audited(tree, people):
    entry = metric_entry_create(
        actor=people.clerk_a,
        key="mediation.legal_aid_cases",
        unit=tree.dept_a,
        period=Y2024,
        value="12",
        evidence="法律援助系统 2024 年度统计表",
    )
    assert (entry.value, entry.entered_by, entry.period_start.isoformat(), entry.period_end.isoformat()) == (
        Decimal(12),
        people.clerk_a,
        "2024-01-01",
        "2024-12-31",
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.unit, event.actor) == (
        "create",
        "metrics.metricentry",
        tree.dept_a,
        people.clerk_a,
    )
    assert event.changes["value"] == [None, "12"]
    assert event.note == "填报指标 mediation.legal_aid_cases，2024年"
    assert event.object_repr == "法律援助案件 · 清河县市场监督管理局 · 2024年"

    metric_entry_update(actor=people.clerk_a, entry=entry, value="13", evidence="更正：补录 1 件")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.changes) == (
        "update",
        {"evidence": ["法律援助系统 2024 年度统计表", "更正：补录 1 件"], "value": ["12.0000", "13"]},
    )
    assert evaluate("mediation.legal_aid_cases", tree.county, Y2024).display_with_unit == "13件"

    metric_entry_delete(actor=people.legal, entry=entry)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor) == ("delete", people.legal)
    assert MetricEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("key", "value", "evidence", "errors"),
    [
        (
            "mediation.legal_aid_cases",
            "2.5",
            "依据",
            {"value": ["“法律援助案件”是计数，应为整数（单位：件）。"]},
        ),
        ("mediation.legal_aid_cases", "-1", "依据", {"value": ["数值不能为负数。"]}),
        ("mediation.legal_aid_cases", "abc", "依据", {"value": ["请输入数字。"]}),
        ("mediation.legal_aid_cases", "1.00001", "依据", {"value": ["最多保留 4 位小数。"]}),
        (
            "mediation.legal_aid_cases",
            "3",
            "   ",
            {"evidence": ["请填写依据与说明：数据来自何处、由谁统计。"]},
        ),
        (
            "complaints.satisfaction_rate",
            "100.5",
            "依据",
            {"value": ["比率以百分数填写，应在 0 到 100 之间（如 97.5 表示 97.5%）。"]},
        ),
        ("normative.expiring", "3", "依据", {"key": ["“即将到期”只由业务记录计算，不能人工填报。"]}),
        (
            "normative.drafts_reviewed",
            "3",
            "依据",
            {"key": ["normative.drafts_reviewed 是 normative.reviewed 的别名，请在后者下填报。"]},
        ),
        (
            "reconsideration.nope",
            "3",
            "依据",
            {"key": ["未知的指标：reconsideration.nope。指标目录见“指标”页面或 GET /api/metrics/。"]},
        ),
    ],
)
def test_invalid_values_are_refused_and_nothing_changes(tree, people, key, value, evidence, errors):
    before = state()
    with pytest.raises(ValidationError) as exc:
        metric_entry_create(
            actor=people.clerk_a, key=key, unit=tree.dept_a, period=Y2024, value=value, evidence=evidence
        )
    assert exc.value.message_dict == errors
    assert state() == before


def test_rates_scores_and_amount_decimals_are_accepted(tree, people):
    rate = metric_entry_create(
        actor=people.clerk_a,
        key="complaints.satisfaction_rate",
        unit=tree.dept_a,
        period=Y2024,
        value="97.25",
        evidence="热线系统",
    )
    score = metric_entry_create(
        actor=people.clerk_a,
        key="planning.assessment_score",
        unit=tree.dept_a,
        period=Y2024,
        value="92.5",
        evidence="考评通报",
    )
    assert (rate.value_display, score.value_display) == ("97.25%", "92.5分")


def test_one_entry_per_metric_unit_and_period(tree, people):
    metric_entry_create(
        actor=people.clerk_a,
        key="mediation.legal_aid_cases",
        unit=tree.dept_a,
        period=Y2024,
        value=1,
        evidence="依据",
    )
    before = state()
    with pytest.raises(ValidationError) as exc:
        metric_entry_create(
            actor=people.admin,
            key="mediation.legal_aid_cases",
            unit=tree.dept_a,
            period=Y2024,
            value=2,
            evidence="依据",
        )
    assert exc.value.messages == [
        "清河县市场监督管理局 2024年 的“法律援助案件”已有填报值，请修改原填报记录。"
    ]
    assert state() == before
    # another period is another figure
    metric_entry_create(
        actor=people.clerk_a,
        key="mediation.legal_aid_cases",
        unit=tree.dept_a,
        period=Period.for_quarter(2024, 1),
        value=1,
        evidence="依据",
    )


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("clerk_a", "dept_b"),
        ("clerk_a", "county"),
        ("leader", "county"),
        ("auditor", "county"),
        ("nobody", "dept_a"),
        ("admin_other", "dept_a"),
    ],
)
def test_entering_outside_the_add_scope_is_refused(tree, people, who, where):
    before = state()
    with pytest.raises(ScopeViolation):
        metric_entry_create(
            actor=getattr(people, who),
            key="mediation.legal_aid_cases",
            unit=getattr(tree, where),
            period=Y2024,
            value=1,
            evidence="依据",
        )
    assert state() == before


def test_changing_or_deleting_outside_the_scope_is_refused(tree, people, typed):
    entry = typed("mediation.legal_aid_cases", tree.dept_b, 5)
    before = state()
    with pytest.raises(MetricEntry.DoesNotExist):
        metric_entry_update(actor=people.clerk_a, entry=entry, value=6, evidence="改")
    with pytest.raises(MetricEntry.DoesNotExist):
        metric_entry_update(
            actor=people.leader, entry=entry, value=6, evidence="改"
        )  # leader: no change permission
    with pytest.raises(MetricEntry.DoesNotExist):
        metric_entry_delete(actor=people.clerk_b, entry=entry)  # clerk: no delete permission
    assert state() == before
