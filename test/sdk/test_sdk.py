"""The QilbeeDB Python SDK (0.2.x, from PyPI, unchanged) against the Qilbee edge."""
import uuid

import pytest
import requests
from qilbeedb.exceptions import AuthenticationError, PermissionDeniedError

from conftest import ADMIN_USERNAME, client, strong_password


def test_health_needs_no_credentials():
    assert client().health()["status"] == "healthy"


def test_login_returns_tokens_and_wrong_password_raises():
    db = client()
    data = db.login(ADMIN_USERNAME, __import__("conftest").ADMIN_PASSWORD)
    assert data["access_token"] and data["refresh_token"] and data["token_type"] == "Bearer"
    assert data["username"] == ADMIN_USERNAME and data["user_id"]
    assert db.is_authenticated()
    with pytest.raises(AuthenticationError):
        client().login(ADMIN_USERNAME, "not-the-password")


def test_logout_posts_without_body_and_the_token_stops_working(admin, new_user):
    _, username, password = new_user
    db = client()
    token = db.login(username, password)["access_token"]
    db.logout()
    reply = requests.get(f"{db.base_url}/api/v1/api-keys", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert reply.status_code == 401


def test_refresh_twice_with_the_original_refresh_token(new_user):
    _, username, password = new_user
    db = client()
    db.login(username, password)
    first = db.refresh_token()
    second = db.refresh_token()  # the SDK re-sends the refresh token it got at login
    assert first and second and first != second
    assert db.list_api_keys() == []


def test_user_crud_and_roles(admin):
    username = "crud_" + uuid.uuid4().hex[:8]
    user = admin.create_user(username, strong_password(), email=f"{username}@example.com", roles=["Developer"])
    assert user["username"] == username and user["roles"] == ["Developer"] and user["is_active"] is True
    assert username in [u["username"] for u in admin.list_users()]
    assert admin.get_user(user["id"])["username"] == username
    updated = admin.update_user(user["id"], password=strong_password(), roles=["DataScientist"])
    assert updated["roles"] == ["DataScientist"]
    assert admin.update_user_roles(user["id"], ["Agent"])["roles"] == ["Agent"]
    assert admin.delete_user(user["id"]) is True
    assert admin.delete_user(user["id"]) is False


def test_create_user_without_email(admin):
    """The SDK sends `email` only when given; such users are created with an empty email."""
    username = "noemail_" + uuid.uuid4().hex[:8]
    user = admin.create_user(username, strong_password())
    assert user["username"] == username
    assert user["email"] == ""
    assert user["roles"] == ["Read"]


def test_api_keys_create_list_use_delete(admin, new_user):
    _, username, password = new_user
    owner = client()
    owner.login(username, password)
    created = owner.create_api_key("sdk-key")
    assert created["key"].startswith("qilbee_live_") and created["id"]
    assert created["id"] in [k["id"] for k in owner.list_api_keys()]
    by_key = client(api_key=created["key"])
    assert created["id"] in [k["id"] for k in by_key.list_api_keys()]
    assert admin.delete_api_key(created["id"]) is True
    with pytest.raises(AuthenticationError):
        by_key.list_api_keys()


def test_set_api_key_switches_from_jwt(new_user):
    _, username, password = new_user
    db = client()
    db.login(username, password)
    key = db.create_api_key("switch")["key"]
    db.set_api_key(key)
    assert "Authorization" not in db.session.headers
    assert isinstance(db.list_api_keys(), list)


def test_another_users_key_cannot_be_deleted(admin, new_user):
    _, username, password = new_user
    admin_key = admin.create_api_key("admin-only")
    other = client()
    other.login(username, password)
    assert other.delete_api_key(admin_key["id"]) is False
    assert admin.delete_api_key(admin_key["id"]) is True


def test_rate_limit_policies(admin):
    name = "sdk-" + uuid.uuid4().hex[:6]
    policy = admin.create_rate_limit_policy(name, "GeneralApi", 5000, 3600)
    custom = admin.create_rate_limit_policy(name + "-c", {"Custom": "/graphs/sdk"}, 10, 60, enabled=False)
    assert custom["endpoint_type"] == {"Custom": "/graphs/sdk"}
    assert name in [p["name"] for p in admin.list_rate_limit_policies()]
    assert admin.get_rate_limit_policy(policy["id"])["max_requests"] == 5000
    assert admin.update_rate_limit_policy(policy["id"], max_requests=6000)["max_requests"] == 6000
    assert admin.delete_rate_limit_policy(policy["id"]) is True
    assert admin.delete_rate_limit_policy(custom["id"]) is True


def test_audit_queries(admin, new_user):
    _, username, _ = new_user
    with pytest.raises(AuthenticationError):
        client().login(username, "wrong-password")
    logs = admin.get_audit_logs(limit=100)
    assert set(logs) >= {"events", "count", "limit"}
    assert isinstance(admin.get_failed_logins(), list)
    assert isinstance(admin.get_user_audit_events(username), list)
    assert isinstance(admin.get_security_events(), list)
    assert isinstance(admin.get_audit_logs(event_type="login_failed", result="failure", start_time="2020-01-01T00:00:00Z"), dict)


def test_revoke_token_and_revoke_all(admin, new_user):
    user, username, password = new_user
    db = client()
    token = db.login(username, password)["access_token"]
    result = admin.revoke_token(token)
    assert result["success"] is True and result["jti"]
    with pytest.raises(requests.HTTPError):
        admin.revoke_token("garbage")
    db.login(username, password)
    everything = admin.revoke_all_tokens(user["id"], reason="security_incident")
    assert everything["success"] is True and everything["user_id"] == user["id"]


def test_lockouts(admin, new_user):
    _, username, password = new_user
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            client().login(username, "wrong-password")
    status = admin.get_lockout_status(username)
    assert status["status"]["locked"] is True
    assert username in [entry[0] for entry in admin.get_locked_accounts()["locked_users"]]
    with pytest.raises(AuthenticationError):
        client().login(username, password)  # 429 while locked
    assert admin.unlock_account(username)["success"] is True
    client().login(username, password)
    assert admin.lock_account(username, reason="sdk")["success"] is True
    assert admin.unlock_account(username)["success"] is True
    missing = admin.unlock_account("never_seen_" + uuid.uuid4().hex[:6])
    assert missing["success"] is False


def test_non_admin_is_refused(new_user):
    user, username, password = new_user
    db = client()
    db.login(username, password)
    with pytest.raises(PermissionDeniedError):
        db.get_locked_accounts()
    with pytest.raises(PermissionDeniedError):
        db.revoke_all_tokens(user["id"])
    with pytest.raises(AuthenticationError):
        db.get_audit_logs()
    with pytest.raises(requests.HTTPError):
        db.create_user("x_" + uuid.uuid4().hex[:6], strong_password(), email="x@example.com")
