"""Each method sends the documented method, path, query and body; iterators follow next_cursor."""
from datetime import datetime, timezone

from qilbee_security import QilbeeSecurity

RATE = {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "998", "X-RateLimit-Reset": "4"}


def test_paths_bodies_and_queries(stub):
    client = QilbeeSecurity(stub.url, api_key="k")
    for method, path in [
        ("POST", "/api/v1/users"), ("GET", "/api/v1/users/a%2Fb"), ("PUT", "/api/v1/users/u1"), ("DELETE", "/api/v1/users/u1"),
        ("PUT", "/api/v1/users/u1/roles"), ("POST", "/api/v1/api-keys"), ("DELETE", "/api/v1/api-keys/k1"),
        ("GET", "/api/v1/lockouts/bob"), ("POST", "/api/v1/lockouts/bob/lock"), ("DELETE", "/api/v1/lockouts/bob"),
        ("POST", "/api/v1/rate-limits"), ("PUT", "/api/v1/rate-limits/p1"), ("DELETE", "/api/v1/rate-limits/p1"),
        ("GET", "/api/v1/rate-limits/p1"), ("POST", "/api/v1/auth/revoke-all"), ("POST", "/api/v1/auth/revoke"),
        ("GET", "/api/v1/audit-logs/verify"), ("GET", "/.well-known/jwks.json"), ("GET", "/api/v1/lockouts"),
        ("PUT", "/api/v1/roles/auditor"), ("DELETE", "/api/v1/roles/auditor"),
    ]:
        stub.on(method, path, (200, {"ok": True}, {}))
    stub.on("GET", "/api/v1/api-keys", (200, {"keys": [{"id": "k1"}], "api_keys": [{"id": "k1"}]}, {}))
    stub.on("GET", "/api/v1/rate-limits", (200, {"policies": [{"id": "p1"}]}, {}))
    stub.on("GET", "/api/v1/roles", (200, {"roles": [{"name": "Read", "permissions": ["GraphRead"], "built_in": True}]}, {}))

    client.create_user("bob", "bob@example.com", "Pw!1234567890", roles=["Developer"])
    client.get_user("a/b")  # one path segment, whatever the id contains
    client.update_user("u1", password="New!Pw1234567", current_password="Old!Pw1234567")
    client.delete_user("u1")
    client.set_user_roles("u1", ["Agent", {"Custom": "ops"}])
    client.create_api_key("ci", expires_in_days=30, permissions=["GraphRead"])
    assert client.list_api_keys(include_revoked=True, user_id="u2") == [{"id": "k1"}]
    client.revoke_api_key("k1")
    client.list_lockouts()
    client.lockout_status("bob")
    client.lock_user("bob", reason="incident")
    client.unlock_user("bob")
    client.create_rate_limit_policy("p", {"Custom": "/graphs"}, 10, 60, enabled=False)
    assert client.list_rate_limit_policies() == [{"id": "p1"}]
    client.get_rate_limit_policy("p1")
    client.update_rate_limit_policy("p1", max_requests=5)
    client.delete_rate_limit_policy("p1")
    client.revoke_all("u1", reason="stolen laptop")
    client.revoke_token("tok")
    client.verify_audit_log(datetime(2026, 1, 1, tzinfo=timezone.utc), "2026-02-01T00:00:00Z")
    client.jwks()
    assert client.list_roles() == [{"name": "Read", "permissions": ["GraphRead"], "built_in": True}]
    client.define_role("auditor", ["AuditRead"])
    client.delete_role("auditor")

    bodies = {(r.method, r.path): r.body for r in stub.requests}
    assert bodies[("POST", "/api/v1/users")] == {"username": "bob", "email": "bob@example.com", "password": "Pw!1234567890", "roles": ["Developer"]}
    assert bodies[("PUT", "/api/v1/users/u1")] == {"password": "New!Pw1234567", "current_password": "Old!Pw1234567"}
    assert bodies[("PUT", "/api/v1/users/u1/roles")] == {"roles": ["Agent", {"Custom": "ops"}]}
    assert bodies[("POST", "/api/v1/api-keys")] == {"name": "ci", "expires_in_days": 30, "permissions": ["GraphRead"]}
    assert bodies[("POST", "/api/v1/lockouts/bob/lock")] == {"reason": "incident"}
    assert bodies[("POST", "/api/v1/rate-limits")] == {"name": "p", "endpoint_type": {"Custom": "/graphs"}, "max_requests": 10, "window_secs": 60, "enabled": False}
    assert bodies[("PUT", "/api/v1/rate-limits/p1")] == {"max_requests": 5}
    assert bodies[("POST", "/api/v1/auth/revoke-all")] == {"user_id": "u1", "reason": "stolen laptop"}
    assert bodies[("POST", "/api/v1/auth/revoke")] == {"token": "tok"}
    assert bodies[("PUT", "/api/v1/roles/auditor")] == {"permissions": ["AuditRead"]}
    keys = stub.calls("GET", "/api/v1/api-keys")[0]
    assert keys.query == {"include_revoked": ["true"], "user_id": ["u2"]}
    verify = stub.calls("GET", "/api/v1/audit-logs/verify")[0]
    assert verify.query == {"from": ["2026-01-01T00:00:00Z"], "to": ["2026-02-01T00:00:00Z"]}
    assert stub.calls("GET", "/.well-known/jwks.json")[0].header("X-API-Key") is None
    assert all(r.header("User-Agent").startswith("qilbee-security-python/0.2.0") for r in stub.requests)


