"""Every non-2xx status becomes the documented exception with the problem's members."""
import pytest

from qilbee_security import (
    AccountLockedError,
    AuthenticationError,
    ConflictError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    QilbeeSecurity,
    QilbeeSecurityError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
)
from stub_server import problem


@pytest.mark.parametrize(
    "status,code,cls",
    [
        (400, "validation_failed", ValidationError),
        (401, "unauthenticated", AuthenticationError),
        (403, "permission_denied", PermissionDeniedError),
        (404, "not_found", NotFoundError),
        (409, "duplicate_username", ConflictError),
        (413, "payload_too_large", ValidationError),
        (415, "unsupported_media_type", ValidationError),
        (429, "rate_limited", RateLimitError),
        (500, "internal", ServerError),
        (502, "bad_gateway", ServerError),
        (503, "unavailable", ServiceUnavailableError),
    ],
)
def test_status_maps_to_its_error_class(stub, status, code, cls):
    stub.on("GET", "/api/v1/users", (status, problem(status, code, f"boom {status}"), {}))
    client = QilbeeSecurity(stub.url, api_key="qilbee_live_x")
    with pytest.raises(cls) as caught:
        client.list_users()
    error = caught.value
    assert isinstance(error, QilbeeSecurityError)
    assert error.status == status and error.code == code and error.detail == f"boom {status}"
    assert error.request_id == "req-1"
    assert f"status={status}" in str(error)


def test_503_is_a_server_error_and_404_is_not():
    assert issubclass(ServiceUnavailableError, ServerError)
    assert not issubclass(NotFoundError, ServerError)


def test_validation_error_lists_failed_fields_and_password_violations(stub):
    body = problem(400, "validation_failed", "Invalid request", errors=[{"field": "email", "message": "Required"}, {"field": "roles.0", "message": "bad"}])
    weak = problem(400, "weak_password", "Password too weak", violations=["min_length", "digit"])
    stub.on("POST", "/api/v1/users", [(400, body, {}), (400, weak, {})])
    client = QilbeeSecurity(stub.url, api_key="k")
    with pytest.raises(ValidationError) as first:
        client.create_user("bob", "", "x")
    assert first.value.fields == ["email", "roles.0"]
    assert first.value.errors[0] == {"field": "email", "message": "Required"}
    with pytest.raises(ValidationError) as second:
        client.create_user("bob", "bob@example.com", "x")
    assert second.value.code == "weak_password" and second.value.violations == ["min_length", "digit"]
    assert second.value.fields == []


def test_rate_limit_error_carries_retry_after_and_limit_headers(stub):
    headers = {"Retry-After": "7", "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "7"}
    body = problem(429, "rate_limited", "Too Many Requests", message="slow down", limit=5, remaining=0, reset_in_seconds=7)
    stub.on("GET", "/api/v1/api-keys", (429, body, headers))
    with pytest.raises(RateLimitError) as caught:
        QilbeeSecurity(stub.url, api_key="k").list_api_keys()
    error = caught.value
    assert (error.retry_after, error.limit, error.remaining, error.reset) == (7.0, 5, 0, 7)
    assert not isinstance(error, AccountLockedError)


def test_locked_account_is_an_account_locked_error(stub):
    body = problem(429, "account_locked", "Account locked due to too many failed login attempts", locked=True,
                   lockout_expires="2030-01-01T00:00:00.000Z", lockout_remaining_seconds=900, lockout_reason="too many failures")
    stub.on("POST", "/api/v1/auth/login", (429, body, {"Retry-After": "900"}))
    with pytest.raises(AccountLockedError) as caught:
        QilbeeSecurity(stub.url).login("alice", "pw")
    assert caught.value.lockout_remaining_seconds == 900 and caught.value.retry_after == 900.0
    assert caught.value.message == "Account locked due to too many failed login attempts"


def test_login_failure_reports_attempts(stub):
    stub.on("POST", "/api/v1/auth/login", (401, problem(401, "invalid_credentials", "Invalid credentials", failed_attempts=2, remaining_attempts=3), {}))
    with pytest.raises(AuthenticationError) as caught:
        QilbeeSecurity(stub.url).login("alice", "wrong")
    assert (caught.value.failed_attempts, caught.value.remaining_attempts) == (2, 3)


def test_non_json_error_body_still_maps(stub):
    stub.on("GET", "/health", lambda r: (502, None, {}))
    with pytest.raises(ServerError) as caught:
        QilbeeSecurity(stub.url).health()
    assert caught.value.status == 502 and caught.value.code is None


def test_unreachable_platform_is_a_network_error():
    with pytest.raises(NetworkError):
        QilbeeSecurity("http://127.0.0.1:9", timeout=2).health()


def test_config_is_validated():
    with pytest.raises(ValueError):
        QilbeeSecurity({"uri": "http://x", "apikey": "typo"})
    with pytest.raises(ValueError):
        QilbeeSecurity("localhost:8080")
