"""Typed shapes of the platform's JSON bodies (as served by the edge, see GET /openapi.json).

They are ``TypedDict``s: the SDK returns the decoded JSON unchanged, so extra members the server may
add later are kept, and the values stay plain dicts that serialise as-is.
"""
from typing import Any, Dict, List, Optional, Tuple, TypedDict, Union

#: ``"Login" | "ApiKeyCreation" | "UserManagement" | "GeneralApi"`` or ``{"Custom": "/path"}``.
EndpointType = Union[str, Dict[str, str]]


class TokenPair(TypedDict):
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    username: str
    user_id: str


class _SuccessRequired(TypedDict):
    success: bool


class Success(_SuccessRequired, total=False):
    message: str


class RevokeResult(TypedDict):
    success: bool
    message: str
    jti: str


class RevokeAllResult(TypedDict):
    success: bool
    message: str
    user_id: str
    previously_revoked_count: int


class Jwks(TypedDict):
    keys: List[Dict[str, Any]]


class User(TypedDict):
    id: str
    username: str
    email: str
    roles: List[str]
    is_active: bool
    created_at: str
    updated_at: str
    last_login: Optional[str]


class UserList(TypedDict):
    users: List[User]
    next_cursor: Optional[str]


class _CreatedApiKeyRequired(TypedDict):
    key: str
    id: str
    prefix: str
    name: str
    created_at: str
    expires_at: Optional[str]


class CreatedApiKey(_CreatedApiKeyRequired, total=False):
    permissions: List[str]


class _ApiKeyRequired(TypedDict):
    id: str
    prefix: str
    name: str
    created_at: str
    expires_at: Optional[str]
    last_used: Optional[str]
    is_active: bool


class ApiKey(_ApiKeyRequired, total=False):
    permissions: List[str]
    user_id: str
    status: str


class LockoutStatus(TypedDict):
    locked: bool
    failed_attempts: int
    remaining_attempts: int
    lockout_expires: Optional[str]
    lockout_remaining_seconds: Optional[int]
    lockout_count: int
    lockout_reason: Optional[str]


class LockoutList(TypedDict):
    locked_users: List[Tuple[str, LockoutStatus]]
    count: int


class LockoutEntry(TypedDict):
    username: str
    status: LockoutStatus


class Role(TypedDict):
    name: str
    permissions: List[str]
    built_in: bool


class LockResult(TypedDict):
    success: bool
    message: str
    status: LockoutStatus


class _RateLimitPolicyRequired(TypedDict):
    id: str
    name: str
    endpoint_type: EndpointType
    max_requests: int
    window_secs: int
    enabled: bool
    created_at: str
    updated_at: str


class RateLimitPolicy(_RateLimitPolicyRequired, total=False):
    overrides: Dict[str, int]
    fail_open: bool


class _AuditEventRequired(TypedDict):
    event_id: str
    event_type: str
    timestamp: str
    user_id: Optional[str]
    username: Optional[str]
    action: str
    resource: Optional[str]
    result: str
    ip_address: Optional[str]
    user_agent: Optional[str]
    metadata: Dict[str, Any]
    transaction_time: str


class AuditEvent(_AuditEventRequired, total=False):
    sequence: int
    hash: str


class AuditPage(TypedDict):
    events: List[AuditEvent]
    count: int
    limit: int
    next_cursor: Optional[str]


class BrokenLink(TypedDict):
    event_id: str
    sequence: int
    reason: str


class VerifyResult(TypedDict):
    ok: bool
    checked: int
    first_broken: Optional[BrokenLink]
    to: Optional[str]
    # ``from`` is a Python keyword: read it as result["from"].


class Health(TypedDict):
    status: str
    version: str
    uptime_seconds: int


class RateLimitInfo(TypedDict):
    """The ``X-RateLimit-*`` values of the last rate-checked response."""

    limit: Optional[int]
    remaining: Optional[int]
    reset: Optional[int]
