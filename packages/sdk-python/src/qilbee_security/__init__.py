"""Python SDK of the Qilbee Security Platform (``pip install qilbee-security``).

>>> from qilbee_security import QilbeeSecurity
>>> client = QilbeeSecurity("http://localhost:8080")
>>> client.login("admin", "...")  # doctest: +SKIP
"""
from ._transport import RetryPolicy
from .client import QilbeeSecurity
from .errors import (
    AccountLockedError,
    AuthenticationError,
    ConflictError,
    NetworkError,
    NotFoundError,
    PermissionDeniedError,
    QilbeeSecurityError,
    RateLimitError,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
)
from .version import __version__

Client = QilbeeSecurity

__all__ = [
    "AccountLockedError",
    "AuthenticationError",
    "Client",
    "ConflictError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "QilbeeSecurity",
    "QilbeeSecurityError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "ValidationError",
    "__version__",
]
