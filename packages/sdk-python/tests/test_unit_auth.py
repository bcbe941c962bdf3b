"""Login, rotating refresh, automatic refresh before expiry, logout and clean method switching."""
import pytest

from qilbee_security import AuthenticationError, QilbeeSecurity
from stub_server import problem, token_pair


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def rotating_refresh(stub):
    """The stub's refresh endpoint: token n -> pair n+1; any refresh token used twice is refused."""
    used = set()

    def reply(request):
        token = request.body["refresh_token"]
        if token in used:
            return 401, problem(401, "refresh_token_reused", "Refresh token reuse detected"), {}
        used.add(token)
        return 200, token_pair(int(token.split("-")[1]) + 1), {}

    stub.on("POST", "/api/v1/auth/refresh", reply)


def logged_in(stub, expires_in=900, **config):
    stub.on("POST", "/api/v1/auth/login", (200, token_pair(1, expires_in), {}))
    stub.on("GET", "/api/v1/api-keys", (200, {"keys": [], "api_keys": []}, {}))
    client = QilbeeSecurity(stub.url, **config)
    client._auth.clock = Clock()
    client.login("alice", "pw")
    return client


def test_login_stores_tokens_and_sends_bearer(stub):
    client = logged_in(stub)
    assert client.auth_method == "jwt" and client.user_id == "u-1" and client.is_authenticated()
    client.list_api_keys()
    request = stub.calls("GET", "/api/v1/api-keys")[0]
    assert request.header("Authorization") == "Bearer access-1" and request.header("X-API-Key") is None
    assert stub.calls("POST", "/api/v1/auth/login")[0].body == {"username": "alice", "password": "pw"}


def test_refresh_rotates_and_keeps_the_new_refresh_token(stub):
    rotating_refresh(stub)
    client = logged_in(stub)
    assert client.refresh()["access_token"] == "access-2"
    assert client.refresh()["access_token"] == "access-3"  # would be 401 if refresh-1 were re-sent
    sent = [r.body["refresh_token"] for r in stub.calls("POST", "/api/v1/auth/refresh")]
    assert sent == ["refresh-1", "refresh-2"]
    assert client.refresh_token == "refresh-3" and client.access_token == "access-3"


def test_refresh_does_not_send_credentials(stub):
    rotating_refresh(stub)
    client = logged_in(stub)
    client.refresh()
    request = stub.calls("POST", "/api/v1/auth/refresh")[0]
    assert request.header("Authorization") is None and request.header("X-API-Key") is None


def test_access_token_is_refreshed_automatically_shortly_before_expiry(stub):
    rotating_refresh(stub)
    client = logged_in(stub, expires_in=900, refresh_skew_seconds=30)
    clock = client._auth.clock
    clock.now += 869  # 31 s left: still fresh
    client.list_api_keys()
    assert stub.calls("POST", "/api/v1/auth/refresh") == []
    clock.now += 2  # 29 s left: refresh first, then call with the new token
    client.list_api_keys()
    assert len(stub.calls("POST", "/api/v1/auth/refresh")) == 1
    assert stub.calls("GET", "/api/v1/api-keys")[-1].header("Authorization") == "Bearer access-2"
    client.list_api_keys()  # the new token is valid for 900 s again
    assert len(stub.calls("POST", "/api/v1/auth/refresh")) == 1


def test_failed_automatic_refresh_raises_authentication_error(stub):
    stub.on("POST", "/api/v1/auth/refresh", (401, problem(401, "unauthenticated", "Refresh token revoked"), {}))
    client = logged_in(stub, expires_in=10)
    with pytest.raises(AuthenticationError):
        client.list_api_keys()
    assert stub.calls("GET", "/api/v1/api-keys") == []


def test_refresh_without_login_raises():
    with pytest.raises(AuthenticationError):
        QilbeeSecurity("http://127.0.0.1:9").refresh()


def test_logout_revokes_on_the_server_then_forgets_tokens(stub):
    stub.on("POST", "/api/v1/auth/logout", (200, {"success": True}, {}))
    client = logged_in(stub)
    assert client.logout() == {"success": True}
    request = stub.calls("POST", "/api/v1/auth/logout")[0]
    assert request.header("Authorization") == "Bearer access-1"
    assert client.auth_method is None and client.access_token is None and client.refresh_token is None
    client.list_api_keys()
    assert stub.calls("GET", "/api/v1/api-keys")[-1].header("Authorization") is None


def test_logout_forgets_tokens_even_when_the_server_refuses(stub):
    stub.on("POST", "/api/v1/auth/logout", (401, problem(401, "unauthenticated", "revoked"), {}))
    client = logged_in(stub)
    with pytest.raises(AuthenticationError):
        client.logout()
    assert client.auth_method is None


def test_set_api_key_replaces_the_bearer_completely(stub):
    client = logged_in(stub)
    client.set_api_key("qilbee_live_abc")
    client.list_api_keys()
    request = stub.calls("GET", "/api/v1/api-keys")[-1]
    assert request.header("X-API-Key") == "qilbee_live_abc" and request.header("Authorization") is None
    assert client.auth_method == "api_key" and client.refresh_token is None


def test_login_replaces_the_api_key(stub):
    stub.on("POST", "/api/v1/auth/login", (200, token_pair(1), {}))
    stub.on("GET", "/api/v1/api-keys", (200, {"keys": []}, {}))
    client = QilbeeSecurity({"uri": stub.url, "api_key": "qilbee_live_abc"})
    client.list_api_keys()
    assert stub.calls("GET", "/api/v1/api-keys")[0].header("X-API-Key") == "qilbee_live_abc"
    client.login("alice", "pw")
    assert stub.calls("POST", "/api/v1/auth/login")[0].header("X-API-Key") is None
    client.list_api_keys()
    request = stub.calls("GET", "/api/v1/api-keys")[-1]
    assert request.header("X-API-Key") is None and request.header("Authorization") == "Bearer access-1"


def test_set_api_key_none_makes_the_client_anonymous(stub):
    stub.on("GET", "/health", (200, {"status": "healthy", "version": "x", "uptime_seconds": 1}, {}))
    client = QilbeeSecurity(stub.url, api_key="k")
    client.set_api_key(None)
    client.health()
    assert client.auth_method is None and stub.requests[0].header("X-API-Key") is None


def test_rotating_the_key_in_use_switches_to_the_new_key(stub):
    stub.on("POST", "/api/v1/api-keys/rotate", (201, {"key": "qilbee_live_new", "id": "k2", "prefix": "p", "name": "n", "created_at": "t", "expires_at": None}, {}))
    stub.on("GET", "/api/v1/api-keys", (200, {"keys": []}, {}))
    client = QilbeeSecurity(stub.url, api_key="qilbee_live_old")
    client.rotate_api_key("qilbee_live_old", grace_period_seconds=60)
    assert stub.requests[0].body == {"current_key": "qilbee_live_old", "grace_period_seconds": 60}
    client.list_api_keys()
    assert stub.requests[-1].header("X-API-Key") == "qilbee_live_new"
