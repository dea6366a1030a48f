"""The REST API: token sign-in with lockout; units, users, memberships and audit under the same scoping."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fazhi.core.choices import AuditAction, Role
from fazhi.core.models import AuditEvent, Membership, OrgUnit, UnitChange, User
from fazhi.core.services.audit import snapshot
from tests.factories import PASSWORD

LOCKED_MESSAGE = "该账号因连续登录失败已被锁定，请于 {time} 后再试，或联系系统管理员解锁。"
WRONG_PASSWORD = {
    "code": "authentication_failed",
    "message": "用户名或密码错误。连续 5 次输错，账号将被锁定 15 分钟。",
    "errors": {},
}
PERMISSION_DENIED = {"code": "permission_denied", "message": "您没有此项操作的权限。", "errors": {}}
NOT_FOUND = {"code": "not_found", "message": "未找到该记录。", "errors": {}}
PARENT_REFUSED = {
    "code": "invalid",
    "message": "提交的数据有误，请按提示修改。",
    "errors": {"parent": ["上级单位不存在或不在您的管理范围内。"]},
}


@pytest.fixture
def api():
    """An API client acting as ``user``, without a login event in the audit log to count around."""

    def _api(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(User.objects.get(pk=user.pk))
        return client

    return _api


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _events(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("seq"))


# --- token sign-in --------------------------------------------------------------------------------


def test_token_obtain_returns_the_same_token_and_audits_each_login(people, api):
    client = api()
    first = client.post("/api/auth/token/", {"username": "clerk_a", "password": PASSWORD}, format="json")
    second = client.post("/api/auth/token/", {"username": "clerk_a", "password": PASSWORD}, format="json")

    token = Token.objects.get(user=people.clerk_a)
    assert first.status_code == 200
    assert first.json() == {"token": token.key}
    assert second.json() == {"token": token.key}
    logins = _events(action=AuditAction.LOGIN)
    assert [(e.actor_id, e.object_id, e.note) for e in logins] == [
        (people.clerk_a.pk, str(people.clerk_a.pk), "获取 API 令牌"),
    ] * 2
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.last_login is not None


def test_token_authenticates_me(people, tree, api):
    token = Token.objects.create(user=people.clerk_a)
    membership = Membership.objects.get(user=people.clerk_a)
    User.objects.filter(pk=people.clerk_a.pk).update(phone="13812345678", id_number="110105199001011234")
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.get("/api/me/")

    brief = {
        "id": str(membership.pk),
        "unit": str(tree.dept_a.pk),
        "unit_name": "清河县市场监督管理局",
        "role": "clerk",
        "role_display": "经办人",
        "is_active": True,
    }
    assert response.status_code == 200
    assert response.json() == {
        "id": str(people.clerk_a.pk),
        "username": "clerk_a",
        "full_name": "市场监管经办人",
        "email": "",
        "phone": "138****5678",
        "id_number": "110***********1234",
        "title": "",
        "memberships": [brief],
        "current_membership": brief,
    }


def test_wrong_password_is_refused_in_chinese_and_counted(people, api):
    response = api().post(
        "/api/auth/token/", {"username": "clerk_a", "password": "wrong-1234"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == WRONG_PASSWORD
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.failed_login_count == 1
    assert not Token.objects.exists()


def test_unknown_username_is_refused_like_a_wrong_password(people, api):
    response = api().post("/api/auth/token/", {"username": "ghost", "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert response.json() == WRONG_PASSWORD
    assert [(e.action, e.actor_name, e.note) for e in _events()] == [
        (AuditAction.LOGIN_FAILED, "ghost", "用户名不存在")
    ]


def test_missing_credentials_are_a_validation_error(people, api):
    response = api().post("/api/auth/token/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "提交的数据有误，请按提示修改。",
        "errors": {"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]},
    }


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(people, api):
    client = api()
    answers = [
        client.post("/api/auth/token/", {"username": "clerk_a", "password": f"wrong{i}pass"}, format="json")
        for i in range(5)
    ]
    sixth = client.post("/api/auth/token/", {"username": "clerk_a", "password": PASSWORD}, format="json")

    people.clerk_a.refresh_from_db()
    locked = {
        "code": "account_locked",
        "message": LOCKED_MESSAGE.format(
            time=timezone.localtime(people.clerk_a.locked_until).strftime("%H:%M")
        ),
        "errors": {},
    }
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 403]
    assert [a.json() for a in answers[:4]] == [WRONG_PASSWORD] * 4
    assert answers[4].json() == locked
    assert sixth.status_code == 403
    assert sixth.json() == locked
    assert people.clerk_a.is_locked
    assert not Token.objects.exists()
    assert [(e.action, e.note) for e in _events(object_id=str(people.clerk_a.pk))] == [
        (AuditAction.LOGIN_FAILED, "密码错误（连续第 1 次）"),
        (AuditAction.LOGIN_FAILED, "密码错误（连续第 2 次）"),
        (AuditAction.LOGIN_FAILED, "密码错误（连续第 3 次）"),
        (AuditAction.LOGIN_FAILED, "密码错误（连续第 4 次）"),
        (AuditAction.LOGIN_FAILED, "密码错误（连续第 5 次）"),
        (AuditAction.LOCKED, "连续 5 次登录失败，锁定 15 分钟"),
        (AuditAction.LOGIN_FAILED, "账号锁定期间尝试登录"),
    ]


def test_revoke_deletes_the_callers_token(people, api):
    token = Token.objects.create(user=people.clerk_a)
    other = Token.objects.create(user=people.clerk_b)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post("/api/auth/token/revoke/")
    after = client.get("/api/me/")

    assert response.status_code == 204
    assert list(Token.objects.values_list("key", flat=True)) == [other.key]
    assert [(e.action, e.note) for e in _events(actor=people.clerk_a)] == [
        (AuditAction.LOGOUT, "撤销 API 令牌")
    ]
    assert after.status_code == 403
    assert after.json() == {"code": "authentication_failed", "message": "认证令牌无效。", "errors": {}}


# --- organisation units ---------------------------------------------------------------------------


def test_clerk_lists_exactly_their_department_and_its_child(people, tree, api):
    rows = _results(api(people.clerk_a).get("/api/units/"))

    assert [(r["id"], r["name"]) for r in rows] == [
        (str(tree.dept_a.pk), "清河县市场监督管理局"),
        (str(tree.dept_a_child.pk), "城关市场监管所"),
    ]
    assert rows[0] == {
        "id": str(tree.dept_a.pk),
        "parent": str(tree.county.pk),
        "code": "qh-scj",
        "name": "清河县市场监督管理局",
        "short_name": "清市监",
        "kind": "department",
        "kind_display": "政府部门",
        "level": "county",
        "level_display": "县级",
        "division_code": "",
        "credit_code": "",
        "sort_order": 0,
        "is_active": True,
        "depth": 3,
    }


def test_unit_filters(people, tree, api):
    client = api(people.admin)

    assert [r["name"] for r in _results(client.get("/api/units/", {"kind": "town"}))] == ["城关镇"]
    assert [r["name"] for r in _results(client.get("/api/units/", {"q": "公安"}))] == ["清河县公安局"]
    assert [r["name"] for r in _results(client.get("/api/units/", {"q": "qh-scj"}))] == [
        "清河县市场监督管理局",
        "城关市场监管所",
    ]
    assert [r["name"] for r in _results(client.get("/api/units/", {"parent": str(tree.dept_a.pk)}))] == [
        "城关市场监管所"
    ]
    bad = client.get("/api/units/", {"parent": "not-a-uuid", "kind": "x"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "kind": ["参数取值不正确，可选值为：government、department、town、justice、other。"]
    }


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_admin_of_dept_a_cannot_touch_dept_b(people, tree, api, method):
    before = snapshot(tree.dept_b)
    events = AuditEvent.objects.count()
    payload = {"name": "改名", "code": "changed", "short_name": "改", "kind": "other", "level": "county"}

    response = getattr(api(people.admin_a), method)(f"/api/units/{tree.dept_b.pk}/", payload, format="json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert snapshot(OrgUnit.objects.get(pk=tree.dept_b.pk)) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("parent", ["dept_b", "unknown", "malformed"])
def test_creating_a_unit_under_an_unmanageable_parent_is_refused(people, tree, api, parent):
    parent_id = {"dept_b": str(tree.dept_b.pk), "unknown": str(uuid.uuid4()), "malformed": "xyz"}[parent]
    count = OrgUnit.objects.count()

    response = api(people.admin_a).post(
        "/api/units/",
        {
            "parent": parent_id,
            "name": "新科室",
            "code": "new-ks",
            "short_name": "新",
            "kind": "other",
            "level": "county",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == PARENT_REFUSED
    assert OrgUnit.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_admin_creates_a_unit_through_the_service(people, tree, api):
    response = api(people.admin_a).post(
        "/api/units/",
        {
            "parent": str(tree.dept_a.pk),
            "name": "执法大队",
            "code": "qh-scj-zfdd",
            "short_name": "执法",
            "kind": "other",
            "level": "county",
        },
        format="json",
    )

    unit = OrgUnit.objects.get(code="qh-scj-zfdd")
    assert response.status_code == 201
    assert response.json()["id"] == str(unit.pk)
    assert response.json()["parent"] == str(tree.dept_a.pk)
    assert (unit.path, unit.depth) == (f"{tree.dept_a.path}{unit.id.hex}/", 4)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_id, event.unit_id) == (
        AuditAction.CREATE,
        people.admin_a.pk,
        str(unit.pk),
        unit.pk,
    )


def test_unit_without_parent_needs_a_top_level_admin(people, api):
    count = OrgUnit.objects.count()

    response = api(people.admin).post(
        "/api/units/",
        {"name": "新省", "code": "xs", "short_name": "新", "kind": "government", "level": "province"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["只有顶层单位的系统管理员可以新建顶级单位，请选择上级单位。"]
    }
    assert OrgUnit.objects.count() == count


def test_duplicate_code_is_a_field_error(people, tree, api):
    response = api(people.admin).post(
        "/api/units/",
        {
            "parent": str(tree.county.pk),
            "name": "重复",
            "code": "qh-gaj",
            "short_name": "重",
            "kind": "other",
            "level": "county",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"code": ["具有 机构代码 的 组织机构 已存在。"]}


def test_clerk_and_leader_may_not_create_units(people, tree, api):
    count = OrgUnit.objects.count()
    payload = {
        "parent": str(tree.dept_a.pk),
        "name": "x",
        "code": "xx",
        "short_name": "x",
        "kind": "other",
        "level": "county",
    }

    for user in (people.clerk_a, people.leader):
        response = api(user).post("/api/units/", payload, format="json")
        assert response.status_code == 403
        assert response.json() == PERMISSION_DENIED
    assert OrgUnit.objects.count() == count


def test_rename_records_history_with_the_reason(people, tree, api):
    response = api(people.admin).patch(
        f"/api/units/{tree.dept_a.pk}/", {"name": "清河县市场监管局", "reason": "机构改革"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "清河县市场监管局"
    change = UnitChange.objects.get(unit=tree.dept_a)
    assert (change.kind, change.old_value, change.new_value, change.reason, change.changed_by_id) == (
        "rename",
        "清河县市场监督管理局",
        "清河县市场监管局",
        "机构改革",
        people.admin.pk,
    )


def test_parent_cannot_be_changed_by_update(people, tree, api):
    response = api(people.admin).patch(
        f"/api/units/{tree.dept_a_child.pk}/", {"parent": str(tree.town.pk)}, format="json"
    )

    assert response.status_code == 200
    tree.dept_a_child.refresh_from_db()
    assert tree.dept_a_child.parent_id == tree.dept_a.pk


def test_move_puts_the_subtree_under_the_new_parent(people, tree, api):
    response = api(people.admin).post(
        f"/api/units/{tree.dept_a.pk}/move/",
        {"parent": str(tree.town.pk), "reason": "划归城关镇"},
        format="json",
    )

    tree.dept_a.refresh_from_db()
    tree.dept_a_child.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["parent"] == str(tree.town.pk)
    assert response.json()["depth"] == 4
    assert tree.dept_a_child.path == f"{tree.town.path}{tree.dept_a.id.hex}/{tree.dept_a_child.id.hex}/"
    change = UnitChange.objects.get(unit=tree.dept_a)
    assert (change.kind, change.old_value, change.new_value, change.reason) == (
        "move",
        "清河县人民政府",
        "城关镇",
        "划归城关镇",
    )


def test_move_out_of_scope_or_into_own_subtree_is_refused(people, tree, api):
    before = snapshot(tree.dept_a)

    out_of_scope = api(people.admin_a).post(
        f"/api/units/{tree.dept_a_child.pk}/move/", {"parent": str(tree.dept_b.pk)}, format="json"
    )
    into_child = api(people.admin).post(
        f"/api/units/{tree.dept_a.pk}/move/", {"parent": str(tree.dept_a_child.pk)}, format="json"
    )

    assert out_of_scope.status_code == 400
    assert out_of_scope.json() == PARENT_REFUSED
    assert into_child.status_code == 400
    assert into_child.json()["errors"] == {"non_field_errors": ["不能把单位移到它自己或它的下级单位之下。"]}
    assert snapshot(OrgUnit.objects.get(pk=tree.dept_a.pk)) == before
    assert OrgUnit.objects.get(pk=tree.dept_a_child.pk).parent_id == tree.dept_a.pk
    assert not UnitChange.objects.exists()


def test_a_referenced_unit_is_not_deleted(people, tree, api):
    response = api(people.admin).delete(f"/api/units/{tree.dept_b.pk}/")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": [
            "“清河县公安局”仍被以下记录引用，不能删除：任职 1 条。如该单位已撤销，请改为停用。"
        ]
    }
    assert OrgUnit.objects.filter(pk=tree.dept_b.pk).exists()


def test_an_unreferenced_unit_is_deleted_and_audited(people, tree, api):
    response = api(people.admin).delete(f"/api/units/{tree.town.pk}/")

    assert response.status_code == 204
    assert not OrgUnit.objects.filter(pk=tree.town.pk).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.actor_id) == (
        AuditAction.DELETE,
        str(tree.town.pk),
        people.admin.pk,
    )


def test_deactivate_and_activate_a_unit(people, tree, api):
    client = api(people.admin)

    refused = client.post(f"/api/units/{tree.dept_a.pk}/deactivate/", {"reason": "撤销"}, format="json")
    child = client.post(f"/api/units/{tree.dept_a_child.pk}/deactivate/", {"reason": "撤销"}, format="json")
    back = client.post(f"/api/units/{tree.dept_a_child.pk}/activate/", {}, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "non_field_errors": ["该单位还有启用中的下级单位，请先停用下级单位。"]
    }
    assert (child.status_code, child.json()["is_active"]) == (200, False)
    assert (back.status_code, back.json()["is_active"]) == (200, True)
    assert list(UnitChange.objects.order_by("id").values_list("kind", flat=True)) == [
        "deactivate",
        "reactivate",
    ]


# --- users ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/users/", "/api/audit/", "/api/memberships/", "/api/audit/verify/"])
def test_clerk_is_refused_users_memberships_and_audit(people, api, path):
    response = api(people.clerk_a).get(path)

    assert response.status_code == 403
    assert response.json() == PERMISSION_DENIED


def test_user_list_is_scoped_and_masked(people, tree, api):
    User.objects.filter(pk=people.clerk_a.pk).update(phone="13812345678", id_number="110105199001011234")

    rows = _results(api(people.admin_a).get("/api/users/"))

    assert [r["username"] for r in rows] == ["admin_a", "clerk_a"]
    clerk = rows[1]
    assert (clerk["phone"], clerk["id_number"]) == ("138****5678", "110***********1234")
    assert [(m["unit_name"], m["role"]) for m in clerk["memberships"]] == [("清河县市场监督管理局", "clerk")]
    assert "13812345678" not in str(rows)
    assert "110105199001011234" not in str(rows)


def test_user_memberships_outside_the_viewers_scope_are_not_shown(people, tree, api):
    Membership.objects.create(user=people.clerk_a, unit=tree.dept_b, role=Role.LEADER)

    seen_by_admin_a = api(people.admin_a).get(f"/api/users/{people.clerk_a.pk}/").json()
    seen_by_admin = api(people.admin).get(f"/api/users/{people.clerk_a.pk}/").json()

    assert [m["unit_name"] for m in seen_by_admin_a["memberships"]] == ["清河县市场监督管理局"]
    assert sorted(m["unit_name"] for m in seen_by_admin["memberships"]) == [
        "清河县公安局",
        "清河县市场监督管理局",
    ]


def test_user_filters(people, tree, api):
    client = api(people.admin)

    assert [r["username"] for r in _results(client.get("/api/users/", {"unit": str(tree.dept_b.pk)}))] == [
        "clerk_b"
    ]
    assert [r["username"] for r in _results(client.get("/api/users/", {"q": "审计"}))] == ["auditor"]


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("patch", ""), ("post", "unlock/"), ("post", "deactivate/"), ("post", "reveal/")],
)
def test_admin_of_dept_a_cannot_touch_a_user_of_dept_b(people, api, method, suffix):
    before = snapshot(people.clerk_b)
    events = AuditEvent.objects.count()

    response = getattr(api(people.admin_a), method)(
        f"/api/users/{people.clerk_b.pk}/{suffix}", {"full_name": "改名"}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert snapshot(User.objects.get(pk=people.clerk_b.pk)) == before
    assert AuditEvent.objects.count() == events


def test_reveal_returns_full_values_and_is_audited(people, tree, api):
    User.objects.filter(pk=people.clerk_a.pk).update(phone="13812345678", id_number="110105199001011234")

    response = api(people.admin_a).post(f"/api/users/{people.clerk_a.pk}/reveal/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "id": str(people.clerk_a.pk),
        "username": "clerk_a",
        "full_name": "市场监管经办人",
        "phone": "13812345678",
        "id_number": "110105199001011234",
    }
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_id, event.unit_id, event.note) == (
        AuditAction.VIEW_SENSITIVE,
        people.admin_a.pk,
        str(people.clerk_a.pk),
        tree.dept_a.pk,
        "查看完整身份证号和手机号",
    )


def test_admin_creates_a_user_with_a_first_membership(people, tree, api):
    response = api(people.admin_a).post(
        "/api/users/",
        {
            "username": "zhangsan",
            "full_name": "张三",
            "password": "Qinghe2026x",
            "unit": str(tree.dept_a_child.pk),
            "role": "clerk",
            "phone": "13900001111",
            "id_number": "110105199001011232",
        },
        format="json",
    )

    user = User.objects.get(username="zhangsan")
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["phone"], body["id_number"]) == (
        str(user.pk),
        "139****1111",
        "110***********1232",
    )
    assert "password" not in body
    assert user.check_password("Qinghe2026x")
    assert list(user.memberships.values_list("unit_id", "role")) == [(tree.dept_a_child.pk, "clerk")]
    assert [e.action for e in _events()] == [AuditAction.CREATE, AuditAction.CREATE]


def test_weak_password_is_refused_with_the_validators_messages(people, tree, api):
    count = User.objects.count()

    response = api(people.admin_a).post(
        "/api/users/",
        {
            "username": "lisi",
            "full_name": "李四",
            "password": "abcdefgh",
            "unit": str(tree.dept_a.pk),
            "role": "clerk",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "password": ["密码太短，至少包含 10 个字符。", "这个密码太常见了。", "密码必须同时包含字母和数字。"]
    }
    assert User.objects.count() == count


def test_user_cannot_be_created_in_an_out_of_scope_unit(people, tree, api):
    count = User.objects.count()

    response = api(people.admin_a).post(
        "/api/users/",
        {
            "username": "lisi",
            "full_name": "李四",
            "password": "Qinghe2026x",
            "unit": str(tree.dept_b.pk),
            "role": "clerk",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"unit": ["单位不存在或不在您的管理范围内。"]}
    assert User.objects.count() == count


def test_partial_update_goes_through_the_service(people, api):
    response = api(people.admin_a).patch(
        f"/api/users/{people.clerk_a.pk}/", {"full_name": "王五", "phone": "13700002222"}, format="json"
    )

    people.clerk_a.refresh_from_db()
    assert response.status_code == 200
    assert (response.json()["full_name"], response.json()["phone"]) == ("王五", "137****2222")
    assert (people.clerk_a.full_name, people.clerk_a.phone) == ("王五", "13700002222")
    event = AuditEvent.objects.get()
    assert event.changes == {"full_name": ["市场监管经办人", "王五"], "phone": ["", "137****2222"]}


def test_invalid_phone_is_a_field_error(people, api):
    response = api(people.admin_a).patch(
        f"/api/users/{people.clerk_a.pk}/", {"phone": "138****5678"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["phone"]
    people.clerk_a.refresh_from_db()
    assert people.clerk_a.phone == ""


def test_unlock_deactivate_activate(people, api):
    User.objects.filter(pk=people.clerk_a.pk).update(
        locked_until=timezone.now() + datetime.timedelta(minutes=10), failed_login_count=3
    )
    client = api(people.admin_a)

    unlocked = client.post(f"/api/users/{people.clerk_a.pk}/unlock/")
    deactivated = client.post(f"/api/users/{people.clerk_a.pk}/deactivate/")
    activated = client.post(f"/api/users/{people.clerk_a.pk}/activate/")
    self_off = client.post(f"/api/users/{people.admin_a.pk}/deactivate/")

    people.clerk_a.refresh_from_db()
    assert (unlocked.status_code, unlocked.json()["is_locked"], unlocked.json()["locked_until"]) == (
        200,
        False,
        None,
    )
    assert (deactivated.status_code, deactivated.json()["is_active"]) == (200, False)
    assert (activated.status_code, activated.json()["is_active"]) == (200, True)
    assert (people.clerk_a.locked_until, people.clerk_a.failed_login_count, people.clerk_a.is_active) == (
        None,
        0,
        True,
    )
    assert self_off.status_code == 400
    assert self_off.json()["errors"] == {"non_field_errors": ["不能停用自己的账号。"]}
    assert [e.action for e in _events()] == [AuditAction.UNLOCKED, AuditAction.UPDATE, AuditAction.UPDATE]


def test_users_are_not_replaced_or_deleted_through_the_api(people, api):
    client = api(people.admin)

    put = client.put(f"/api/users/{people.clerk_a.pk}/", {"full_name": "x"}, format="json")
    delete = client.delete(f"/api/users/{people.clerk_a.pk}/")

    assert (put.status_code, delete.status_code) == (405, 405)
    assert put.json()["code"] == "method_not_allowed"
    assert User.objects.filter(pk=people.clerk_a.pk).exists()


# --- memberships ----------------------------------------------------------------------------------


def test_membership_list_is_scoped_and_filtered(people, tree, api):
    client = api(people.admin_a)

    rows = _results(client.get("/api/memberships/"))
    mine = _results(client.get("/api/memberships/", {"user": str(people.clerk_a.pk)}))
    child = _results(client.get("/api/memberships/", {"unit": str(tree.dept_a_child.pk)}))

    assert sorted(r["username"] for r in rows) == ["admin_a", "clerk_a"]
    assert [(r["username"], r["unit_name"], r["role_display"]) for r in mine] == [
        ("clerk_a", "清河县市场监督管理局", "经办人")
    ]
    assert child == []


def test_membership_add_and_remove(people, tree, api):
    client = api(people.admin_a)

    created = client.post(
        "/api/memberships/",
        {"user": str(people.clerk_a.pk), "unit": str(tree.dept_a_child.pk), "role": "leader"},
        format="json",
    )
    membership = Membership.objects.get(user=people.clerk_a, unit=tree.dept_a_child)
    duplicate = client.post(
        "/api/memberships/",
        {"user": str(people.clerk_a.pk), "unit": str(tree.dept_a_child.pk), "role": "leader"},
        format="json",
    )
    removed = client.delete(f"/api/memberships/{membership.pk}/")

    assert created.status_code == 201
    assert created.json()["id"] == str(membership.pk)
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"] == {"role": ["该用户在此单位已有相同角色的任职。"]}
    assert removed.status_code == 204
    assert not Membership.objects.filter(user=people.clerk_a, unit=tree.dept_a_child).exists()
    assert [e.action for e in _events()] == [AuditAction.CREATE, AuditAction.DELETE]


def test_membership_for_an_invisible_user_or_unit_is_refused(people, tree, api):
    count = Membership.objects.count()
    client = api(people.admin_a)

    invisible_user = client.post(
        "/api/memberships/",
        {"user": str(people.clerk_b.pk), "unit": str(tree.dept_a.pk), "role": "clerk"},
        format="json",
    )
    invisible_unit = client.post(
        "/api/memberships/",
        {"user": str(people.clerk_a.pk), "unit": str(tree.dept_b.pk), "role": "clerk"},
        format="json",
    )

    assert invisible_user.json()["errors"] == {"user": ["用户不存在或不在您的管理范围内。"]}
    assert invisible_unit.json()["errors"] == {"unit": ["单位不存在或不在您的管理范围内。"]}
    assert (invisible_user.status_code, invisible_unit.status_code) == (400, 400)
    assert Membership.objects.count() == count


def test_out_of_scope_membership_cannot_be_removed(people, api):
    membership = Membership.objects.get(user=people.clerk_b)

    response = api(people.admin_a).delete(f"/api/memberships/{membership.pk}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- audit ----------------------------------------------------------------------------------------


def _some_events(people, api):
    client = api()
    client.post("/api/auth/token/", {"username": "clerk_a", "password": "wrong1pass"}, format="json")
    client.post("/api/auth/token/", {"username": "clerk_b", "password": PASSWORD}, format="json")


def test_auditor_reads_and_filters_the_log(people, tree, api):
    _some_events(people, api)
    client = api(people.auditor)

    everything = _results(client.get("/api/audit/"))
    failed = _results(client.get("/api/audit/", {"action": "login_failed"}))
    today = timezone.localdate().isoformat()
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    in_range = _results(client.get("/api/audit/", {"since": today, "until": today}))
    before = _results(client.get("/api/audit/", {"until": yesterday}))
    by_type = _results(client.get("/api/audit/", {"object_type": "core.user"}))
    bad = client.get("/api/audit/", {"since": "2026-13-01"})

    assert [(e["action"], e["actor_name"], e["unit_name"]) for e in everything] == [
        ("login", "公安经办人", "清河县公安局"),
        ("login_failed", "市场监管经办人", "清河县市场监督管理局"),
    ]
    assert everything[0]["action_display"] == "登录"
    assert [e["action"] for e in failed] == ["login_failed"]
    assert len(in_range) == 2
    assert before == []
    assert len(by_type) == 2
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"since": ["日期格式不正确，应为 YYYY-MM-DD。"]}


def test_audit_is_scoped_to_the_readers_units(people, api):
    _some_events(people, api)

    rows = _results(api(people.admin_a).get("/api/audit/"))
    other = _results(api(people.admin_other).get("/api/audit/"))

    assert [e["actor_name"] for e in rows] == ["市场监管经办人"]
    assert other == []


def test_audit_verify_reports_an_intact_and_a_broken_chain(people, api):
    _some_events(people, api)
    client = api(people.auditor)

    intact = client.get("/api/audit/verify/")
    first = AuditEvent.objects.order_by("seq").first()
    with connection.cursor() as cursor:
        # Tampering behind the ORM's back, as an intruder with database access would.
        table = AuditEvent._meta.db_table
        cursor.execute(f"UPDATE {table} SET note = %s WHERE seq = %s", ["改动", first.seq])  # noqa: S608
    broken = client.get("/api/audit/verify/")

    assert intact.status_code == 200
    assert intact.json() == {"ok": True, "checked": 2}
    assert broken.json() == {
        "ok": False,
        "checked": 0,
        "broken_seq": first.seq,
        "reason": f"第 {first.seq} 条记录的内容与其哈希不符，已被改动",
    }


def test_audit_retrieve_by_sequence_number(people, api):
    _some_events(people, api)
    event = AuditEvent.objects.order_by("seq").first()

    response = api(people.auditor).get(f"/api/audit/{event.seq}/")

    assert response.status_code == 200
    assert (response.json()["seq"], response.json()["hash"]) == (event.seq, event.hash)


def test_expired_token_is_refused_and_a_fresh_one_is_issued(people, client):
    import datetime

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from tests.factories import PASSWORD

    old = client.post(
        "/api/auth/token/", {"username": "clerk_a", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - datetime.timedelta(hours=13))
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {old}")
    assert response.status_code in (401, 403)
    assert response.json()["message"] == "API 令牌已过期，请重新获取。"
    new = client.post(
        "/api/auth/token/", {"username": "clerk_a", "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    assert new != old
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
