"""The organisation-unit pages: the scoped tree, a unit's record, and every change through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.choices import AuditAction, Role, UnitKind
from fazhi.core.models import AuditEvent, OrgUnit, UnitChange
from fazhi.core.services.units import unit_update
from tests.factories import make_unit, make_user


def names(response) -> list[str]:
    return [unit.name for unit in response.context["object_list"]]


def body(response) -> str:
    return response.content.decode()


def unit_state(unit: OrgUnit) -> tuple:
    unit = OrgUnit.objects.get(pk=unit.pk)
    return (unit.name, unit.short_name, unit.code, unit.parent_id, unit.path, unit.depth, unit.is_active)


# --- list -------------------------------------------------------------------------------------------


def test_list_shows_the_county_admin_the_county_subtree_in_tree_order(people, login):
    response = login(people.admin).get(reverse("units:list"))

    assert response.status_code == 200
    # siblings by 排序 (all 0 here) then name; each child right after its parent
    assert names(response) == [
        "清河县人民政府",
        "城关镇",
        "清河县公安局",
        "清河县司法局",
        "清河县市场监督管理局",
        "城关市场监管所",
    ]
    assert [unit.indent for unit in response.context["object_list"]] == [0, 1, 1, 1, 1, 2]
    assert "白石县人民政府" not in body(response)
    assert "云州市人民政府" not in body(response)
    assert response.context["can_create"] is True
    assert 'data-testid="unit-create"' in body(response)


def test_list_indents_relative_to_the_clerks_own_unit_and_offers_no_changes(people, login):
    response = login(people.clerk_a).get(reverse("units:list"))

    assert response.status_code == 200
    assert names(response) == ["清河县市场监督管理局", "城关市场监管所"]
    assert [unit.indent for unit in response.context["object_list"]] == [0, 1]
    assert response.context["can_create"] is False
    assert 'data-testid="unit-create"' not in body(response)
    assert reverse("units:update", args=[people.clerk_a.memberships.get().unit_id]) not in body(response)


def test_list_shows_edit_buttons_only_on_units_the_user_may_manage(tree, people, login):
    make_user("admin_a_leader", tree.county, Role.LEADER)
    response = login(people.admin_a).get(reverse("units:list"))

    assert names(response) == ["清河县市场监督管理局", "城关市场监管所"]
    assert reverse("units:update", args=[tree.dept_a.pk]) in body(response)
    assert reverse("units:update", args=[tree.dept_a_child.pk]) in body(response)


def test_list_search_by_name_or_code_and_filter_by_kind(tree, people, login):
    client = login(people.admin)

    assert names(client.get(reverse("units:list"), {"q": "公安"})) == ["清河县公安局"]
    assert names(client.get(reverse("units:list"), {"q": "qh-scj"})) == [
        "清河县市场监督管理局",
        "城关市场监管所",
    ]
    assert names(client.get(reverse("units:list"), {"kind": UnitKind.TOWN})) == ["城关镇"]
    filtered = client.get(reverse("units:list"), {"q": "城关"})
    assert names(filtered) == ["城关镇", "城关市场监管所"]
    assert [unit.indent for unit in filtered.context["object_list"]] == [0, 0]  # a flat result, not a tree


def test_list_orders_siblings_by_sort_order_first(tree, people, login):
    OrgUnit.objects.filter(pk=tree.dept_a.pk).update(sort_order=1)
    OrgUnit.objects.filter(pk__in=[tree.town.pk, tree.dept_b.pk, tree.justice.pk]).update(sort_order=2)

    response = login(people.admin).get(reverse("units:list"))

    assert names(response)[1:3] == ["清河县市场监督管理局", "城关市场监管所"]


def test_list_issues_a_fixed_number_of_queries_however_many_units(
    tree, people, login, django_assert_max_num_queries
):
    client = login(people.admin)
    with django_assert_max_num_queries(9):
        first = client.get(reverse("units:list"))
    for index in range(30):
        make_unit(f"新增科室{index}", parent=tree.justice)
    with django_assert_max_num_queries(9):
        second = client.get(reverse("units:list"))
    assert len(second.context["object_list"]) == len(first.context["object_list"]) + 30


def test_list_requires_login(tree, client):
    response = client.get(reverse("units:list"))
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/units/"


# --- detail ------------------------------------------------------------------------------------------


def test_detail_shows_attributes_children_history_and_references(tree, people, login):
    unit_update(actor=people.admin, unit=tree.dept_a, name="清河县市场监管局", reason="机构改革")
    response = login(people.admin).get(reverse("units:detail", args=[tree.dept_a.pk]))

    assert response.status_code == 200
    assert [c.name for c in response.context["children"]] == ["城关市场监管所"]
    assert [(h.kind, h.old_value, h.new_value, h.reason) for h in response.context["history"]] == [
        (UnitChange.Kind.RENAME, "清河县市场监督管理局", "清河县市场监管局", "机构改革")
    ]
    assert response.context["references"] == [("组织机构", 1), ("任职", 2)]
    assert [a.name for a in response.context["ancestors"]] == ["清河县人民政府"]
    assert response.context["can_manage"] is True
    page = body(response)
    assert "机构改革" in page
    assert "任职：2 条" in page
    assert 'data-testid="unit-actions"' in page


def test_detail_for_a_leader_shows_no_buttons(tree, people, login):
    response = login(people.leader).get(reverse("units:detail", args=[tree.dept_a.pk]))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert 'data-testid="unit-actions"' not in body(response)
    assert reverse("units:delete", args=[tree.dept_a.pk]) not in body(response)


def test_detail_hides_ancestors_outside_the_users_scope(tree, people, login):
    response = login(people.admin).get(reverse("units:detail", args=[tree.county.pk]))

    assert response.context["ancestors"] == []
    assert response.context["parent_visible"] is False


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("admin_a", "dept_b"),
        ("admin_other", "county"),
        ("admin_other", "dept_a"),
        ("clerk_a", "dept_b"),
        ("nobody", "dept_a"),
    ],
)
def test_detail_outside_scope_is_404(tree, people, login, who, unit):
    response = login(getattr(people, who)).get(reverse("units:detail", args=[getattr(tree, unit).pk]))
    assert response.status_code == 404


def test_detail_of_a_missing_unit_is_404(tree, people, login):
    response = login(people.admin).get("/units/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


# --- create ------------------------------------------------------------------------------------------


def unit_data(parent, **overrides) -> dict:
    data = {
        "parent": str(parent.pk) if parent else "",
        "code": "qh-sfj-gzk",
        "name": "公证科",
        "short_name": "公证",
        "kind": UnitKind.OTHER,
        "level": "county",
        "division_code": "",
        "credit_code": "",
        "sort_order": "0",
    }
    data.update(overrides)
    return data


def test_create_preselects_the_parent_and_offers_only_manageable_parents(tree, people, login):
    response = login(people.admin_a).get(reverse("units:create"), {"parent": str(tree.dept_a.pk)})

    assert response.status_code == 200
    form = response.context["form"]
    assert str(form["parent"].value()) == str(tree.dept_a.pk)
    assert list(form.fields["parent"].queryset) == [tree.dept_a, tree.dept_a_child]
    assert form.fields["parent"].required is True


def test_create_goes_through_the_service_and_is_audited(tree, people, login):
    response = login(people.admin).post(reverse("units:create"), unit_data(tree.justice))

    unit = OrgUnit.objects.get(code="qh-sfj-gzk")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[unit.pk])
    assert unit.parent == tree.justice
    assert unit.path == f"{tree.justice.path}{unit.pk.hex}/"
    assert unit.depth == tree.justice.depth + 1
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(unit.pk))
    assert event.actor == people.admin


def test_create_shows_model_errors_next_to_the_fields(tree, people, login):
    response = login(people.admin).post(
        reverse("units:create"), unit_data(tree.justice, code="qh-sfj", division_code="12345")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] == ["具有 机构代码 的 组织机构 已存在。"]
    assert form.errors["division_code"] == ["行政区划代码应为 6 位或 9 位数字（GB/T 2260）。"]
    assert not OrgUnit.objects.filter(name="公证科").exists()


def test_create_under_a_unit_outside_scope_is_refused_and_nothing_is_created(tree, people, login):
    response = login(people.admin_a).post(reverse("units:create"), unit_data(tree.dept_b))

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["所选单位不存在或不在您的管理范围内。"]
    assert not OrgUnit.objects.filter(code="qh-sfj-gzk").exists()


def test_create_is_forbidden_without_the_manage_permission(tree, people, login):
    client = login(people.clerk_a)

    assert client.get(reverse("units:create")).status_code == 403
    assert client.post(reverse("units:create"), unit_data(tree.dept_a)).status_code == 403
    assert not OrgUnit.objects.filter(code="qh-sfj-gzk").exists()


# --- update ------------------------------------------------------------------------------------------


def test_update_renames_with_reason_into_the_history(tree, people, login):
    data = unit_data(
        None,
        code="qh-scj",
        name="清河县市场监管局",
        short_name="清市监",
        kind=UnitKind.DEPARTMENT,
        reason="县级机构改革",
    )
    del data["parent"]
    response = login(people.admin).post(reverse("units:update", args=[tree.dept_a.pk]), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[tree.dept_a.pk])
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.name == "清河县市场监管局"
    change = UnitChange.objects.get(unit=tree.dept_a)
    assert (change.kind, change.old_value, change.new_value, change.reason, change.changed_by) == (
        UnitChange.Kind.RENAME,
        "清河县市场监督管理局",
        "清河县市场监管局",
        "县级机构改革",
        people.admin,
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(tree.dept_a.pk))
    assert event.changes == {"name": ["清河县市场监督管理局", "清河县市场监管局"]}
    assert event.note == "县级机构改革"


def test_update_form_has_no_parent_field_and_shows_the_reason_field(tree, people, login):
    response = login(people.admin).get(reverse("units:update", args=[tree.dept_a.pk]))

    assert response.status_code == 200
    assert "parent" not in response.context["form"].fields
    assert "变更原因" in body(response)


@pytest.mark.parametrize(
    ("who", "unit"), [("admin_a", "dept_b"), ("admin_other", "town"), ("clerk_a", "dept_a")]
)
def test_update_outside_scope_is_404_and_nothing_changes(tree, people, login, who, unit):
    target = getattr(tree, unit)
    before = unit_state(target)
    client = login(getattr(people, who))
    data = unit_data(None, code=target.code, name="改名", short_name="改", kind=UnitKind.DEPARTMENT)
    del data["parent"]

    assert client.get(reverse("units:update", args=[target.pk])).status_code == 404
    assert client.post(reverse("units:update", args=[target.pk]), data).status_code == 404
    assert unit_state(target) == before
    assert not UnitChange.objects.exists()


# --- move --------------------------------------------------------------------------------------------


def test_move_updates_the_subtree_paths_and_records_history(tree, people, login):
    client = login(people.admin)
    form = client.get(reverse("units:move", args=[tree.dept_a.pk])).context["form"]
    # neither the unit, its subtree, nor its present parent can be chosen
    assert list(form.fields["new_parent"].queryset) == sorted(
        [tree.justice, tree.dept_b, tree.town], key=lambda u: u.path
    )

    response = client.post(
        reverse("units:move", args=[tree.dept_a.pk]),
        {"new_parent": str(tree.justice.pk), "reason": "划转司法局管理"},
    )

    assert response.status_code == 302
    tree.dept_a.refresh_from_db()
    tree.dept_a_child.refresh_from_db()
    assert tree.dept_a.parent == tree.justice
    assert tree.dept_a.path == f"{tree.justice.path}{tree.dept_a.pk.hex}/"
    assert tree.dept_a.depth == 4
    assert tree.dept_a_child.path == f"{tree.dept_a.path}{tree.dept_a_child.pk.hex}/"
    assert tree.dept_a_child.depth == 5
    change = UnitChange.objects.get(unit=tree.dept_a)
    assert (change.kind, change.old_value, change.new_value, change.reason) == (
        UnitChange.Kind.MOVE,
        "清河县人民政府",
        "清河县司法局",
        "划转司法局管理",
    )
    detail = client.get(reverse("units:detail", args=[tree.dept_a.pk]))
    assert "调整上级" in body(detail)
    assert [a.name for a in detail.context["ancestors"]] == ["清河县人民政府", "清河县司法局"]


def test_move_into_its_own_subtree_is_not_offered(tree, people, login):
    before = unit_state(tree.dept_a)
    response = login(people.admin).post(
        reverse("units:move", args=[tree.dept_a.pk]), {"new_parent": str(tree.dept_a_child.pk)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_parent"] == ["所选单位不存在或不在您的管理范围内。"]
    assert unit_state(tree.dept_a) == before


@pytest.mark.parametrize(
    ("who", "unit", "new_parent"), [("admin_a", "dept_b", "dept_a"), ("admin_other", "town", "other_county")]
)
def test_move_outside_scope_is_404_and_nothing_changes(tree, people, login, who, unit, new_parent):
    target = getattr(tree, unit)
    before = unit_state(target)
    client = login(getattr(people, who))

    assert client.get(reverse("units:move", args=[target.pk])).status_code == 404
    response = client.post(
        reverse("units:move", args=[target.pk]), {"new_parent": str(getattr(tree, new_parent).pk)}
    )
    assert response.status_code == 404
    assert unit_state(target) == before
    assert not UnitChange.objects.exists()


def test_move_to_a_parent_outside_scope_is_refused(tree, people, login):
    before = unit_state(tree.dept_a_child)
    response = login(people.admin_a).post(
        reverse("units:move", args=[tree.dept_a_child.pk]), {"new_parent": str(tree.dept_b.pk)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_parent"] == ["所选单位不存在或不在您的管理范围内。"]
    assert unit_state(tree.dept_a_child) == before


# --- activate / deactivate ---------------------------------------------------------------------------


def test_toggle_active_deactivates_and_reactivates_with_history(tree, people, login):
    client = login(people.admin)
    url = reverse("units:toggle-active", args=[tree.town.pk])

    response = client.post(url, {"reason": "撤并"})
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[tree.town.pk])
    tree.town.refresh_from_db()
    assert tree.town.is_active is False
    assert "已停用“城关镇”。" in body(client.get(response["Location"]))

    client.post(url)
    tree.town.refresh_from_db()
    assert tree.town.is_active is True
    assert list(UnitChange.objects.filter(unit=tree.town).order_by("id").values_list("kind", "reason")) == [
        (UnitChange.Kind.DEACTIVATE, "撤并"),
        (UnitChange.Kind.REACTIVATE, ""),
    ]


def test_toggle_active_refusal_is_shown_and_nothing_changes(tree, people, login):
    client = login(people.admin)
    response = client.post(reverse("units:toggle-active", args=[tree.dept_a.pk]), follow=True)

    assert "该单位还有启用中的下级单位，请先停用下级单位。" in body(response)
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.is_active is True
    assert not UnitChange.objects.exists()


def test_toggle_active_is_post_only_and_404_outside_scope(tree, people, login):
    assert login(people.admin).get(reverse("units:toggle-active", args=[tree.town.pk])).status_code == 405
    for who, unit in (("admin_a", tree.dept_b), ("admin_other", tree.town), ("clerk_a", tree.dept_a_child)):
        assert (
            login(getattr(people, who)).post(reverse("units:toggle-active", args=[unit.pk])).status_code
            == 404
        )
        unit.refresh_from_db()
        assert unit.is_active is True
    assert not UnitChange.objects.exists()


# --- delete ------------------------------------------------------------------------------------------


def test_delete_of_a_referenced_unit_shows_the_refusal_and_the_unit_remains(tree, people, login):
    client = login(people.admin)
    page = client.get(reverse("units:delete", args=[tree.dept_a.pk]))
    assert page.status_code == 200
    assert page.context["references"] == [("组织机构", 1), ("任职", 2)]

    response = client.post(reverse("units:delete", args=[tree.dept_a.pk]))

    assert response.status_code == 200
    assert response.context["refusal"] == (
        "“清河县市场监督管理局”仍被以下记录引用，不能删除：组织机构 1 条、任职 2 条。"
        "如该单位已撤销，请改为停用。"
    )
    assert response.context["refusal"] in body(response)
    assert OrgUnit.objects.filter(pk=tree.dept_a.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_delete_of_an_unreferenced_unit(tree, people, login):
    mistaken = make_unit("误建单位", parent=tree.justice, code="qh-wj")
    response = login(people.admin).post(reverse("units:delete", args=[mistaken.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[tree.justice.pk])
    assert not OrgUnit.objects.filter(pk=mistaken.pk).exists()
    assert AuditEvent.objects.get(action=AuditAction.DELETE).object_repr == "误建单位"


@pytest.mark.parametrize(
    ("who", "unit"), [("admin_a", "dept_b"), ("admin_other", "town"), ("leader", "town")]
)
def test_delete_outside_scope_is_404_and_the_unit_remains(tree, people, login, who, unit):
    target = getattr(tree, unit)
    client = login(getattr(people, who))

    assert client.get(reverse("units:delete", args=[target.pk])).status_code == 404
    assert client.post(reverse("units:delete", args=[target.pk])).status_code == 404
    assert OrgUnit.objects.filter(pk=target.pk).exists()


def test_only_a_top_level_admin_may_leave_the_parent_empty(tree, people, login):
    root_form = login(people.root_admin).get(reverse("units:create")).context["form"]
    assert root_form.fields["parent"].required is False
    assert root_form.fields["parent"].empty_label == "（无，作为顶级单位）"

    response = login(people.admin).post(reverse("units:create"), unit_data(None))
    assert response.context["form"].errors["parent"] == ["该字段是必填项。"]
    assert not OrgUnit.objects.filter(code="qh-sfj-gzk").exists()


def test_parent_choices_are_indented_in_tree_order_from_the_users_top_unit(tree, people, login):
    form = login(people.admin).get(reverse("units:create")).context["form"]

    labels = [label for value, label in form.fields["parent"].choices if value]
    assert labels == [
        "清河县人民政府",
        "　城关镇",
        "　清河县公安局",
        "　清河县司法局",
        "　清河县市场监督管理局",
        "　　城关市场监管所",
    ]
