"""Optional retries on 429/503: bounded, honouring Retry-After, never on a locked account."""
import pytest

from qilbee_security import AccountLockedError, QilbeeSecurity, RateLimitError, RetryPolicy, ServiceUnavailableError
from stub_server import problem, token_pair

LIMITED = (429, problem(429, "rate_limited", "Too Many Requests"), {"Retry-After": "3"})
DOWN = (503, problem(503, "unavailable", "identity unavailable"), {})
OK = (200, {"users": [], "next_cursor": None}, {})


def client_with(stub, **config):
    client = QilbeeSecurity(stub.url, api_key="k", **config)
    client.slept = []
    client._http.sleep = client.slept.append
    return client


def test_no_retry_by_default(stub):
    stub.on("GET", "/api/v1/users", [LIMITED, OK])
    client = client_with(stub)
    with pytest.raises(RateLimitError):
        client.list_users()
    assert len(stub.requests) == 1 and client.slept == []


def test_429_is_retried_after_the_retry_after_delay(stub):
    stub.on("GET", "/api/v1/users", [LIMITED, LIMITED, OK])
    client = client_with(stub, max_retries=3)
    assert client.list_users()["users"] == []
    assert len(stub.requests) == 3 and client.slept == [3.0, 3.0]


def test_retries_are_bounded_and_the_last_error_is_raised(stub):
    stub.on("GET", "/api/v1/users", [LIMITED])
    client = client_with(stub, max_retries=2)
    with pytest.raises(RateLimitError):
        client.list_users()
    assert len(stub.requests) == 3 and len(client.slept) == 2


def test_503_without_retry_after_backs_off_exponentially_capped(stub):
    stub.on("GET", "/api/v1/users", [DOWN, DOWN, DOWN, DOWN, OK])
    client = client_with(stub, max_retries=4, backoff_factor=0.5, max_backoff=1.5)
    client.list_users()
    assert client.slept == [0.5, 1.0, 1.5, 1.5]


def test_retry_after_is_capped_by_max_backoff(stub):
    stub.on("GET", "/api/v1/users", [(429, problem(429, "rate_limited", "x"), {"Retry-After": "3600"}), OK])
    client = client_with(stub, max_retries=1, max_backoff=2)
    client.list_users()
    assert client.slept == [2]


def test_503_is_not_retried_for_post(stub):
    stub.on("POST", "/api/v1/api-keys", [DOWN, (201, {"key": "k2"}, {})])
    client = client_with(stub, max_retries=3)
    with pytest.raises(ServiceUnavailableError):
        client.create_api_key("ci")
    assert len(stub.requests) == 1


def test_429_is_retried_for_post(stub):
    stub.on("POST", "/api/v1/auth/login", [LIMITED, (200, token_pair(1), {})])
    client = client_with(stub, max_retries=1)
    assert client.login("alice", "pw")["access_token"] == "access-1"


def test_locked_account_is_never_retried(stub):
    stub.on("POST", "/api/v1/auth/login", (429, problem(429, "account_locked", "locked", locked=True), {"Retry-After": "1"}))
    client = client_with(stub, max_retries=5)
    with pytest.raises(AccountLockedError):
        client.login("alice", "pw")
    assert len(stub.requests) == 1


def test_policy_rejects_negative_retries():
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
