"""Outlines: inherited down the lineage, the built-in default, an administrator's audited adjustments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.core.scoping import ScopeViolation
from fazhi.reporting.choices import OutlinePeriod
from fazhi.reporting.models import OutlineItem, OutlineTemplate
from fazhi.reporting.outlines import REQUIRED_PARTS
from fazhi.reporting.services import (
    effective_outline,
    outline_customize,
    outline_item_add,
    outline_item_move,
    outline_item_remove,
    outline_item_update,
    report_create,
)

pytestmark = pytest.mark.django_db
P = OutlinePeriod.GANGYAO_2021


def titles(template) -> list[str]:
    return list(template.items.order_by("order").values_list("title", flat=True))


def test_builtin_outline_has_the_five_parts_and_the_eight_task_areas(tree):
    outline = effective_outline(tree.dept_a, P)
    assert outline.template is None
    top = [i.title for i in outline.items if i.level == 1]
    assert top == list(REQUIRED_PARTS)
    assert len([i for i in outline.items if i.level == 2]) == 9  # 纲要 二–九 and 十


def test_nearest_template_wins(tree, people):
    county = outline_customize(actor=people.admin, unit=tree.county, period=P)
    outline_item_add(actor=people.admin, template=county, title="县里加的条目", level=2,
                     after=county.items.order_by("order").first())  # fmt: skip
    assert effective_outline(tree.dept_a_child, P).template == county
    assert effective_outline(tree.dept_a_child, P).inherited
    dept = outline_customize(actor=people.admin_a, unit=tree.dept_a, period=P)
    assert titles(dept) == titles(county)  # copied from what it inherited
    outline_item_update(
        actor=people.admin_a, item=dept.items.get(title="县里加的条目"), title="局里的条目", level=2
    )
    assert effective_outline(tree.dept_a_child, P).template == dept
    assert "局里的条目" not in titles(county)
    report = report_create(actor=people.clerk_a, unit=tree.dept_a_child, year=2025)
    assert report.sections.filter(title="局里的条目").exists()
    assert report.outline_name == dept.name


def test_add_rename_reorder_remove_are_audited(tree, people):
    template = outline_customize(actor=people.admin, unit=tree.county, period=P)
    first_sub = template.items.order_by("order")[1]
    outline_item_update(
        actor=people.admin, item=first_sub, title="依法全面履行政府职能", level=2, blocks=["advisors"]
    )
    outline_item_move(actor=people.admin, item=first_sub, up=False)
    assert titles(template)[2] == "依法全面履行政府职能"
    outline_item_remove(actor=people.admin, item=OutlineItem.objects.get(pk=first_sub.pk))
    assert "依法全面履行政府职能" not in titles(template)
    events = AuditEvent.objects.filter(object_id=str(template.pk))
    assert events.count() == 4  # created, renamed, moved, removed


def test_refusals_change_nothing(tree, people):
    template = outline_customize(actor=people.admin, unit=tree.county, period=P)
    before = list(template.items.order_by("order").values_list("title", "level", "order"))
    first = template.items.order_by("order").first()
    with pytest.raises(Exception, match="最前"):
        outline_item_move(actor=people.admin, item=first, up=True)
    with pytest.raises(Exception, match="未知的起草模块"):
        outline_item_add(actor=people.admin, template=template, title="x", level=2, blocks=["nope"])
    with pytest.raises(ScopeViolation):
        outline_item_add(actor=people.legal, template=template, title="x", level=2)  # no MANAGE
    with pytest.raises(ScopeViolation):
        outline_customize(actor=people.clerk_a, unit=tree.dept_a, period=P)
    assert list(template.items.order_by("order").values_list("title", "level", "order")) == before
    assert OutlineTemplate.objects.count() == 1


def test_outline_pages(tree, people, login):
    client = login(people.admin)
    page = client.get(reverse("reporting:outlines")).content.decode()
    assert "系统默认" in page
    response = client.post(reverse("reporting:outline-customize"), {"unit": tree.county.pk, "period": P})
    template = OutlineTemplate.objects.get()
    assert response["Location"] == reverse("reporting:outline", args=[template.pk])
    url = reverse("reporting:outline", args=[template.pk])
    client.post(url, {"op": "add", "title": "其他工作", "level": 2, "blocks": ["training"],
                      "item": str(template.items.order_by("order").first().pk)})  # fmt: skip
    assert titles(template)[1] == "其他工作"
    item = template.items.get(title="其他工作")
    client.post(url, {"op": "update", "item": str(item.pk), "title": "其他重点工作", "level": 2})
    client.post(url, {"op": "remove", "item": str(template.items.get(title="其他重点工作").pk)})
    assert "其他重点工作" not in titles(template)
    # a legal-staff member sees the outline but cannot change it
    legal = login(people.legal)
    assert "新增条目" not in legal.get(url).content.decode()
    count = template.items.count()
    legal.post(url, {"op": "add", "title": "不应出现", "level": 2})
    assert template.items.count() == count
