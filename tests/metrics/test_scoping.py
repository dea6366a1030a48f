"""metric_value and the drill-down read only units in the user's view scope; entries are scoped records."""

from __future__ import annotations

import pytest

from fazhi.core.choices import Role
from fazhi.core.models import AuditEvent, OrgUnit
from fazhi.metrics.catalog import Kind, Metric, Obtained
from fazhi.metrics.models import MetricEntry
from fazhi.metrics.periods import Period
from fazhi.metrics.registry import define_metric, forget_metric, register_count
from fazhi.metrics.selectors import metric_drilldown, metric_entries, metric_value, visible_unit
from tests.factories import make_user

Y2024 = Period.for_year(2024)


@pytest.fixture
def counted(tree, member, membership_metrics):
    for unit in (tree.dept_a, tree.dept_a_child, tree.dept_b, tree.county):
        member(unit)
    return tree


def test_a_user_reads_own_unit_and_below(counted, people):
    tree = counted
    assert (
        metric_value(user=people.admin_a, key="test.memberships", unit=tree.dept_a, period=Y2024).value == 2
    )
    assert (
        metric_value(user=people.admin_a, key="test.memberships", unit="qh-scj-cg", period=Y2024).value == 1
    )
    assert (
        metric_value(
            user=people.admin_a, key="test.memberships", unit=str(tree.dept_a.pk), period=Y2024
        ).value
        == 2
    )
    # a typed-in-only metric needs only the unit
    assert (
        metric_value(
            user=people.clerk_a, key="mediation.legal_aid_cases", unit=tree.dept_a, period=Y2024
        ).source
        == "none"
    )


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("admin_a", "dept_b"),
        ("admin_a", "county"),
        ("admin_other", "county"),
        ("admin", "other_county"),
        ("nobody", "dept_a"),
        ("auditor", "dept_a"),  # the auditor holds no view permission
        ("clerk_a", "dept_a"),  # memberships, the records behind test.memberships, need the manage permission
    ],
)
def test_out_of_scope_reads_as_not_found(counted, people, who, where):
    unit = getattr(counted, where)
    with pytest.raises(OrgUnit.DoesNotExist) as exc:
        metric_value(user=getattr(people, who), key="test.memberships", unit=unit, period=Y2024)
    assert str(exc.value) == "未找到该单位，或该单位不在您的管辖范围内。"
    with pytest.raises(OrgUnit.DoesNotExist):
        metric_value(user=getattr(people, who), key="test.memberships", unit=unit.code, period=Y2024)


def test_the_records_behind_a_metric_need_their_own_view_permission(tree, people):
    """A figure computed from audit events needs the audit permission, not only the unit."""
    define_metric(Metric("test.audit_events", "审计记录", "条", Kind.COUNT, Obtained.COMPUTED, "审计记录"))
    register_count("test.audit_events", model=AuditEvent, date_field="created_at")
    try:
        with pytest.raises(OrgUnit.DoesNotExist):
            metric_value(user=people.clerk_a, key="test.audit_events", unit=tree.dept_a, period=Y2024)
        admin_a = people.admin_a  # admin: view and audit at dept A
        assert metric_value(user=admin_a, key="test.audit_events", unit=tree.dept_a, period=Y2024).value == 0
    finally:
        forget_metric("test.audit_events")


def test_the_drilldown_lists_only_the_records_behind_the_value(counted, people):
    drill = metric_drilldown(user=people.admin, key="test.memberships", unit=counted.county, period=Y2024)
    assert drill.value.value == 4
    assert sorted(m.unit.code for m in drill.queryset) == ["qh", "qh-gaj", "qh-scj", "qh-scj-cg"]
    with pytest.raises(OrgUnit.DoesNotExist):
        metric_drilldown(user=people.clerk_a, key="test.memberships", unit=counted.county, period=Y2024)


def test_entries_are_scoped_like_any_record(tree, people, typed):
    own = typed("mediation.legal_aid_cases", tree.dept_a, 1)
    child = typed("mediation.legal_aid_cases", tree.dept_a_child, 2)
    sibling = typed("mediation.legal_aid_cases", tree.dept_b, 3)
    parent = typed("mediation.legal_aid_cases", tree.county, 4)
    assert set(metric_entries(user=people.clerk_a)) == {own, child}
    assert set(metric_entries(user=people.admin)) == {own, child, sibling, parent}
    assert set(metric_entries(user=people.leader, action="change")) == set()
    assert list(metric_entries(user=people.nobody)) == []
    assert MetricEntry.objects.count() == 4


def test_visible_unit_refuses_unknown_codes(tree, people):
    with pytest.raises(OrgUnit.DoesNotExist):
        visible_unit(user=people.root_admin, unit="no-such-code")
    assert visible_unit(user=people.root_admin, unit="qh") == tree.county


def test_admin_at_the_top_reads_everything(counted, people):
    assert (
        metric_value(
            user=people.root_admin, key="test.memberships", unit=counted.province, period=Y2024
        ).value
        == 4
    )
    make_user("late_clerk", counted.town, Role.CLERK)  # created today, outside 2024
    assert (
        metric_value(user=people.root_admin, key="test.memberships", unit=counted.town, period=Y2024).value
        == 0
    )
