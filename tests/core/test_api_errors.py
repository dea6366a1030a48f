"""Every API error is JSON with a stable code and a Chinese message; the schema and docs work offline."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from rest_framework.test import APIClient, APIRequestFactory

from fazhi.core.api.base import ScopedModelViewSet
from fazhi.core.api.errors import exception_handler
from fazhi.core.models import OrgUnit, User
from fazhi.core.scoping import ScopeViolation

NOT_AUTHENTICATED = {"code": "not_authenticated", "message": "请先登录。", "errors": {}}
NOT_FOUND = {"code": "not_found", "message": "未找到该记录。", "errors": {}}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/me/"),
        ("get", "/api/units/"),
        ("post", "/api/units/"),
        ("get", "/api/users/"),
        ("get", "/api/memberships/"),
        ("get", "/api/audit/"),
        ("get", "/api/audit/verify/"),
        ("post", "/api/auth/token/revoke/"),
    ],
)
def test_anonymous_gets_not_authenticated_json(tree, method, path):
    count = OrgUnit.objects.count()

    response = getattr(APIClient(), method)(path, {}, format="json")

    # Session authentication comes first in settings, so DRF answers 403 (no WWW-Authenticate challenge).
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_AUTHENTICATED
    assert OrgUnit.objects.count() == count


def test_unknown_and_malformed_ids_are_not_found_in_chinese(people):
    client = _client(people.admin)

    for path in (
        f"/api/units/{uuid.uuid4()}/",
        f"/api/users/{uuid.uuid4()}/",
        f"/api/memberships/{uuid.uuid4()}/",
        "/api/audit/999999/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == NOT_FOUND, path


@pytest.mark.parametrize("path", ["/api/no-such-endpoint/", "/api/units/not-a-uuid/", "/api/audit/abc/"])
def test_an_unrouted_api_address_is_a_json_404(people, path):
    response = _client(people.admin).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "message": "未找到该接口地址。", "errors": {}}


def test_method_not_allowed_is_json(people):
    response = _client(people.admin).put("/api/memberships/", {}, format="json")

    assert response.status_code == 405
    assert response.json() == {"code": "method_not_allowed", "message": "不支持该请求方法。", "errors": {}}


def test_malformed_json_is_a_parse_error(people):
    response = _client(people.admin).post("/api/units/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "message": "请求内容无法解析。", "errors": {}}


def test_invalid_token_names_the_token(people):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get("/api/me/")

    assert response.status_code == 403
    assert response.json() == {"code": "authentication_failed", "message": "认证令牌无效。", "errors": {}}


# --- the handler itself ---------------------------------------------------------------------------


def _handle(exc):
    request = APIRequestFactory().get("/api/units/")
    return exception_handler(exc, {"request": request, "view": None})


def test_scope_violation_is_403_out_of_scope():
    response = _handle(ScopeViolation())

    assert response.status_code == 403
    assert response.data == {
        "code": "out_of_scope",
        "message": "该操作会使记录超出您的管辖范围，已取消，未作任何修改。",
        "errors": {},
    }


def test_a_services_validation_error_becomes_400_with_its_messages():
    field_errors = _handle(DjangoValidationError({"name": ["名称不能为空。"], "__all__": ["整体有误。"]}))
    plain = _handle(DjangoValidationError("不能停用自己的账号。"))

    assert field_errors.status_code == 400
    assert field_errors.data == {
        "code": "invalid",
        "message": "提交的数据有误，请按提示修改。",
        "errors": {"name": ["名称不能为空。"], "non_field_errors": ["整体有误。"]},
    }
    assert plain.data["errors"] == {"non_field_errors": ["不能停用自己的账号。"]}


def test_a_services_restricted_lookup_that_finds_nothing_is_404():
    response = _handle(OrgUnit.DoesNotExist())

    assert response.status_code == 404
    assert response.data == NOT_FOUND


def test_an_unmapped_write_action_fails_closed():
    class Careless(ScopedModelViewSet):
        model = OrgUnit

    view = Careless()
    view.action = "merge"
    view.request = APIRequestFactory().post("/api/units/x/merge/")

    with pytest.raises(ImproperlyConfigured):
        view.scope_action()
    view.request = APIRequestFactory().get("/api/units/x/merge/")
    assert view.scope_action() == "view"


# --- schema and docs ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_is_an_openapi_3_document():
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.0.3"
    assert schema["info"]["title"] == "fazhi 法治政府建设工作平台 API"
    assert {
        "/api/auth/token/",
        "/api/auth/token/revoke/",
        "/api/me/",
        "/api/units/",
        "/api/units/{id}/move/",
        "/api/users/",
        "/api/users/{id}/reveal/",
        "/api/memberships/",
        "/api/audit/",
        "/api/audit/verify/",
    } <= set(schema["paths"])
    assert set(schema["components"]["securitySchemes"]) == {"cookieAuth", "tokenAuth"}


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert (tmp_path / "schema.yml").read_text(encoding="utf-8").startswith("openapi: 3.0.3")


@pytest.mark.django_db
def test_docs_page_is_served_without_any_external_host():
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    for external in ("cdn.", "jsdelivr", "unpkg", "http://", "https://"):
        assert external not in html, external


def test_options_lists_only_the_writes_the_user_may_make(people, tree):
    admin = _client(people.admin).options("/api/units/")
    clerk = _client(people.clerk_a).options("/api/units/")

    assert admin.status_code == 200
    assert list(admin.json()["actions"]) == ["POST"]
    assert clerk.status_code == 200
    assert "actions" not in clerk.json()
