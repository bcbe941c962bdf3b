"""The package is what pyproject.toml says, and (under npm test) the installed wheel is tested."""
import os

import qilbee_security


def test_version_and_public_names():
    assert qilbee_security.__version__ == "0.2.0"
    assert qilbee_security.Client is qilbee_security.QilbeeSecurity
    for name in qilbee_security.__all__:
        assert hasattr(qilbee_security, name)


def test_installed_wheel_is_the_one_under_test():
    if os.environ.get("QILBEE_SDK_EXPECT_INSTALLED") != "1":
        return
    assert "site-packages" in qilbee_security.__file__
    assert os.path.exists(os.path.join(os.path.dirname(qilbee_security.__file__), "py.typed"))
