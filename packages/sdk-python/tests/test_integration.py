"""The SDK against a running platform (QILBEE_URL). Skipped only when QILBEE_URL is unset;
`npm test` (test/sdk-python.e2e.test.ts) always sets it."""
import os
import time
import uuid
from datetime import datetime, timezone

import pytest
import requests

from qilbee_security import (
    AccountLockedError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    QilbeeSecurity,
    RateLimitError,
    ValidationError,
)

URL = os.environ.get("QILBEE_URL")
pytestmark = pytest.mark.skipif(not URL, reason="QILBEE_URL not set: no running platform")
ADMIN = os.environ.get("QILBEE_ADMIN_USERNAME", "admin")
ADMIN_PASSWORD = os.environ.get("QILBEE_ADMIN_PASSWORD", "")


def client(**config):
    return QilbeeSecurity({"uri": URL, "timeout": 15, **config})


def strong_password():
    return "Py!Sdk9#" + uuid.uuid4().hex[:12]


def eventually(probe, timeout=15.0):
    """Polls until probe() is truthy (Kafka-fed views converge asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.2)


def raw_status(path, token=None, api_key=None):
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if api_key:
        headers["X-API-Key"] = api_key
    return requests.get(URL + path, headers=headers, timeout=10).status_code


def raw_refresh(refresh_token):
    return requests.post(URL + "/api/v1/auth/refresh", json={"refresh_token": refresh_token}, timeout=10).status_code


@pytest.fixture(scope="module")
def admin():
    db = client(timeout=60)  # audit verification reads the chain: slow on a busy shared server
    db.login(ADMIN, ADMIN_PASSWORD)
    yield db
    db.logout()


@pytest.fixture()
def user(admin):
    """A fresh Read user: (record, password); deleted afterwards."""
    username = "py_" + uuid.uuid4().hex[:10]
    password = strong_password()
    record = admin.create_user(username, f"{username}@example.com", password, roles=["Read"])
    yield record, password
    try:
        admin.delete_user(record["id"])
    except NotFoundError:
        pass


def test_health_and_jwks_need_no_credentials():
    anonymous = client()
    assert anonymous.health()["status"] == "healthy"
    keys = anonymous.jwks()["keys"]
    assert keys and all(k.get("kid") for k in keys)


def test_login_then_refresh_rotates_and_reuse_is_refused(user):
    record, password = user
    db = client()
    pair = db.login(record["username"], password)
    assert pair["token_type"] == "Bearer" and pair["user_id"] == record["id"]
    first_refresh = db.refresh_token
    second = db.refresh()
    third = db.refresh()  # works only because the SDK stored the rotated refresh token
    assert len({first_refresh, second["refresh_token"], third["refresh_token"]}) == 3
    assert db.get_user(record["id"])["username"] == record["username"]
    assert raw_refresh(first_refresh) == 401  # reuse of a rotated token is refused


def test_automatic_refresh_before_expiry_keeps_the_session_alive(user):
    record, password = user
    # A skew larger than the token lifetime makes every call refresh first: each one must rotate.
    db = client(refresh_skew_seconds=100_000)
    db.login(record["username"], password)
    seen = {db.refresh_token}
    for _ in range(3):
        assert db.get_user(record["id"])["id"] == record["id"]
        seen.add(db.refresh_token)
    assert len(seen) == 4


def test_logout_really_revokes_access_and_refresh_tokens(user):
    record, password = user
    db = client()
    db.login(record["username"], password)
    access, refresh = db.access_token, db.refresh_token
    assert raw_status(f"/api/v1/users/{record['id']}", token=access) == 200
    assert db.logout()["success"] is True
    assert db.auth_method is None
    assert raw_status(f"/api/v1/users/{record['id']}", token=access) == 401
    assert raw_refresh(refresh) == 401


def test_switching_between_api_key_and_jwt_leaves_no_stale_header(admin, user):
    record, password = user
    db = client()
    db.login(record["username"], password)
    key = db.create_api_key("switch")
    db.set_api_key(key["key"])
    assert db.auth_method == "api_key"
    assert key["id"] in [k["id"] for k in db.list_api_keys()]
    # Logging in as someone else: a leftover X-API-Key of another user would make the edge answer 401.
    db.login(ADMIN, ADMIN_PASSWORD)
    assert db.get_user(record["id"])["id"] == record["id"]
    assert admin.list_users(limit=1)["users"]
    db.logout()


def test_user_crud_roles_and_error_mapping(admin, user):
    record, password = user
    username = "crud_" + uuid.uuid4().hex[:8]
    created = admin.create_user(username, f"{username}@example.com", strong_password(), roles=["Developer"])
    assert created["roles"] == ["Developer"] and created["is_active"] is True
    with pytest.raises(ConflictError):
        admin.create_user(username, f"other_{username}@example.com", strong_password())
    with pytest.raises(ValidationError) as weak:
        admin.create_user("weak_" + uuid.uuid4().hex[:6], "weak@example.com", "short")
    assert weak.value.code == "weak_password" and "min_length" in weak.value.violations
    with pytest.raises(ValidationError) as missing:
        admin.create_user("", "not-an-email", strong_password())
    assert {"username", "email"} <= set(missing.value.fields), missing.value.body
    assert admin.set_user_roles(created["id"], ["Agent"])["roles"] == ["Agent"]
    assert admin.update_user(created["id"], email=f"new_{username}@example.com")["email"] == f"new_{username}@example.com"
    assert created["id"] in [u["id"] for u in admin.iter_users(page_size=2)]
    assert admin.delete_user(created["id"])["success"] is True
    with pytest.raises(NotFoundError):
        admin.get_user(created["id"])

    me = client()
    me.login(record["username"], password)
    with pytest.raises(PermissionDeniedError) as denied:
        me.list_users()
    assert denied.value.status == 403 and denied.value.request_id
    with pytest.raises(ValidationError) as wrong:
        me.update_user(record["id"], password=strong_password(), current_password="not-my-password")
    assert wrong.value.code == "invalid_current_password"
    me.logout()


def test_api_keys_create_scope_rotate_with_grace_revoke(admin, user):
    record, password = user
    owner = client()
    owner.login(record["username"], password)
    created = owner.create_api_key("ci", expires_in_days=7, permissions=["GraphRead"])
    assert created["key"].startswith("qilbee_live_") and created["expires_at"]
    with pytest.raises(PermissionDeniedError):
        owner.create_api_key("too-much", permissions=["UserDelete"])  # more than the owner holds
    listed = {k["id"]: k for k in owner.list_api_keys()}
    assert listed[created["id"]]["is_active"] is True
    assert created["id"] in [k["id"] for k in admin.list_api_keys(user_id=record["id"])]

    service = client(api_key=created["key"])
    rotated = service.rotate_api_key(created["key"], new_name="ci-2", grace_period_seconds=120)
    assert rotated["id"] != created["id"] and rotated["name"] == "ci-2"
    assert raw_status("/api/v1/api-keys", api_key=created["key"]) == 200  # still inside the grace period
    assert service.list_api_keys() and service.auth_method == "api_key"
    assert service._auth.api_key == rotated["key"]  # the client switched to the new key
    assert raw_status("/api/v1/api-keys", api_key=rotated["key"]) == 200

    admin_key = admin.create_api_key("not-yours")
    with pytest.raises(NotFoundError):  # another user's key id: 404, never 403, so ids cannot be probed
        service.revoke_api_key(admin_key["id"])
    admin.revoke_api_key(admin_key["id"])
    assert owner.revoke_api_key(rotated["id"])["success"] is True
    assert eventually(lambda: raw_status("/api/v1/api-keys", api_key=rotated["key"]) == 401)
    assert rotated["id"] not in [k["id"] for k in owner.list_api_keys()]
    assert rotated["id"] in [k["id"] for k in owner.list_api_keys(include_revoked=True)]
    owner.logout()


def test_lockouts_lock_status_list_unlock(admin, user):
    record, password = user
    name = record["username"]
    assert admin.lockout_status(name)["status"]["locked"] is False
    locked = admin.lock_user(name, reason="sdk test")
    assert locked["status"]["locked"] is True
    with pytest.raises(AccountLockedError) as caught:
        client().login(name, password)
    assert caught.value.status == 429 and caught.value.lockout_reason
    assert name in [entry[0] for entry in admin.list_lockouts()["locked_users"]]
    assert admin.unlock_user(name)["success"] is True
    assert admin.lockout_status(name)["status"]["locked"] is False
    client().login(name, password)
    with pytest.raises(NotFoundError):
        admin.unlock_user("never_seen_" + uuid.uuid4().hex[:8])


def test_custom_roles_define_assign_delete(admin, user):
    record, password = user
    role = "auditor_" + uuid.uuid4().hex[:8]
    assert admin.define_role(role, ["AuditRead"]) == {"name": role, "permissions": ["AuditRead"], "built_in": False}
    assert role in [r["name"] for r in admin.list_roles()]
    admin.set_user_roles(record["id"], [role])
    auditor = client()
    auditor.login(record["username"], password)
    auditor.query_audit_logs(limit=1)
    with pytest.raises(PermissionDeniedError):
        auditor.list_users()
    with pytest.raises(ValidationError):
        admin.define_role("Admin", ["AuditRead"])
    assert admin.delete_role(role)["success"] is True
    with pytest.raises(NotFoundError):
        admin.delete_role(role)


def test_rate_limit_policies_crud_and_429_with_retry(admin):
    name = "py-" + uuid.uuid4().hex[:8]
    with pytest.raises(ValidationError):
        admin.create_rate_limit_policy(name, "NotAType", 10, 60)
    policy = admin.create_rate_limit_policy(name, {"Custom": "/.well-known/jwks.json"}, 2, 2)
    try:
        assert policy["endpoint_type"] == {"Custom": "/.well-known/jwks.json"}
        assert admin.get_rate_limit_policy(policy["id"])["max_requests"] == 2
        assert policy["id"] in [p["id"] for p in admin.list_rate_limit_policies()]
        anonymous = client()
        with pytest.raises(RateLimitError) as caught:
            for _ in range(5):
                anonymous.jwks()
        error = caught.value
        assert error.status == 429 and error.limit == 2 and error.remaining == 0
        assert error.retry_after is not None and 0 < error.retry_after <= 2
        patient = client(max_retries=4, max_backoff=3)
        assert patient.jwks()["keys"]  # waits Retry-After, then succeeds
        updated = admin.update_rate_limit_policy(policy["id"], max_requests=1000, enabled=True)
        assert updated["max_requests"] == 1000
        anonymous.jwks()
        assert anonymous.last_rate_limit["limit"] == 1000
    finally:
        admin.delete_rate_limit_policy(policy["id"])
    with pytest.raises(NotFoundError):
        admin.get_rate_limit_policy(policy["id"])


def test_revoke_and_revoke_all(admin, user):
    record, password = user
    db = client()
    db.login(record["username"], password)
    result = db.revoke_token(db.access_token)
    assert result["success"] is True and result["jti"]
    assert eventually(lambda: raw_status(f"/api/v1/users/{record['id']}", token=db.access_token) == 401)
    with pytest.raises(ValidationError):
        db.revoke_token("not-a-jwt")

    other = client()
    other.login(record["username"], password)
    outcome = admin.revoke_all(record["id"], reason="sdk test")
    assert outcome["success"] is True and outcome["user_id"] == record["id"]
    assert eventually(lambda: raw_status(f"/api/v1/users/{record['id']}", token=other.access_token) == 401)


def test_audit_queries_paginate_filter_and_the_chain_verifies(admin):
    # The platform's own events (admin login, user creations...) fill the trail; a fresh audit
    # consumer may still be catching up with the topic's history, so nothing here waits for one event.
    page = eventually(lambda: (lambda p: p if p["count"] >= 2 else None)(admin.query_audit_logs(limit=2)), timeout=60)
    assert page["count"] == len(page["events"]) == 2 and page["limit"] == 2 and page["next_cursor"]
    events = list(admin.iter_audit_logs(page_size=2, max_events=4))
    ids = [e["event_id"] for e in events]
    assert len(ids) == 4 and len(set(ids)) == 4  # two pages joined through next_cursor
    # New events may land between the two reads, so the pages are checked for order, not equality.
    assert [e["timestamp"] for e in events] == sorted((e["timestamp"] for e in events), reverse=True)
    kind = events[0]["event_type"]
    assert all(e["event_type"] == kind for e in admin.query_audit_logs(event_type=kind, limit=20)["events"])
    with pytest.raises(ValidationError):
        admin.query_audit_logs(result="maybe")
    # A closed window in the past: the range and its echo are checked without walking the whole
    # chain (a fresh audit service may still be ingesting the topics' history, and a full walk
    # can then exceed the edge's audit deadline -> 503, which the bounded retry absorbs).
    patient = client(timeout=60, max_retries=2, api_key=admin.create_api_key("verify")["key"])
    start, end = datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2000, 1, 2, tzinfo=timezone.utc)
    verdict = patient.verify_audit_log(start, end)
    assert verdict["ok"] is True and verdict["first_broken"] is None and verdict["checked"] == 0
    assert (verdict["from"], verdict["to"]) == ("2000-01-01T00:00:00.000Z", "2000-01-02T00:00:00.000Z")
    with pytest.raises(ValidationError):
        admin.verify_audit_log("yesterday")
