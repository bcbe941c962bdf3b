"""Fixtures for driving the real `qilbeedb` SDK (PyPI) against a running Qilbee platform."""
import os
import uuid

import pytest
from qilbeedb import QilbeeDB

BASE_URL = os.environ["QILBEE_URL"]
ADMIN_USERNAME = os.environ["QILBEE_ADMIN_USERNAME"]
ADMIN_PASSWORD = os.environ["QILBEE_ADMIN_PASSWORD"]


def client(**config):
    """A fresh SDK client; tokens are not persisted to ~/.qilbeedb between tests."""
    return QilbeeDB({"uri": BASE_URL, "persist_tokens": False, "timeout": 15, **config})


def strong_password():
    return "Sdk!Pw9#" + uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def admin():
    db = client()
    db.login(ADMIN_USERNAME, ADMIN_PASSWORD)
    yield db
    db.logout()


@pytest.fixture()
def new_user(admin):
    """A Read user created through the SDK: (user dict, username, password)."""
    username = "sdk_" + uuid.uuid4().hex[:8]
    password = strong_password()
    user = admin.create_user(username, password, email=f"{username}@example.com", roles=["Read"])
    return user, username, password
