"""Exceptions raised by the SDK, one class per HTTP status family of the Qilbee REST contract.

Every error carries the RFC 9457 problem members the edge sends (``status``, ``code``, ``detail``),
the ``X-Request-ID`` of the call (quote it to operators), and the parsed ``body``.
"""
from typing import Any, Dict, List, Mapping, Optional


class QilbeeSecurityError(Exception):
    """Base class of every error raised by the SDK."""

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        detail: Optional[str] = None,
        request_id: Optional[str] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.detail = detail
        self.request_id = request_id
        self.body = body
        self.headers: Dict[str, str] = dict(headers or {})

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.code:
            parts.append(f"code={self.code}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " ".join(parts)


class NetworkError(QilbeeSecurityError):
    """The platform could not be reached (DNS, refused connection, timeout)."""


class AuthenticationError(QilbeeSecurityError):
    """401: no credentials, invalid credentials, or a revoked/expired token."""

    @property
    def failed_attempts(self) -> Optional[int]:
        return _member(self.body, "failed_attempts")

    @property
    def remaining_attempts(self) -> Optional[int]:
        return _member(self.body, "remaining_attempts")


class PermissionDeniedError(QilbeeSecurityError):
    """403: authenticated but not permitted."""


class NotFoundError(QilbeeSecurityError):
    """404: unknown resource (also another user's API key: ids cannot be probed)."""


class ConflictError(QilbeeSecurityError):
    """409: duplicate username/email, stale revision."""


class ValidationError(QilbeeSecurityError):
    """400/413/415: the request was refused as malformed; ``fields`` names every failed field."""

    @property
    def errors(self) -> List[Dict[str, str]]:
        """``[{"field", "message"}]`` for validation failures (empty otherwise)."""
        value = _member(self.body, "errors")
        return list(value) if isinstance(value, list) else []

    @property
    def fields(self) -> List[str]:
        return [str(e.get("field")) for e in self.errors if isinstance(e, dict)]

    @property
    def violations(self) -> List[str]:
        """Password-policy rule ids (``min_length``, ``uppercase``, ...) for ``weak_password``."""
        value = _member(self.body, "violations")
        return list(value) if isinstance(value, list) else []


class RateLimitError(QilbeeSecurityError):
    """429: rate limited (or account locked, see :class:`AccountLockedError`)."""

    @property
    def retry_after(self) -> Optional[float]:
        """Seconds to wait, from ``Retry-After`` (else the body's ``reset_in_seconds``)."""
        value = _number(_header(self.headers, "Retry-After"))
        if value is None:
            value = _number(_member(self.body, "reset_in_seconds"))
        return value

    @property
    def limit(self) -> Optional[int]:
        value = _number(_header(self.headers, "X-RateLimit-Limit"))
        return int(value) if value is not None else _member(self.body, "limit")

    @property
    def remaining(self) -> Optional[int]:
        value = _number(_header(self.headers, "X-RateLimit-Remaining"))
        return int(value) if value is not None else _member(self.body, "remaining")

    @property
    def reset(self) -> Optional[int]:
        """``X-RateLimit-Reset``: seconds until one request is allowed again."""
        value = _number(_header(self.headers, "X-RateLimit-Reset"))
        return int(value) if value is not None else _member(self.body, "reset_in_seconds")


class AccountLockedError(RateLimitError):
    """429 on login: the account is locked (``lockout_expires`` None = until an admin unlocks)."""

    @property
    def lockout_expires(self) -> Optional[str]:
        return _member(self.body, "lockout_expires")

    @property
    def lockout_remaining_seconds(self) -> Optional[int]:
        return _member(self.body, "lockout_remaining_seconds")

    @property
    def lockout_reason(self) -> Optional[str]:
        return _member(self.body, "lockout_reason")


class ServerError(QilbeeSecurityError):
    """5xx: the platform failed."""


class ServiceUnavailableError(ServerError):
    """503: a dependency of the platform is down; safe to retry later."""


def _member(body: Any, name: str) -> Any:
    return body.get(name) if isinstance(body, dict) else None


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _number(value: Any) -> Optional[float]:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def error_for(status: int, body: Any, headers: Mapping[str, str]) -> QilbeeSecurityError:
    """Maps one non-2xx response to the exception the caller catches."""
    problem = body if isinstance(body, dict) else {}
    detail = problem.get("detail") if isinstance(problem.get("detail"), str) else None
    message = problem.get("error") or detail or problem.get("title") or (body if isinstance(body, str) and body else f"HTTP {status}")
    kwargs: Dict[str, Any] = {
        "status": status,
        "code": problem.get("code") if isinstance(problem.get("code"), str) else None,
        "detail": detail,
        "request_id": _header(headers, "X-Request-ID"),
        "body": body,
        "headers": headers,
    }
    if status == 429:
        cls = AccountLockedError if problem.get("locked") is True else RateLimitError
        return cls(str(message), **kwargs)
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else QilbeeSecurityError
    return cls(str(message), **kwargs)


_BY_STATUS = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: ValidationError,
    415: ValidationError,
    503: ServiceUnavailableError,
}
