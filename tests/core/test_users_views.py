"""The user and membership pages: scoped to the units one manages, identifiers masked, changes audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, Membership, User
from tests.factories import PASSWORD, make_user

ID_NUMBER = "110105199003071239"
PHONE = "13812345678"


def body(response) -> str:
    return response.content.decode()


def usernames(response) -> list[str]:
    return [user.username for user in response.context["object_list"]]


def user_state(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.full_name,
        user.title,
        user.phone,
        user.id_number,
        user.email,
        user.is_active,
        user.password,
        user.locked_until,
        sorted(user.memberships.values_list("unit__code", "role")),
    )


@pytest.fixture
def with_identifiers(people):
    User.objects.filter(pk=people.clerk_a.pk).update(phone=PHONE, id_number=ID_NUMBER)
    people.clerk_a.refresh_from_db()
    return people


# --- list -------------------------------------------------------------------------------------------


def test_list_shows_the_county_admin_the_users_of_the_county_subtree(people, login):
    response = login(people.admin).get(reverse("users:list"))

    assert response.status_code == 200
    assert usernames(response) == ["admin", "admin_a", "auditor", "clerk_a", "clerk_b", "leader", "legal"]


def test_list_of_a_department_admin_holds_only_that_department(people, login):
    response = login(people.admin_a).get(reverse("users:list"))

    assert usernames(response) == ["admin_a", "clerk_a"]


def test_list_shows_only_memberships_within_the_managers_scope(tree, people, login):
    Membership.objects.create(user=people.clerk_a, unit=tree.dept_b, role=Role.LEADER)
    response = login(people.admin_a).get(reverse("users:list"))

    clerk = next(u for u in response.context["object_list"] if u.username == "clerk_a")
    assert [(m.unit.name, m.role) for m in clerk.visible_memberships] == [
        ("清河县市场监督管理局", Role.CLERK)
    ]
    assert "清河县公安局" not in body(response)


def test_list_masks_phone_and_id_number(with_identifiers, login):
    response = login(with_identifiers.admin).get(reverse("users:list"))

    page = body(response)
    assert "138****5678" in page
    assert "110***********1239" in page
    assert PHONE not in page
    assert ID_NUMBER not in page


def test_list_filters_by_name_unit_role_and_status(tree, people, login):
    client = login(people.admin)
    User.objects.filter(pk=people.clerk_b.pk).update(is_active=False)
    User.objects.filter(pk=people.leader.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=10)
    )

    assert usernames(client.get(reverse("users:list"), {"q": "经办人"})) == ["clerk_a", "clerk_b"]
    assert usernames(client.get(reverse("users:list"), {"q": "admin_"})) == ["admin_a"]
    assert usernames(client.get(reverse("users:list"), {"unit": str(tree.dept_a.pk)})) == [
        "admin_a",
        "clerk_a",
    ]
    assert usernames(client.get(reverse("users:list"), {"role": Role.CLERK})) == ["clerk_a", "clerk_b"]
    assert usernames(
        client.get(reverse("users:list"), {"unit": str(tree.dept_a.pk), "role": Role.ADMIN})
    ) == ["admin_a"]
    assert usernames(client.get(reverse("users:list"), {"status": "inactive"})) == ["clerk_b"]
    assert usernames(client.get(reverse("users:list"), {"status": "locked"})) == ["leader"]
    assert usernames(client.get(reverse("users:list"), {"status": "active"})) == [
        "admin",
        "admin_a",
        "auditor",
        "clerk_a",
        "legal",
    ]


def test_list_unit_filter_offers_only_manageable_units(tree, people, login):
    response = login(people.admin_a).get(reverse("users:list"))

    assert list(response.context["filter_form"].fields["unit"].queryset.order_by("path")) == sorted(
        [tree.dept_a, tree.dept_a_child], key=lambda u: u.path
    )
    refused = login(people.admin_a).get(reverse("users:list"), {"unit": str(tree.dept_b.pk)})
    assert refused.context["filter_form"].errors["unit"] == ["所选单位不存在或不在您的管理范围内。"]


def test_list_issues_a_fixed_number_of_queries_however_many_users(
    tree, people, login, django_assert_max_num_queries
):
    client = login(people.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("users:list"))
    for index in range(25):
        make_user(f"extra{index:02d}", tree.dept_a if index % 2 else tree.town, Role.CLERK)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("users:list"))
    assert len(response.context["object_list"]) == 32


@pytest.mark.parametrize("who", ["clerk_a", "leader", "legal", "auditor", "nobody"])
def test_users_pages_are_refused_without_the_manage_permission(tree, people, login, who):
    client = login(getattr(people, who))
    before = user_state(people.clerk_a)

    assert client.get(reverse("users:list")).status_code == 403
    assert client.get(reverse("users:create")).status_code == 403
    assert client.get(reverse("users:detail", args=[people.clerk_a.pk])).status_code == 404
    assert client.post(reverse("users:toggle-active", args=[people.clerk_a.pk])).status_code == 404
    assert client.post(reverse("users:reveal", args=[people.clerk_a.pk])).status_code == 404
    assert user_state(people.clerk_a) == before
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


# --- detail and reveal --------------------------------------------------------------------------------


def test_detail_masks_identifiers_and_lists_memberships(with_identifiers, login):
    people = with_identifiers
    response = login(people.admin).get(reverse("users:detail", args=[people.clerk_a.pk]))

    assert response.status_code == 200
    page = body(response)
    assert "138****5678" in page
    assert "110***********1239" in page
    assert PHONE not in page and ID_NUMBER not in page
    assert [(m.unit.name, m.role) for m in response.context["memberships"]] == [
        ("清河县市场监督管理局", Role.CLERK)
    ]
    assert "查看完整信息" in page
    assert response.context["user"] == people.admin  # the signed-in user, not the one shown
    assert "县管理员" in page


def test_reveal_shows_full_values_once_and_is_audited(with_identifiers, login):
    people = with_identifiers
    client = login(people.admin)

    response = client.post(reverse("users:reveal", args=[people.clerk_a.pk]))

    assert response.status_code == 200
    page = body(response)
    assert PHONE in page
    assert ID_NUMBER in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.VIEW_SENSITIVE)
    assert (event.actor, event.object_id, event.unit) == (
        people.admin,
        str(people.clerk_a.pk),
        people.clerk_a.memberships.get().unit,
    )
    again = client.get(reverse("users:detail", args=[people.clerk_a.pk]))
    assert PHONE not in body(again) and ID_NUMBER not in body(again)


def test_reveal_is_post_only(with_identifiers, login):
    response = login(with_identifiers.admin).get(reverse("users:reveal", args=[with_identifiers.clerk_a.pk]))

    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


@pytest.mark.parametrize(
    ("who", "target"),
    [("admin_a", "clerk_b"), ("admin_other", "clerk_a"), ("admin", "root_admin"), ("admin", "nobody")],
)
def test_detail_and_reveal_outside_scope_are_404_and_not_audited(with_identifiers, login, who, target):
    people = with_identifiers
    client = login(getattr(people, who))
    pk = getattr(people, target).pk

    assert client.get(reverse("users:detail", args=[pk])).status_code == 404
    assert client.post(reverse("users:reveal", args=[pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


# --- create ------------------------------------------------------------------------------------------


def new_user_data(unit, **overrides) -> dict:
    data = {
        "username": "zhangsan",
        "full_name": "张三",
        "title": "科员",
        "phone": "13900001111",
        "id_number": "440306198506150026",
        "email": "zhangsan@example.gov.cn",
        "unit": str(unit.pk),
        "role": Role.CLERK,
        "password1": "Qinghe2026abc",
        "password2": "Qinghe2026abc",
    }
    data.update(overrides)
    return data


def test_create_user_with_first_membership(tree, people, login):
    response = login(people.admin).post(reverse("users:create"), new_user_data(tree.dept_b))

    user = User.objects.get(username="zhangsan")
    assert response.status_code == 302
    assert response["Location"] == reverse("users:detail", args=[user.pk])
    assert (user.full_name, user.title, user.phone, user.id_number) == (
        "张三",
        "科员",
        "13900001111",
        "440306198506150026",
    )
    assert user.check_password("Qinghe2026abc")
    assert list(user.memberships.values_list("unit__code", "role")) == [("qh-gaj", Role.CLERK)]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(user.pk)).count() == 1


def test_create_user_form_offers_only_manageable_units(tree, people, login):
    form = login(people.admin_a).get(reverse("users:create")).context["form"]

    assert sorted(form.fields["unit"].queryset, key=lambda u: u.path) == sorted(
        [tree.dept_a, tree.dept_a_child], key=lambda u: u.path
    )
    assert "至少 10 位，须同时包含字母和数字" in str(form.fields["password1"].help_text)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"id_number": "110105199003071238"},
            "id_number",
            "身份证号格式或校验位不正确（应为 18 位，末位可为 X）。",
        ),
        ({"phone": "2381234567"}, "phone", "手机号应为 11 位、以 1 开头的号码。"),
        ({"username": "clerk_a"}, "username", "该用户名已被使用。"),
        ({"password1": "short1", "password2": "short1"}, "password1", "密码太短，至少需要 10 位。"),
        (
            {"password1": "abcdefghijkl", "password2": "abcdefghijkl"},
            "password1",
            "密码必须同时包含字母和数字。",
        ),
        ({"password2": "Qinghe2026abd"}, "password2", "两次输入的密码不一致。"),
        ({"role": ""}, "role", "该字段是必填项。"),
    ],
)
def test_create_user_errors_are_shown_next_to_the_fields(tree, people, login, overrides, field, message):
    response = login(people.admin).post(reverse("users:create"), new_user_data(tree.dept_a, **overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert f'data-field-error="{field}">{message}' in body(response)
    assert not User.objects.filter(full_name="张三").exists()


def test_create_user_in_a_unit_outside_scope_is_refused(tree, people, login):
    response = login(people.admin_a).post(reverse("users:create"), new_user_data(tree.dept_b))

    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["所选单位不存在或不在您的管理范围内。"]
    assert not User.objects.filter(username="zhangsan").exists()


# --- update ------------------------------------------------------------------------------------------


def test_update_keeps_sensitive_values_when_left_empty_and_never_shows_them(with_identifiers, login):
    people = with_identifiers
    client = login(people.admin)
    url = reverse("users:update", args=[people.clerk_a.pk])

    page = body(client.get(url))
    assert PHONE not in page and ID_NUMBER not in page
    assert 'placeholder="138****5678"' in page

    response = client.post(
        url, {"full_name": "李四", "title": "副科长", "email": "", "phone": "", "id_number": ""}
    )

    assert response.status_code == 302
    people.clerk_a.refresh_from_db()
    assert (
        people.clerk_a.full_name,
        people.clerk_a.title,
        people.clerk_a.phone,
        people.clerk_a.id_number,
    ) == ("李四", "副科长", PHONE, ID_NUMBER)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(people.clerk_a.pk))
    assert event.changes == {"full_name": ["市场监管经办人", "李四"], "title": ["", "副科长"]}


def test_update_changes_a_sensitive_value_and_audits_it_masked(with_identifiers, login):
    people = with_identifiers
    response = login(people.admin).post(
        reverse("users:update", args=[people.clerk_a.pk]),
        {"full_name": "市场监管经办人", "title": "", "email": "", "phone": "13700002222", "id_number": ""},
    )

    assert response.status_code == 302
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.phone == "13700002222"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(people.clerk_a.pk))
    assert event.changes == {"phone": ["138****5678", "137****2222"]}


@pytest.mark.parametrize(("who", "target"), [("admin_a", "clerk_b"), ("admin_other", "clerk_a")])
def test_update_outside_scope_is_404_and_nothing_changes(people, login, who, target):
    victim = getattr(people, target)
    before = user_state(victim)
    client = login(getattr(people, who))

    assert client.get(reverse("users:update", args=[victim.pk])).status_code == 404
    response = client.post(
        reverse("users:update", args=[victim.pk]),
        {"full_name": "改名", "title": "", "email": "", "phone": "", "id_number": ""},
    )
    assert response.status_code == 404
    assert user_state(victim) == before


# --- activate, unlock, reset password ----------------------------------------------------------------


def test_toggle_active_disables_and_enables(people, login):
    client = login(people.admin)
    url = reverse("users:toggle-active", args=[people.clerk_a.pk])

    assert client.post(url).status_code == 302
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.is_active is False
    client.post(url)
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.is_active is True
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(people.clerk_a.pk)).count() == 2


def test_toggle_active_refuses_to_disable_oneself(people, login):
    response = login(people.admin).post(reverse("users:toggle-active", args=[people.admin.pk]), follow=True)

    assert "不能停用自己的账号。" in body(response)
    people.admin.refresh_from_db()
    assert people.admin.is_active is True


def test_unlock_clears_the_lock_and_the_button_shows_only_when_locked(people, login):
    client = login(people.admin)
    detail = reverse("users:detail", args=[people.clerk_a.pk])
    unlock = reverse("users:unlock", args=[people.clerk_a.pk])
    assert unlock not in body(client.get(detail))

    User.objects.filter(pk=people.clerk_a.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=15), failed_login_count=5
    )
    assert unlock in body(client.get(detail))
    assert client.post(unlock).status_code == 302

    people.clerk_a.refresh_from_db()
    assert (people.clerk_a.locked_until, people.clerk_a.failed_login_count) == (None, 0)
    assert (
        AuditEvent.objects.filter(action=AuditAction.UNLOCKED, object_id=str(people.clerk_a.pk)).count() == 1
    )


def test_reset_password_shows_the_rules_and_refuses_a_weak_one(people, login):
    client = login(people.admin)
    url = reverse("users:reset-password", args=[people.clerk_a.pk])

    assert "至少 10 位，须同时包含字母和数字" in body(client.get(url))
    response = client.post(url, {"password1": "1234567890", "password2": "1234567890"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [
        "这个密码太常见了。",
        "密码必须同时包含字母和数字。",
    ]
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.check_password(PASSWORD)

    assert client.post(url, {"password1": "Xinmima2026q", "password2": "Xinmima2026q"}).status_code == 302
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.check_password("Xinmima2026q")
    assert AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGE).note == "管理员重置密码"


@pytest.mark.parametrize(("who", "target"), [("admin_a", "clerk_b"), ("admin_other", "clerk_a")])
def test_account_actions_outside_scope_are_404_and_nothing_changes(people, login, who, target):
    victim = getattr(people, target)
    User.objects.filter(pk=victim.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=15))
    before = user_state(victim)
    client = login(getattr(people, who))

    assert client.post(reverse("users:toggle-active", args=[victim.pk])).status_code == 404
    assert client.post(reverse("users:unlock", args=[victim.pk])).status_code == 404
    assert client.get(reverse("users:reset-password", args=[victim.pk])).status_code == 404
    assert (
        client.post(
            reverse("users:reset-password", args=[victim.pk]),
            {"password1": "Xinmima2026q", "password2": "Xinmima2026q"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("users:membership-add", args=[victim.pk]),
            {"unit": str(victim.memberships.get().unit_id), "role": Role.LEADER},
        ).status_code
        == 404
    )
    assert user_state(victim) == before


# --- memberships -------------------------------------------------------------------------------------


def test_add_membership(tree, people, login):
    response = login(people.admin).post(
        reverse("users:membership-add", args=[people.clerk_a.pk]),
        {"unit": str(tree.dept_b.pk), "role": Role.LEADER},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("users:detail", args=[people.clerk_a.pk])
    assert sorted(people.clerk_a.memberships.values_list("unit__code", "role")) == [
        ("qh-gaj", Role.LEADER),
        ("qh-scj", Role.CLERK),
    ]


def test_add_membership_refuses_a_duplicate_and_a_unit_outside_scope(tree, people, login):
    client = login(people.admin_a)
    url = reverse("users:membership-add", args=[people.clerk_a.pk])

    duplicate = client.post(url, {"unit": str(tree.dept_a.pk), "role": Role.CLERK})
    assert duplicate.status_code == 200
    assert duplicate.context["form"].non_field_errors() == ["该用户在此单位已有这一角色。"]
    outside = client.post(url, {"unit": str(tree.dept_b.pk), "role": Role.LEADER})
    assert outside.status_code == 200
    assert outside.context["form"].errors["unit"] == ["所选单位不存在或不在您的管理范围内。"]
    assert list(people.clerk_a.memberships.values_list("unit__code", "role")) == [("qh-scj", Role.CLERK)]


def test_remove_membership(tree, people, login):
    extra = Membership.objects.create(user=people.clerk_a, unit=tree.dept_a_child, role=Role.LEADER)
    response = login(people.admin_a).post(reverse("users:membership-remove", args=[extra.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("users:detail", args=[people.clerk_a.pk])
    assert not Membership.objects.filter(pk=extra.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(extra.pk)).count() == 1


def test_removing_the_last_membership_in_scope_returns_to_the_list(tree, people, login):
    membership = people.clerk_a.memberships.get()
    Membership.objects.create(
        user=people.clerk_a, unit=tree.dept_b, role=Role.CLERK
    )  # outside admin_a's scope
    response = login(people.admin_a).post(reverse("users:membership-remove", args=[membership.pk]))

    assert response["Location"] == reverse("users:list")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_a_users_only_membership_is_refused(people, login):
    membership = people.clerk_a.memberships.get()
    client = login(people.admin_a)
    response = client.post(reverse("users:membership-remove", args=[membership.pk]), follow=True)

    assert "这是该用户唯一的任职" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(
    ("who", "target"), [("admin_a", "clerk_b"), ("admin_other", "clerk_a"), ("clerk_a", "clerk_a")]
)
def test_remove_membership_outside_scope_is_404_and_it_remains(people, login, who, target):
    membership = getattr(people, target).memberships.get()
    client = login(getattr(people, who))

    assert client.get(reverse("users:membership-remove", args=[membership.pk])).status_code == 405
    assert client.post(reverse("users:membership-remove", args=[membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
