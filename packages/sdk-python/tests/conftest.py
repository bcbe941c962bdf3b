import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Run from a source checkout without installing: fall back to ../src.
try:
    import qilbee_security  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

from stub_server import StubServer  # noqa: E402


@pytest.fixture()
def stub():
    with StubServer() as server:
        yield server
