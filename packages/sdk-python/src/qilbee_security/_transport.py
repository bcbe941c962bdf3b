"""HTTP plumbing: one place that sends a request, retries 429/503, and maps errors."""
import threading
import time
from typing import Any, Callable, Dict, Mapping, Optional

import requests

from .errors import NetworkError, error_for
from .models import RateLimitInfo

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class RetryPolicy:
    """Bounded retries on 429 (always safe: the edge refused before doing anything) and on 503
    for idempotent methods only (a POST that hit a down dependency might still have landed).

    The wait is ``Retry-After`` when the server sent one, else ``backoff_factor * 2**attempt``,
    capped at ``max_backoff`` seconds. A locked account (429 with ``locked: true``) is never retried.
    """

    def __init__(self, max_retries: int = 0, backoff_factor: float = 0.5, max_backoff: float = 30.0) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.max_retries = max_retries
        self.backoff_factor = backoff_factor
        self.max_backoff = max_backoff

    def delay(self, attempt: int, retry_after: Optional[str]) -> float:
        wait: Optional[float] = None
        if retry_after is not None:
            try:
                wait = max(0.0, float(retry_after))
            except ValueError:
                wait = None
        if wait is None:
            wait = self.backoff_factor * (2 ** attempt)
        return min(wait, self.max_backoff)

    def should_retry(self, method: str, status: int, body: Any, attempt: int) -> bool:
        if attempt >= self.max_retries:
            return False
        if status == 429:
            return not (isinstance(body, dict) and body.get("locked") is True)
        return status == 503 and method.upper() in IDEMPOTENT


class Transport:
    """Sends JSON requests to the edge. Credentials are passed per call, never stored on the
    ``requests.Session``, so switching authentication methods cannot leave a stale header."""

    def __init__(self, base_url: str, timeout: float, verify_ssl: bool, retry: RetryPolicy, user_agent: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.verify_ssl = verify_ssl
        self.retry = retry
        self.user_agent = user_agent
        self.session = requests.Session()
        self.sleep: Callable[[float], None] = time.sleep
        self.last_rate_limit: Optional[RateLimitInfo] = None
        self.last_request_id: Optional[str] = None
        self._lock = threading.Lock()

    def send(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        json: Any = None,
        params: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        attempt = 0
        while True:
            response = self._once(method, path, headers, json, params)
            body = _decode(response)
            self._remember(response)
            if response.status_code < 400:
                return body
            if not self.retry.should_retry(method, response.status_code, body, attempt):
                raise error_for(response.status_code, body, dict(response.headers))
            self.sleep(self.retry.delay(attempt, response.headers.get("Retry-After")))
            attempt += 1

    def _once(self, method: str, path: str, headers: Mapping[str, str], json: Any, params: Optional[Mapping[str, Any]]) -> requests.Response:
        all_headers: Dict[str, str] = {"Accept": "application/json", "User-Agent": self.user_agent, **headers}
        try:
            return self.session.request(
                method,
                self.base_url + path,
                headers=all_headers,
                json=json,
                params={k: v for k, v in (params or {}).items() if v is not None},
                timeout=self.timeout,
                verify=self.verify_ssl,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise NetworkError(f"{method} {path} failed: {exc}") from exc

    def _remember(self, response: requests.Response) -> None:
        with self._lock:
            self.last_request_id = response.headers.get("X-Request-ID")
            if "X-RateLimit-Limit" in response.headers:
                self.last_rate_limit = {
                    "limit": _int(response.headers.get("X-RateLimit-Limit")),
                    "remaining": _int(response.headers.get("X-RateLimit-Remaining")),
                    "reset": _int(response.headers.get("X-RateLimit-Reset")),
                }

    def close(self) -> None:
        self.session.close()


def _decode(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _int(value: Optional[str]) -> Optional[int]:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None
