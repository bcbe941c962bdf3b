"""Who the client is: an API key, or a JWT access token with its rotating refresh token."""
import threading
import time
from typing import Callable, Dict, Optional

from .models import TokenPair


class Credentials:
    """Exactly one authentication method at a time; switching replaces the other completely."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.api_key: Optional[str] = None
        self.access_token: Optional[str] = None
        self.refresh_token: Optional[str] = None
        self.access_expires_at: Optional[float] = None
        self.username: Optional[str] = None
        self.user_id: Optional[str] = None
        # Serialises refreshes: two threads must not both spend the same (single-use) refresh token.
        self.refresh_lock = threading.RLock()

    def use_api_key(self, key: Optional[str]) -> None:
        self.clear()
        self.api_key = key

    def use_tokens(self, pair: TokenPair) -> None:
        self.api_key = None
        self.access_token = pair["access_token"]
        self.refresh_token = pair["refresh_token"]
        self.access_expires_at = self.clock() + float(pair.get("expires_in") or 0)
        self.username = pair.get("username") or self.username
        self.user_id = pair.get("user_id") or self.user_id

    def clear(self) -> None:
        self.api_key = None
        self.access_token = None
        self.refresh_token = None
        self.access_expires_at = None
        self.username = None
        self.user_id = None

    @property
    def method(self) -> Optional[str]:
        if self.api_key:
            return "api_key"
        return "jwt" if self.access_token else None

    def needs_refresh(self, skew_seconds: float) -> bool:
        """True when the access token expires within ``skew_seconds`` and we can refresh it."""
        if not (self.access_token and self.refresh_token and self.access_expires_at is not None):
            return False
        return self.clock() >= self.access_expires_at - skew_seconds

    def headers(self) -> Dict[str, str]:
        if self.api_key:
            return {"X-API-Key": self.api_key}
        if self.access_token:
            return {"Authorization": f"Bearer {self.access_token}"}
        return {}
