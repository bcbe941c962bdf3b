"""The Qilbee Security Platform client: authentication plus one typed method per REST route."""
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union
from urllib.parse import quote

from ._session import Credentials
from ._transport import RetryPolicy, Transport
from .errors import AuthenticationError
from .models import (
    ApiKey,
    AuditEvent,
    AuditPage,
    CreatedApiKey,
    EndpointType,
    Health,
    Jwks,
    LockoutEntry,
    LockoutList,
    LockResult,
    RateLimitInfo,
    RateLimitPolicy,
    RevokeAllResult,
    RevokeResult,
    Role,
    Success,
    TokenPair,
    User,
    UserList,
    VerifyResult,
)
from .version import __version__

Config = Union[str, Mapping[str, Any]]
TimeLike = Union[str, datetime, None]
_CONFIG_KEYS = {"uri", "api_key", "timeout", "verify_ssl", "max_retries", "backoff_factor", "max_backoff", "refresh_skew_seconds", "user_agent"}


class QilbeeSecurity:
    """Client of the edge's REST API.

    ``QilbeeSecurity("http://localhost:8080")`` or ``QilbeeSecurity({"uri": ..., "api_key": ...,
    "timeout": 30, "verify_ssl": True, "max_retries": 0})``; keyword arguments override the dict.
    Log in with :meth:`login` (JWT, refreshed automatically ``refresh_skew_seconds`` before expiry)
    or authenticate with an API key (:meth:`set_api_key`, sent as ``X-API-Key``).
    """

    def __init__(self, config: Config = "http://localhost:8080", **overrides: Any) -> None:
        settings: Dict[str, Any] = {"uri": config} if isinstance(config, str) else dict(config)
        settings.update(overrides)
        unknown = set(settings) - _CONFIG_KEYS
        if unknown:
            raise ValueError(f"unknown config keys: {', '.join(sorted(unknown))}")
        uri = str(settings.get("uri") or "http://localhost:8080")
        if not uri.startswith(("http://", "https://")):
            raise ValueError(f"uri must start with http:// or https://, got {uri!r}")
        retry = RetryPolicy(int(settings.get("max_retries", 0)), float(settings.get("backoff_factor", 0.5)), float(settings.get("max_backoff", 30.0)))
        self._http = Transport(uri, float(settings.get("timeout", 30.0)), bool(settings.get("verify_ssl", True)), retry, settings.get("user_agent") or f"qilbee-security-python/{__version__}")
        self.refresh_skew_seconds = float(settings.get("refresh_skew_seconds", 30.0))
        self._auth = Credentials()
        if settings.get("api_key"):
            self._auth.use_api_key(str(settings["api_key"]))

    # ---- state -------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self._http.base_url

    @property
    def auth_method(self) -> Optional[str]:
        """``"jwt"``, ``"api_key"`` or ``None``."""
        return self._auth.method

    def is_authenticated(self) -> bool:
        return self._auth.method is not None

    @property
    def access_token(self) -> Optional[str]:
        return self._auth.access_token

    @property
    def refresh_token(self) -> Optional[str]:
        return self._auth.refresh_token

    @property
    def user_id(self) -> Optional[str]:
        return self._auth.user_id

    @property
    def last_rate_limit(self) -> Optional[RateLimitInfo]:
        """``X-RateLimit-Limit/Remaining/Reset`` of the last rate-checked response."""
        return self._http.last_rate_limit

    @property
    def last_request_id(self) -> Optional[str]:
        return self._http.last_request_id

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "QilbeeSecurity":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- plumbing ----------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, json: Any = None, params: Optional[Mapping[str, Any]] = None, auth: bool = True) -> Any:
        if auth and self._auth.needs_refresh(self.refresh_skew_seconds):
            with self._auth.refresh_lock:
                if self._auth.needs_refresh(self.refresh_skew_seconds):
                    self.refresh()
        headers = self._auth.headers() if auth else {}
        return self._http.send(method, path, headers=headers, json=json, params=params)

    # ---- authentication ----------------------------------------------------------------------
    def login(self, username: str, password: str) -> TokenPair:
        """Logs in and switches this client to JWT authentication (any API key is dropped)."""
        pair: TokenPair = self._call("POST", "/api/v1/auth/login", json={"username": username, "password": password}, auth=False)
        self._auth.use_tokens(pair)
        return pair

    def refresh(self) -> TokenPair:
        """Rotates the refresh token: the server answers a new pair and the old refresh token
        becomes unusable (re-using it would revoke the whole family), so the new one is kept."""
        with self._auth.refresh_lock:
            token = self._auth.refresh_token
            if not token:
                raise AuthenticationError("no refresh token: log in first")
            pair: TokenPair = self._http.send("POST", "/api/v1/auth/refresh", headers={}, json={"refresh_token": token})
            self._auth.use_tokens(pair)
            return pair

    def logout(self) -> Success:
        """Revokes the access token and its refresh family on the server, then forgets them."""
        if not self._auth.access_token:
            self._auth.clear()
            return {"success": True, "message": "Not logged in"}
        try:
            result: Success = self._call("POST", "/api/v1/auth/logout")
        finally:
            self._auth.clear()
        return result

    def set_api_key(self, api_key: Optional[str]) -> None:
        """Switches to API-key authentication (``None`` = anonymous). Local JWTs are forgotten,
        not revoked: call :meth:`logout` first to revoke them."""
        self._auth.use_api_key(api_key)

    def revoke_token(self, token: str) -> RevokeResult:
        return self._call("POST", "/api/v1/auth/revoke", json={"token": token}, auth=False)

    def revoke_all(self, user_id: str, reason: Optional[str] = None) -> RevokeAllResult:
        return self._call("POST", "/api/v1/auth/revoke-all", json=_compact({"user_id": user_id, "reason": reason}))

    def jwks(self) -> Jwks:
        return self._call("GET", "/.well-known/jwks.json", auth=False)

    def health(self) -> Health:
        return self._call("GET", "/health", auth=False)

    def ready(self) -> Dict[str, Any]:
        return self._call("GET", "/ready", auth=False)

    # ---- users -------------------------------------------------------------------------------
    def create_user(self, username: str, email: str, password: str, roles: Optional[List[EndpointType]] = None) -> User:
        return self._call("POST", "/api/v1/users", json=_compact({"username": username, "email": email, "password": password, "roles": roles}))

    def list_users(self, *, limit: Optional[int] = None, cursor: Optional[str] = None, role: Optional[str] = None, status: Optional[str] = None) -> UserList:
        return self._call("GET", "/api/v1/users", params={"limit": limit, "cursor": cursor, "role": role, "status": status})

    def iter_users(self, *, page_size: int = 100, role: Optional[str] = None, status: Optional[str] = None) -> Iterator[User]:
        """Every user, page by page (follows ``next_cursor``)."""
        cursor: Optional[str] = None
        while True:
            page = self.list_users(limit=page_size, cursor=cursor, role=role, status=status)
            yield from page["users"]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def get_user(self, user_id: str) -> User:
        return self._call("GET", f"/api/v1/users/{_seg(user_id)}")

    def update_user(
        self,
        user_id: str,
        *,
        email: Optional[str] = None,
        password: Optional[str] = None,
        current_password: Optional[str] = None,
        is_active: Optional[bool] = None,
        roles: Optional[List[Any]] = None,
    ) -> User:
        body = _compact({"email": email, "password": password, "current_password": current_password, "is_active": is_active, "roles": roles})
        return self._call("PUT", f"/api/v1/users/{_seg(user_id)}", json=body)

    def delete_user(self, user_id: str) -> Success:
        return self._call("DELETE", f"/api/v1/users/{_seg(user_id)}")

    def set_user_roles(self, user_id: str, roles: List[Any]) -> User:
        return self._call("PUT", f"/api/v1/users/{_seg(user_id)}/roles", json={"roles": roles})

    # ---- API keys ----------------------------------------------------------------------------
    def create_api_key(self, name: str, *, expires_in_days: Optional[int] = None, permissions: Optional[List[str]] = None) -> CreatedApiKey:
        """Creates a key; ``result["key"]`` is the secret and is shown only this once."""
        return self._call("POST", "/api/v1/api-keys", json=_compact({"name": name, "expires_in_days": expires_in_days, "permissions": permissions}))

    def list_api_keys(self, *, include_revoked: bool = False, user_id: Optional[str] = None) -> List[ApiKey]:
        params = {"include_revoked": "true" if include_revoked else None, "user_id": user_id}
        return list(self._call("GET", "/api/v1/api-keys", params=params)["keys"])

    def revoke_api_key(self, key_id: str) -> Success:
        return self._call("DELETE", f"/api/v1/api-keys/{_seg(key_id)}")

    def rotate_api_key(
        self,
        current_key: str,
        *,
        new_name: Optional[str] = None,
        expires_in_days: Optional[int] = None,
        grace_period_seconds: Optional[int] = None,
    ) -> CreatedApiKey:
        """Replaces ``current_key`` (which the caller must own); it keeps working for
        ``grace_period_seconds`` (default 0). If this client authenticates with that key, it
        switches to the new one."""
        body = _compact({"current_key": current_key, "new_name": new_name, "expires_in_days": expires_in_days, "grace_period_seconds": grace_period_seconds})
        created: CreatedApiKey = self._call("POST", "/api/v1/api-keys/rotate", json=body)
        if self._auth.api_key == current_key:
            self._auth.use_api_key(created["key"])
        return created

    # ---- lockouts ----------------------------------------------------------------------------
    # ---- custom roles ------------------------------------------------------------------------
    def list_roles(self) -> List[Role]:
        """The built-in roles and the custom ones, each with its permissions."""
        return self._call("GET", "/api/v1/roles")["roles"]

    def define_role(self, name: str, permissions: List[str]) -> Role:
        """Creates or redefines a custom role (a named permission set); built-in roles cannot change."""
        return self._call("PUT", f"/api/v1/roles/{_seg(name)}", json={"permissions": permissions})

    def delete_role(self, name: str) -> Success:
        return self._call("DELETE", f"/api/v1/roles/{_seg(name)}")

    def list_lockouts(self) -> LockoutList:
        return self._call("GET", "/api/v1/lockouts")

    def lockout_status(self, username: str) -> LockoutEntry:
        return self._call("GET", f"/api/v1/lockouts/{_seg(username)}")

    def lock_user(self, username: str, reason: Optional[str] = None) -> LockResult:
        return self._call("POST", f"/api/v1/lockouts/{_seg(username)}/lock", json=_compact({"reason": reason}))

    def unlock_user(self, username: str) -> Success:
        return self._call("DELETE", f"/api/v1/lockouts/{_seg(username)}")

    # ---- rate-limit policies -----------------------------------------------------------------
    def create_rate_limit_policy(
        self,
        name: str,
        endpoint_type: EndpointType,
        max_requests: int,
        window_secs: int,
        *,
        enabled: bool = True,
        overrides: Optional[Dict[str, int]] = None,
        fail_open: Optional[bool] = None,
    ) -> RateLimitPolicy:
        body = _compact({"name": name, "endpoint_type": endpoint_type, "max_requests": max_requests, "window_secs": window_secs, "enabled": enabled, "overrides": overrides, "fail_open": fail_open})
        return self._call("POST", "/api/v1/rate-limits", json=body)

    def list_rate_limit_policies(self) -> List[RateLimitPolicy]:
        return list(self._call("GET", "/api/v1/rate-limits")["policies"])

    def get_rate_limit_policy(self, policy_id: str) -> RateLimitPolicy:
        return self._call("GET", f"/api/v1/rate-limits/{_seg(policy_id)}")

    def update_rate_limit_policy(self, policy_id: str, **fields: Any) -> RateLimitPolicy:
        """Any subset of ``name, endpoint_type, max_requests, window_secs, enabled, overrides,
        fail_open``; the change applies at once and resets the policy's buckets."""
        return self._call("PUT", f"/api/v1/rate-limits/{_seg(policy_id)}", json=fields)

    def delete_rate_limit_policy(self, policy_id: str) -> Success:
        return self._call("DELETE", f"/api/v1/rate-limits/{_seg(policy_id)}")

    # ---- audit -------------------------------------------------------------------------------
    def query_audit_logs(
        self,
        *,
        event_type: Optional[str] = None,
        user_id: Optional[str] = None,
        username: Optional[str] = None,
        action: Optional[str] = None,
        result: Optional[str] = None,
        ip_address: Optional[str] = None,
        start_time: TimeLike = None,
        end_time: TimeLike = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> AuditPage:
        """One page of the audit trail, newest first."""
        params = {
            "event_type": event_type, "user_id": user_id, "username": username, "action": action,
            "result": result, "ip_address": ip_address, "start_time": _time(start_time),
            "end_time": _time(end_time), "limit": limit, "cursor": cursor,
        }
        return self._call("GET", "/api/v1/audit-logs", params=params)

    def iter_audit_logs(self, *, page_size: int = 100, max_events: Optional[int] = None, **filters: Any) -> Iterator[AuditEvent]:
        """Every matching event, newest first, following ``next_cursor`` page by page."""
        filters.pop("cursor", None)
        cursor: Optional[str] = None
        seen = 0
        while True:
            page = self.query_audit_logs(limit=page_size, cursor=cursor, **filters)
            for event in page["events"]:
                if max_events is not None and seen >= max_events:
                    return
                seen += 1
                yield event
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def verify_audit_log(self, start: TimeLike = None, end: TimeLike = None) -> VerifyResult:
        """Checks the hash chain of the audit trail between ``start`` and ``end``."""
        return self._call("GET", "/api/v1/audit-logs/verify", params={"from": _time(start), "to": _time(end)})


def _compact(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def _seg(value: str) -> str:
    """One path segment, percent-encoded (a username or id can never change the route)."""
    return quote(str(value), safe="")


def _time(value: TimeLike) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
