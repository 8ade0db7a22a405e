"""Push tests keep VAPID key files in their own instance folder, never the checkout's (where a
developer's `flask push keys` may have written one, and parallel tests would see each other's)."""
import pytest


@pytest.fixture(autouse=True)
def own_instance_folder(request, tmp_path):
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        app.instance_path = str(tmp_path / "instance")
        (tmp_path / "instance").mkdir()