def test_audit_iterator_follows_next_cursor_and_keeps_filters(stub):
    pages = [
        (200, {"events": [{"event_id": "e1"}, {"event_id": "e2"}], "count": 2, "limit": 2, "next_cursor": "c1"}, {}),
        (200, {"events": [{"event_id": "e3"}], "count": 1, "limit": 2, "next_cursor": None}, {}),
    ]
    stub.on("GET", "/api/v1/audit-logs", pages)
    client = QilbeeSecurity(stub.url, api_key="k")
    ids = [e["event_id"] for e in client.iter_audit_logs(page_size=2, event_type="login", result="success")]
    assert ids == ["e1", "e2", "e3"]
    first, second = stub.calls("GET", "/api/v1/audit-logs")
    assert first.query == {"limit": ["2"], "event_type": ["login"], "result": ["success"]}
    assert second.query == {"limit": ["2"], "event_type": ["login"], "result": ["success"], "cursor": ["c1"]}


def test_audit_iterator_stops_at_max_events(stub):
    stub.on("GET", "/api/v1/audit-logs", (200, {"events": [{"event_id": "e1"}, {"event_id": "e2"}], "count": 2, "limit": 2, "next_cursor": "c"}, {}))
    client = QilbeeSecurity(stub.url, api_key="k")
    assert len(list(client.iter_audit_logs(page_size=2, max_events=3))) == 3
    assert len(stub.requests) == 2


def test_user_iterator_follows_next_cursor(stub):
    stub.on("GET", "/api/v1/users", [(200, {"users": [{"id": "1"}], "next_cursor": "c"}, {}), (200, {"users": [{"id": "2"}], "next_cursor": None}, {})])
    assert [u["id"] for u in QilbeeSecurity(stub.url, api_key="k").iter_users(page_size=1)] == ["1", "2"]


def test_rate_limit_headers_of_the_last_response_are_exposed(stub):
    stub.on("GET", "/api/v1/users", (200, {"users": [], "next_cursor": None}, RATE))
    client = QilbeeSecurity(stub.url, api_key="k")
    client.list_users(limit=5)
    assert client.last_rate_limit == {"limit": 1000, "remaining": 998, "reset": 4}
    assert client.last_request_id == "req-1"
