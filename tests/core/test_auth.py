import datetime

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.choices import AuditAction
from fazhi.core.models import AuditEvent, User
from tests.factories import PASSWORD


def _post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_and_each_is_audited(client, people):
    for _attempt in range(1, 6):
        response = _post_login(client, "clerk_a", "wrong-password-1")
        assert response.status_code == 200
    user = User.objects.get(username="clerk_a")
    assert user.is_locked
    assert user.locked_until > timezone.now() + datetime.timedelta(minutes=14)
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk))
    assert failures.count() == 5
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED, object_id=str(user.pk)).count() == 1
    assert "锁定" in response.content.decode()

    response = _post_login(client, "clerk_a", PASSWORD)  # the right password, still refused
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "已被锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk)).count() == 6


def test_lock_expires_after_fifteen_minutes(client, people):
    for _ in range(5):
        _post_login(client, "clerk_a", "wrong-password-1")
    User.objects.filter(username="clerk_a").update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = _post_login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302
    assert User.objects.get(username="clerk_a").failed_login_count == 0


def test_success_resets_the_failure_count(client, people):
    for _ in range(4):
        _post_login(client, "clerk_a", "wrong-password-1")
    assert User.objects.get(username="clerk_a").failed_login_count == 4
    assert _post_login(client, "clerk_a", PASSWORD).status_code == 302
    assert User.objects.get(username="clerk_a").failed_login_count == 0
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, object_id=str(people.clerk_a.pk)).count() == 1


def test_unknown_username_is_audited_without_a_user(client, db):
    response = _post_login(client, "nobody-here", "whatever123")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_name == "nobody-here"


def test_logout_is_audited(login, people):
    client = login(people.clerk_a)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, object_id=str(people.clerk_a.pk)).count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1a", "至少包含 10 个字符"),
        ("onlyletterslong", "必须同时包含字母和数字"),
        ("1234567890123", "必须同时包含字母和数字"),
    ],
)
def test_password_rules(db, password, message):
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password(password, User(username="u", full_name="某某"))
    assert any(message in m for m in exc.value.messages)


def test_acceptable_password(db):
    password_validation.validate_password("Qinghe2026abc", User(username="u", full_name="某某"))


def test_idle_session_ends_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_protected_pages_redirect_anonymous_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_csrf_is_enforced_on_login(db, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "clerk_a", "password": PASSWORD})
    assert response.status_code == 403
